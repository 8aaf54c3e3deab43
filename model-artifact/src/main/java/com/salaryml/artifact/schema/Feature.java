package com.salaryml.artifact.schema;

import java.util.Objects;

/**
 * One input of a model: its name, its unit and the range of values the model accepts.
 *
 * <p>The valid range is a contract, not a statistic: a value outside {@code [min, max]} is rejected
 * as bad input, wherever it comes from.
 *
 * @param name        the name callers use for this input, e.g. {@code experience}
 * @param unit        the unit a person reads, e.g. {@code years}
 * @param description one sentence for people, e.g. shown as help text beside a form field
 * @param min         the smallest valid value, inclusive
 * @param max         the largest valid value, inclusive
 * @param example     a typical value the data scientist chose for examples (in the API's documentation and error
 *                    messages), inside the valid range; {@code null} when the model file gives none
 */
public record Feature(String name, String unit, String description, double min, double max, Double example) {

    /** An input without an example value. */
    public Feature(String name, String unit, String description, double min, double max) {
        this(name, unit, description, min, max, null);
    }

    public Feature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(description, "description");
        if (name.isBlank()) {
            throw new IllegalArgumentException("feature name is blank");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException(
                    "feature " + name + ": valid range must be finite with min <= max, was [" + min + ", " + max + "]");
        }
        if (example != null && !(example >= min && example <= max)) {
            throw new IllegalArgumentException("feature " + name + ": example " + example
                    + " must lie in the valid range " + Numbers.plain(min) + " to " + Numbers.plain(max));
        }
    }

    /** Whether {@code value} lies inside the valid range. NaN and infinities never do. */
    public boolean accepts(double value) {
        return value >= min && value <= max;
    }

    /** The valid range in words, e.g. {@code "0 to 10 points"}. */
    public String rangeText() {
        return Numbers.plain(min) + " to " + Numbers.plain(max) + " " + unit;
    }
}
