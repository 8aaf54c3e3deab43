package com.salaryml.artifact.schema;

import java.util.Objects;

/**
 * What a model predicts.
 *
 * @param name the name of the predicted quantity, e.g. {@code salary}
 * @param unit its unit, e.g. {@code USD}
 */
public record Target(String name, String unit) {

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (name.isBlank()) {
            throw new IllegalArgumentException("target name is blank");
        }
    }
}
