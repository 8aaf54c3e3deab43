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
 */
public record Target(String name, String unit, Transform transform) {

    /** A target fitted on its own scale. */
    public Target(String name, String unit) {
        this(name, unit, Transform.NONE);
    }

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(transform, "transform");
        if (name.isBlank()) {
            throw new IllegalArgumentException("target name is blank");
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
