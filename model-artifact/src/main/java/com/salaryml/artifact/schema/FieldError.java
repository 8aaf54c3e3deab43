package com.salaryml.artifact.schema;

import java.util.Objects;

/**
 * What is wrong with one input field.
 *
 * @param field   the field's name or path, e.g. {@code experience} or {@code instances[3].test_score}
 * @param message what is wrong, in words a caller can act on, without repeating the field name
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** The same error for a field nested under {@code prefix}, e.g. {@code instances[2]}. */
    public FieldError under(String prefix) {
        return new FieldError(prefix + "." + field, message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
