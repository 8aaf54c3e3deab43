package com.salaryml.artifact;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything about a model except its parameters: what it is called, which version it is, what it takes
 * and predicts, how well it fits and what it learned from.
 *
 * @param name         the model's name, e.g. {@code salary}
 * @param version      the model's version, e.g. {@code 1.0.0}; letters, digits, {@code .}, {@code -}, {@code _} and {@code +}
 * @param algorithm    how it was fitted, e.g. {@code ols}
 * @param schema       its inputs
 * @param target       what it predicts
 * @param metrics      its fit on the training data
 * @param trainingData the data it was fitted on
 */
public record ModelMetadata(String name, String version, String algorithm, FeatureSchema schema, Target target,
                            Metrics metrics, TrainingData trainingData) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    public ModelMetadata {
        requireName("name", name);
        requireName("version", version);
        requireName("algorithm", algorithm);
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(trainingData, "trainingData");
    }

    private static void requireName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '-', '_' or '+'"
                    + " starting with a letter or digit, was \"" + value + "\"");
        }
    }
}
