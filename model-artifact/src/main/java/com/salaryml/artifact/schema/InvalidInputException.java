package com.salaryml.artifact.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when the values given to a {@link Predictor} are not acceptable: a feature is missing, unknown,
 * not a finite number or outside its valid range. It carries every problem found, one {@link FieldError}
 * per field, so a caller can report them all at once.
 */
public final class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(describe(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, in the order of the model's features. Never empty. */
    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
