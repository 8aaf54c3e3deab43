package com.salaryml.artifact.schema;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One input of a model: a number with its unit and valid range, or a category with its levels; and what the
 * model does when it is missing.
 *
 * <p>The valid range is a contract, not a statistic: a value outside {@code [min, max]} is rejected as bad
 * input, wherever it comes from. A category is one of its declared levels, or it is rejected likewise.
 *
 * <p>Inside a model every input is a number: a category is its level's code, the level's index in
 * {@link #levels()} (0 is the first level, the reference level of a linear model). So a categorical feature's
 * range is {@code 0} to the number of levels less one, and its example is a code.
 *
 * @param name        the name callers use for this input, e.g. {@code experience}
 * @param unit        the unit a person reads, e.g. {@code years}; empty for a category
 * @param description one sentence for people, e.g. shown as help text beside a form field
 * @param min         the smallest valid value, inclusive; 0 for a category
 * @param max         the largest valid value, inclusive; the last level's code for a category
 * @param example     a typical value the data scientist chose for examples (in the API's documentation and error
 *                    messages), inside the valid range (a level's code for a category); {@code null} when the
 *                    model file gives none
 * @param levels      a category's levels, at least two, each a distinct non-blank text; empty for a number
 * @param missing     what the model does when this input is missing
 */
public record Feature(String name, String unit, String description, double min, double max, Double example,
                      List<String> levels, Missing missing) {

    /** The most levels a category may have: as many as a distribution has bins, so drift is watched per level. */
    public static final int MAX_LEVELS = 100;

    /** A numeric input without an example value, refused when missing. */
    public Feature(String name, String unit, String description, double min, double max) {
        this(name, unit, description, min, max, null);
    }

    /** A numeric input, refused when missing. */
    public Feature(String name, String unit, String description, double min, double max, Double example) {
        this(name, unit, description, min, max, example, List.of(), Missing.REFUSE);
    }

    public Feature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(missing, "missing");
        levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
        if (name.isBlank()) {
            throw new IllegalArgumentException("feature name is blank");
        }
        if (!levels.isEmpty()) {
            checkLevels(name, levels);
            if (min != 0 || max != levels.size() - 1) {
                throw new IllegalArgumentException("feature " + name + ": a category's range is its levels' codes,"
                        + " 0 to " + (levels.size() - 1) + ", was [" + min + ", " + max + "]");
            }
            if (example != null && !isCode(example, levels.size())) {
                throw new IllegalArgumentException("feature " + name + ": example " + example
                        + " must be the code of one of its " + levels.size() + " levels");
            }
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException(
                    "feature " + name + ": valid range must be finite with min <= max, was [" + min + ", " + max + "]");
        }
        if (example != null && !(example >= min && example <= max)) {
            throw new IllegalArgumentException("feature " + name + ": example " + example
                    + " must lie in the valid range " + Numbers.plain(min) + " to " + Numbers.plain(max));
        }
        if (!missing.rule().appliesTo(!levels.isEmpty())) {
            throw new IllegalArgumentException("feature " + name + ": missing value rule " + missing.rule().id()
                    + " does not apply to a " + (levels.isEmpty() ? "number" : "category"));
        }
        if (missing.fills() && !(missing.value() >= min && missing.value() <= max)
                || !levels.isEmpty() && missing.fills() && !isCode(missing.value(), levels.size())) {
            throw new IllegalArgumentException("feature " + name + ": the value used for a missing one, "
                    + missing.value() + ", must lie in the valid range " + Numbers.plain(min) + " to "
                    + Numbers.plain(max));
        }
    }

    /**
     * A categorical input.
     *
     * @param levels  its levels, the first the reference level of a linear model
     * @param example the code of the level used in examples, or {@code null}
     * @param missing what the model does when it is missing
     */
    public static Feature categorical(String name, String description, List<String> levels, Integer example,
                                      Missing missing) {
        return new Feature(name, "", description, 0, Math.max(0, levels.size() - 1),
                example == null ? null : example.doubleValue(), levels, missing);
    }

    /** The same feature with another rule for missing values. */
    public Feature withMissing(Missing rule) {
        return new Feature(name, unit, description, min, max, example, levels, rule);
    }

    /** Whether this input is a category rather than a number. */
    public boolean isCategorical() {
        return !levels.isEmpty();
    }

    /** The code of a level: its index in {@link #levels()}; empty if the feature has no such level. */
    public OptionalInt code(String level) {
        int code = levels.indexOf(level);
        return code < 0 ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** The level a code stands for. */
    public String level(int code) {
        return levels.get(code);
    }

    /** Whether {@code value} lies inside the valid range: for a category, whether it is a level's code. */
    public boolean accepts(double value) {
        return isCategorical() ? isCode(value, levels.size()) : value >= min && value <= max;
    }

    /** The valid values in words, e.g. {@code "0 to 10 points"} or {@code "one of AsstProf, AssocProf, Prof"}. */
    public String rangeText() {
        return isCategorical() ? "one of " + String.join(", ", levels)
                : Numbers.plain(min) + " to " + Numbers.plain(max) + " " + unit;
    }

    /** A value as a person reads it: a number with its unit, or a level. */
    public String valueText(double value) {
        return isCategorical() ? level((int) value) : Numbers.plain(value) + " " + unit;
    }

    private static boolean isCode(double value, int levels) {
        return value >= 0 && value < levels && value == Math.rint(value);
    }

    private static void checkLevels(String name, List<String> levels) {
        if (levels.size() < 2 || levels.size() > MAX_LEVELS) {
            throw new IllegalArgumentException("feature " + name + ": a category has 2 to " + MAX_LEVELS
                    + " levels, was " + levels.size());
        }
        var seen = new java.util.HashSet<String>();
        for (String level : levels) {
            if (level == null || level.isBlank() || !level.equals(level.strip())) {
                throw new IllegalArgumentException("feature " + name + ": a level must be non-blank text without"
                        + " spaces around it, was " + (level == null ? "null" : "\"" + level + "\""));
            }
            if (!seen.add(level)) {
                throw new IllegalArgumentException("feature " + name + ": level \"" + level + "\" appears twice");
            }
        }
    }
}
