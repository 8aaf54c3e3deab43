package com.salaryml.artifact.schema;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ordered inputs of a model. The order is the order of the model's coefficients.
 *
 * <p>{@link #check(Map)} is the one place where named input values are validated: every feature present,
 * no unknown name, every value finite and inside its valid range.
 *
 * @param features the features, in coefficient order; names are unique
 */
public record FeatureSchema(List<Feature> features) {

    public FeatureSchema {
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one feature");
        }
        var seen = new HashSet<String>();
        for (Feature feature : features) {
            if (!seen.add(feature.name())) {
                throw new IllegalArgumentException("feature " + feature.name() + " appears twice");
            }
        }
    }

    /** How many features there are. */
    public int size() {
        return features.size();
    }

    /** The feature names, in coefficient order. */
    public List<String> names() {
        return features.stream().map(Feature::name).toList();
    }

    /** The feature with this name, if the model has one. */
    public Optional<Feature> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * Validates named values and returns them in coefficient order, filling in a missing one where its feature's
     * rule allows.
     *
     * @param values one value per feature name: a {@link Number} for a numeric feature, a level's text for a
     *               categorical one; a {@code null} value, or no entry, counts as missing
     * @return the values in the order of {@link #features()}, a category as its level's code
     * @throws InvalidInputException listing every missing, unknown, non-finite, out-of-range or wrongly typed value
     */
    public double[] check(Map<String, ?> values) {
        return check(values, null);
    }

    /**
     * As {@link #check(Map)}, and marks in {@code filled} each feature (by index) whose missing value was
     * filled in.
     *
     * @param filled where to mark the features filled in; {@code null} when the caller does not ask
     */
    public double[] check(Map<String, ?> values, BitSet filled) {
        Objects.requireNonNull(values, "values");
        double[] ordered = new double[features.size()];
        int found = 0;
        boolean valid = true;
        // The common case, every value present and in range, allocates nothing but the result.
        for (int i = 0; i < ordered.length; i++) {
            Feature feature = features.get(i);
            Object value = values.get(feature.name());
            if (value != null) {
                found++;
                double read = read(feature, value);
                ordered[i] = read;
                valid &= feature.accepts(read);
            } else if (feature.missing().fills()) {
                found += values.containsKey(feature.name()) ? 1 : 0;
                ordered[i] = feature.missing().value();
                if (filled != null) {
                    filled.set(i);
                }
            } else {
                valid = false;
            }
        }
        if (valid && found == values.size()) {
            return ordered;
        }
        throw new InvalidInputException(problems(values));
    }

    /** A value as the model reads it: a number, or a known level's code; NaN for anything else. */
    private static double read(Feature feature, Object value) {
        if (feature.isCategorical()) {
            return value instanceof String level ? feature.code(level).orElse(-1) : Double.NaN;
        }
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    /** Every problem with {@code values}, in feature order, then the unknown names. */
    private List<FieldError> problems(Map<String, ?> values) {
        var errors = new ArrayList<FieldError>();
        for (Feature feature : features) {
            Object value = values.get(feature.name());
            if (value == null) {
                if (!feature.missing().fills()) {
                    errors.add(new FieldError(feature.name(), "is required (" + feature.rangeText() + ")"));
                }
            } else if (feature.isCategorical()) {
                checkLevel(feature, value).ifPresent(errors::add);
            } else if (!(value instanceof Number number)) {
                errors.add(new FieldError(feature.name(), "must be a number (" + feature.rangeText() + "), was "
                        + describe(value)));
            } else {
                checkValue(feature, number.doubleValue()).ifPresent(errors::add);
            }
        }
        for (String name : values.keySet()) {
            if (name == null) {
                errors.add(new FieldError("(no name)", "a value was given without a feature name"));
            } else if (feature(name).isEmpty()) {
                errors.add(unknown(name));
            }
        }
        return errors;
    }

    /** What is wrong with a categorical feature's value, if anything: it must be one of the levels, as text. */
    public static Optional<FieldError> checkLevel(Feature feature, Object value) {
        if (value instanceof String level && feature.code(level).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new FieldError(feature.name(), "must be " + feature.rangeText() + ", was "
                + describe(value)));
    }

    /** A value given for an input, as a message shows it: text quoted and cut short, numbers plain. */
    private static String describe(Object value) {
        if (value instanceof String text) {
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
        }
        if (value instanceof Number number) {
            return "the number " + Numbers.plain(number.doubleValue());
        }
        return "a " + value.getClass().getSimpleName();
    }

    /**
     * What is wrong with {@code value} for {@code feature}, if anything. For a categorical feature the value is a
     * level's code, as a batch of columns gives it.
     */
    public static Optional<FieldError> checkValue(Feature feature, double value) {
        if (feature.isCategorical()) {
            return feature.accepts(value) ? Optional.empty() : Optional.of(new FieldError(feature.name(),
                    "must be the code of a level, 0 to " + (feature.levels().size() - 1) + " for "
                            + feature.rangeText() + ", was " + Numbers.plain(value)));
        }
        if (!Double.isFinite(value)) {
            return Optional.of(new FieldError(feature.name(), "must be a finite number, was " + value));
        }
        if (!feature.accepts(value)) {
            return Optional.of(new FieldError(feature.name(),
                    "must be between " + Numbers.plain(feature.min()) + " and " + Numbers.plain(feature.max())
                            + " " + feature.unit() + ", was " + Numbers.plain(value)));
        }
        return Optional.empty();
    }

    /** The error for a name that is not a feature of this model. */
    public FieldError unknown(String name) {
        return new FieldError(name, "is not an input of this model; the inputs are "
                + features.stream().map(Feature::name).collect(Collectors.joining(", ")));
    }
}
