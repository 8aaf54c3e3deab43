package com.salaryml.artifact.schema;

import java.util.ArrayList;
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
     * Validates named values and returns them in coefficient order.
     *
     * @param values one value per feature name; a {@code null} value counts as missing
     * @return the values in the order of {@link #features()}
     * @throws InvalidInputException listing every missing, unknown, non-finite or out-of-range value
     */
    public double[] check(Map<String, Double> values) {
        Objects.requireNonNull(values, "values");
        double[] ordered = new double[features.size()];
        int found = 0;
        boolean valid = true;
        // The common case, every value present and in range, allocates nothing but the result.
        for (int i = 0; i < ordered.length; i++) {
            Feature feature = features.get(i);
            Double value = values.get(feature.name());
            if (value != null) {
                found++;
                ordered[i] = value;
                valid &= feature.accepts(value);
            } else {
                valid = false;
            }
        }
        if (valid && found == values.size()) {
            return ordered;
        }
        throw new InvalidInputException(problems(values));
    }

    /** Every problem with {@code values}, in feature order, then the unknown names. */
    private List<FieldError> problems(Map<String, Double> values) {
        var errors = new ArrayList<FieldError>();
        for (Feature feature : features) {
            Double value = values.get(feature.name());
            if (value == null) {
                errors.add(new FieldError(feature.name(), "is required (" + feature.rangeText() + ")"));
            } else {
                checkValue(feature, value).ifPresent(errors::add);
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

    /** What is wrong with {@code value} for {@code feature}, if anything. */
    public static Optional<FieldError> checkValue(Feature feature, double value) {
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
