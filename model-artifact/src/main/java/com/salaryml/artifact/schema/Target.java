package com.salaryml.artifact.schema;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model predicts.
 *
 * @param name      the name of the predicted quantity, e.g. {@code salary}
 * @param unit      its unit, e.g. {@code USD}: the unit of every estimate the model serves, whatever the
 *                  transform
 * @param transform the scale the model was fitted on: {@link Transform#NONE}, or {@link Transform#LOG} for a
 *                  model of the logarithm of the target, whose estimates are served back in {@code unit}
 * @param range     the values the target may take, as the data's schema declares them (a salary is 0 or more):
 *                  what training accepted, and so what a reported outcome may be
 */
public record Target(String name, String unit, Transform transform, Range range) {

    /** A target fitted on its own scale, of any value. */
    public Target(String name, String unit) {
        this(name, unit, Transform.NONE);
    }

    /** A target of any value. */
    public Target(String name, String unit, Transform transform) {
        this(name, unit, transform, Range.ANY);
    }

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(range, "range");
        if (name.isBlank()) {
            throw new IllegalArgumentException("target name is blank");
        }
    }

    /** This target with {@code range}. */
    public Target withRange(Range range) {
        return new Target(name, unit, transform, range);
    }

    /**
     * Why {@code value} cannot be a value of this target, as "is below ...", "is above ..." or "must be above 0
     * ...", naming the bound and the unit; empty if it can be. A log target needs values above 0 whatever its range.
     */
    public Optional<String> problem(double value) {
        if (!Double.isFinite(value)) {
            return Optional.of("must be a finite number");
        }
        Optional<String> outside = rangeProblem(value);
        if (outside.isPresent()) {
            return outside;
        }
        if (!transform.accepts(value)) {
            return Optional.of("must be above 0: the model is fitted on the log of " + name);
        }
        return Optional.empty();
    }

    /** Why {@code value} lies outside {@link #range}, naming the bound and the unit; empty if it lies inside. */
    public Optional<String> rangeProblem(double value) {
        if (range.min() != null && value < range.min()) {
            return Optional.of(range.max() == null ? "is below " + Numbers.plain(range.min()) + ", the smallest valid "
                    + name + " (" + unit + ")" : "is outside the valid range " + rangeText());
        }
        if (range.max() != null && value > range.max()) {
            return Optional.of(range.min() == null ? "is above " + Numbers.plain(range.max()) + ", the largest valid "
                    + name + " (" + unit + ")" : "is outside the valid range " + rangeText());
        }
        return Optional.empty();
    }

    private String rangeText() {
        return Numbers.plain(range.min()) + " to " + Numbers.plain(range.max()) + " " + unit;
    }

    /**
     * The values a target may take: each bound inclusive, or absent.
     *
     * @param min the smallest valid value, or {@code null} for none
     * @param max the largest valid value, or {@code null} for none
     */
    public record Range(Double min, Double max) {

        /** No bound at all: any finite value. */
        public static final Range ANY = new Range(null, null);

        public Range {
            if (min != null && !Double.isFinite(min) || max != null && !Double.isFinite(max)) {
                throw new IllegalArgumentException("a target's min and max are finite numbers; was min " + min
                        + ", max " + max);
            }
            if (min != null && max != null && !(min < max)) {
                throw new IllegalArgumentException("min " + Numbers.plain(min) + " must be below max "
                        + Numbers.plain(max));
            }
        }

        /** Whether either bound is given. */
        public boolean bounded() {
            return min != null || max != null;
        }
    }

    /**
     * The scale a model is fitted on. A model of {@code log(salary)} predicts a log; the estimate it serves is
     * {@code exp} of that, which is the median of the salary (not its mean) when the log's errors are symmetric,
     * and an interval's ends are exponentiated the same way, so they keep their coverage and are never negative.
     */
    public enum Transform {
        /** The target itself. */
        NONE("none"),
        /** The natural logarithm; every target value must be above 0. */
        LOG("log");

        private final String id;

        Transform(String id) {
            this.id = id;
        }

        /** As a schema or model file spells it. */
        public String id() {
            return id;
        }

        /** The transform a file spells {@code id}, if any. */
        public static Optional<Transform> byId(String id) {
            return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
        }

        /** Every transform's spelling, for a message that lists them. */
        public static String ids() {
            return String.join(", ", Arrays.stream(values()).map(Transform::id).toList());
        }

        /** A target value on the scale the model is fitted on. */
        public double apply(double value) {
            return this == LOG ? Math.log(value) : value;
        }

        /** A value on the fitted scale back in the target's unit. */
        public double invert(double fitted) {
            return this == LOG ? Math.exp(fitted) : fitted;
        }

        /** Whether a target value can be transformed: every value can, but a log needs it above 0. */
        public boolean accepts(double value) {
            return this != LOG || value > 0;
        }
    }
}
