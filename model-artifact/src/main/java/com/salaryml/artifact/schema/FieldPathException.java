package com.salaryml.artifact.schema;

/**
 * An {@link IllegalArgumentException} that knows which field it is about, as a path relative to the value
 * being built, e.g. {@code trees[3].nodes[17].left}. The model file reader puts the path of that value in
 * front, so a file's error names the whole path: {@code model.trees[3].nodes[17].left}.
 */
public final class FieldPathException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    /**
     * @param path    where the problem is, relative to the value being built, e.g. {@code nodes[17].left}
     * @param problem what is wrong there
     */
    public FieldPathException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** Where the problem is, relative to the value being built. */
    public String path() {
        return path;
    }

    /** What is wrong there. */
    public String problem() {
        return problem;
    }

    /** The same problem one level further out, e.g. {@code trees[3]} in front of {@code nodes[17].left}. */
    public FieldPathException under(String prefix) {
        return new FieldPathException(prefix + "." + path, problem);
    }
}
