package com.salaryml.artifact.format;

import java.util.Objects;

/**
 * Thrown when a model file or model JAR cannot be loaded. The message names the source (a file path or
 * resource) and the problem: an unknown format version, a missing field, a number that is not finite,
 * a coefficient count that does not match the features, a digest mismatch, or unreadable bytes.
 */
public final class ModelLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;

    public ModelLoadException(String source, String problem) {
        super(source + ": " + problem);
        this.source = Objects.requireNonNull(source, "source");
    }

    public ModelLoadException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The file path or resource that failed to load. */
    public String source() {
        return source;
    }
}
