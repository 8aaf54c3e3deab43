package com.salaryml.artifact.format;

/** One problem in a model file's content; {@link ModelFormat} turns it into a {@link ModelLoadException}. */
final class ModelFormatProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ModelFormatProblem(String message) {
        super(message);
    }
}
