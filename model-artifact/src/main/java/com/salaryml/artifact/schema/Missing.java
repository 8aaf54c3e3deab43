package com.salaryml.artifact.schema;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model does when an input is missing: refuse it, or use a value computed on the training rows.
 *
 * <p>The value is part of the model, like a coefficient: it is computed once, when the model is trained, and
 * travels in the model file, so that the server fills a gap exactly as training did. For a categorical feature it
 * is a level's code (its index in {@link Feature#levels()}).
 *
 * @param rule  what to do
 * @param value the value used in place of a missing one: NaN when the rule is {@link Rule#REFUSE}, otherwise the
 *              training statistic, finite
 */
public record Missing(Rule rule, double value) {

    /** A missing value is refused, naming the field: the default. */
    public static final Missing REFUSE = new Missing(Rule.REFUSE, Double.NaN);

    /** What to do with a missing value; each spelled as in a schema or model file. */
    public enum Rule {
        /** Refuse the input, naming the field. */
        REFUSE("refuse"),
        /** Use the median of the training rows' values. */
        MEDIAN("median"),
        /** Use the mean of the training rows' values. */
        MEAN("mean"),
        /** Use the level most training rows have (categorical features only). */
        MOST_FREQUENT("most_frequent");

        private final String id;

        Rule(String id) {
            this.id = id;
        }

        /** The rule as a schema or model file spells it. */
        public String id() {
            return id;
        }

        /** The rule a file spells {@code id}, if any. */
        public static Optional<Rule> byId(String id) {
            return Arrays.stream(values()).filter(rule -> rule.id.equals(id)).findFirst();
        }

        /** Every rule's spelling, for a message that lists them. */
        public static String ids() {
            return String.join(", ", Arrays.stream(values()).map(Rule::id).toList());
        }

        /** Whether the rule applies to a feature of this type: means and medians need numbers, counts need levels. */
        public boolean appliesTo(boolean categorical) {
            return switch (this) {
                case REFUSE -> true;
                case MEDIAN, MEAN -> !categorical;
                case MOST_FREQUENT -> categorical;
            };
        }

        @Override
        public String toString() {
            return id.toUpperCase(Locale.ROOT);
        }
    }

    public Missing {
        Objects.requireNonNull(rule, "rule");
        if (rule == Rule.REFUSE ? !Double.isNaN(value) : !Double.isFinite(value)) {
            throw new IllegalArgumentException(rule == Rule.REFUSE
                    ? "a refused missing value has no value to use, was " + value
                    : "the value used for a missing one (" + rule.id() + ") must be finite, was " + value);
        }
    }

    /** Whether a missing value is filled in rather than refused. */
    public boolean fills() {
        return rule != Rule.REFUSE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Missing that && rule == that.rule
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(that.value);
    }

    @Override
    public int hashCode() {
        return rule.hashCode() * 31 + Double.hashCode(value);
    }
}
