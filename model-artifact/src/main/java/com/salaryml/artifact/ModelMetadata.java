package com.salaryml.artifact;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything about a model except its parameters: what it is called, which version it is, how it was fitted,
 * what it takes and predicts, how well it fits, what it learned from and how it was made.
 *
 * @param name             the model's name, e.g. {@code salary}
 * @param version          the model's version, e.g. {@code 1.0.0}; letters, digits, {@code .}, {@code -}, {@code _} and {@code +}
 * @param algorithm        how it was fitted: one of {@link #ALGORITHMS}; it decides the model's {@link #kind()}
 * @param hyperparameters  the algorithm's settings, e.g. {@code lambda}; empty for ordinary least squares
 * @param schema           its inputs
 * @param target           what it predicts
 * @param metrics          its fit on the training data and on held-out rows
 * @param coefficientStats standard errors, t and p values per term, intercept first; empty unless least squares,
 *                         and always empty for a model that is not linear
 * @param trainingData     the data it was fitted on, with each feature's statistics
 * @param provenance       when and how it was trained
 */
public record ModelMetadata(String name, String version, String algorithm, Map<String, Double> hyperparameters,
                            FeatureSchema schema, Target target, Metrics metrics,
                            List<CoefficientStats> coefficientStats, TrainingData trainingData,
                            Provenance provenance) {

    /** The algorithms whose models this format holds. */
    public static final List<String> ALGORITHMS = List.of("ols", "ridge", "lasso", "gbm", "random-forest");

    /** The algorithms that make a {@link LinearModel}; the others make a {@link TreeEnsembleModel}. */
    private static final List<String> LINEAR_ALGORITHMS = List.of("ols", "ridge", "lasso");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    public ModelMetadata {
        requireName("name", name);
        requireName("version", version);
        Objects.requireNonNull(algorithm, "algorithm");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("algorithm must be one of " + ALGORITHMS + ", was \"" + algorithm + "\"");
        }
        Objects.requireNonNull(hyperparameters, "hyperparameters");
        hyperparameters.forEach((key, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("hyperparameter " + key + " must be finite, was " + value);
            }
        });
        hyperparameters = Collections.unmodifiableMap(new TreeMap<>(hyperparameters));
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metrics, "metrics");
        coefficientStats = List.copyOf(coefficientStats);
        if (!coefficientStats.isEmpty() && !kindOf(algorithm).equals(ModelKind.LINEAR)) {
            throw new IllegalArgumentException("coefficient_stats are for linear models only; " + algorithm
                    + " makes a " + kindOf(algorithm) + " model");
        }
        if (!coefficientStats.isEmpty() && coefficientStats.size() != schema.size() + 1) {
            throw new IllegalArgumentException("coefficient_stats has " + coefficientStats.size()
                    + " terms; expected the intercept and " + schema.size() + " features");
        }
        Objects.requireNonNull(trainingData, "trainingData");
        if (!trainingData.featureStats().keySet().equals(new java.util.LinkedHashSet<>(schema.names()))) {
            throw new IllegalArgumentException("training_data.features has statistics for "
                    + trainingData.featureStats().keySet() + " but the features are " + schema.names());
        }
        Objects.requireNonNull(provenance, "provenance");
    }

    /**
     * The same model metadata under another version, e.g. a model re-published as a new release, or a test's
     * copy of the reference model; checked like any other.
     */
    public ModelMetadata withVersion(String version) {
        return new ModelMetadata(name, version, algorithm, hyperparameters, schema, target, metrics,
                coefficientStats, trainingData, provenance);
    }

    /** The same model metadata with another provenance, e.g. to compare two fits of the same model. */
    public ModelMetadata withProvenance(Provenance provenance) {
        return new ModelMetadata(name, version, algorithm, hyperparameters, schema, target, metrics,
                coefficientStats, trainingData, provenance);
    }

    /**
     * The kind of model the algorithm makes, as spelled in the model file's {@code model.kind}:
     * {@value ModelKind#LINEAR} for ols, ridge and lasso, {@value ModelKind#TREE_ENSEMBLE} for gbm and
     * random-forest. A server may show it (e.g. as the V2 protocol's platform, {@code "salaryml-" + kind}) without
     * knowing any model class.
     */
    public String kind() {
        return kindOf(algorithm);
    }

    /**
     * The kind of model {@code algorithm} makes.
     *
     * @throws IllegalArgumentException if it is not one of {@link #ALGORITHMS}
     */
    public static String kindOf(String algorithm) {
        if (LINEAR_ALGORITHMS.contains(algorithm)) {
            return ModelKind.LINEAR;
        }
        if (ALGORITHMS.contains(algorithm)) {
            return ModelKind.TREE_ENSEMBLE;
        }
        throw new IllegalArgumentException("algorithm must be one of " + ALGORITHMS + ", was \"" + algorithm + "\"");
    }

    /** The training statistics of the feature at {@code index} in schema order. */
    public FeatureStats statsOf(int index) {
        return trainingData.featureStats().get(schema.features().get(index).name());
    }

    private static void requireName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '-', '_' or '+'"
                    + " starting with a letter or digit, was \"" + value + "\"");
        }
    }
}
