package com.salaryml.artifact.metadata;

import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Target;
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
 * @param algorithm        how it was fitted: an {@link Algorithm#id()}; it decides the model's {@link #kind()}
 * @param hyperparameters  the algorithm's settings, e.g. {@code lambda}; empty for ordinary least squares
 * @param schema           its inputs
 * @param target           what it predicts
 * @param metrics          its fit on the training data and on held-out rows
 * @param coefficientStats standard errors, t and p values per term, intercept first; empty unless least squares,
 *                         and always empty for a model that is not linear
 * @param trainingData     the data it was fitted on, with each feature's statistics
 * @param provenance       when and how it was trained
 *
 * <p>Ten fields are too many to pass by position: build one with {@link #builder()}, or change one field of an
 * existing one with {@link #toBuilder()}; the builder checks the whole record when it builds it.
 */
public record ModelMetadata(String name, String version, String algorithm, Map<String, Double> hyperparameters,
                            FeatureSchema schema, Target target, Metrics metrics,
                            List<CoefficientStats> coefficientStats, TrainingData trainingData,
                            Provenance provenance) {

    /** The algorithms whose models this format holds: every {@link Algorithm#id()}. */
    public static final List<String> ALGORITHMS = Algorithm.IDS;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    public ModelMetadata {
        requireName("name", name);
        requireName("version", version);
        Objects.requireNonNull(algorithm, "algorithm");
        Algorithm.of(algorithm);
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
        var design = com.salaryml.artifact.schema.Design.of(schema);
        if (!coefficientStats.isEmpty() && coefficientStats.size() != design.size() + 1) {
            throw new IllegalArgumentException("coefficient_stats has " + coefficientStats.size()
                    + " terms; expected the intercept and " + design.size() + (design.isIdentity() ? " features"
                    : " design columns " + design.names()));
        }
        Objects.requireNonNull(trainingData, "trainingData");
        if (!trainingData.featureStats().keySet().equals(new java.util.LinkedHashSet<>(schema.names()))) {
            throw new IllegalArgumentException("training_data.features has statistics for "
                    + trainingData.featureStats().keySet() + " but the features are " + schema.names());
        }
        Objects.requireNonNull(provenance, "provenance");
    }

    /** A builder with no field set; {@link Builder#build()} says which required field is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this metadata, to build a copy that differs in a few. */
    public Builder toBuilder() {
        return new Builder().name(name).version(version).algorithm(algorithm).hyperparameters(hyperparameters)
                .schema(schema).target(target).metrics(metrics).coefficientStats(coefficientStats)
                .trainingData(trainingData).provenance(provenance);
    }

    /**
     * The same model metadata under another version, e.g. a model re-published as a new release, or a test's
     * copy of the reference model; checked like any other.
     */
    public ModelMetadata withVersion(String version) {
        return toBuilder().version(version).build();
    }

    /** The same model metadata with another provenance, e.g. to compare two fits of the same model. */
    public ModelMetadata withProvenance(Provenance provenance) {
        return toBuilder().provenance(provenance).build();
    }

    /**
     * The kind of model the algorithm makes, as spelled in the model file's {@code model.kind}:
     * {@value ModelKind#LINEAR} for ols, ridge and lasso, {@value ModelKind#TREE_ENSEMBLE} for gbm and
     * random-forest. A server may show it (e.g. as the V2 protocol's platform, {@code "salaryml_" + kind}) without
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
        return Algorithm.of(algorithm).kind();
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

    /**
     * Builds a {@link ModelMetadata} field by field, by name. Not thread-safe; {@link #build()} checks the whole
     * record as its constructor does. Hyperparameters and coefficient statistics default to empty.
     */
    public static final class Builder {

        private String name;
        private String version;
        private String algorithm;
        private Map<String, Double> hyperparameters = Map.of();
        private FeatureSchema schema;
        private Target target;
        private Metrics metrics;
        private List<CoefficientStats> coefficientStats = List.of();
        private TrainingData trainingData;
        private Provenance provenance;

        private Builder() {
        }

        /** See {@link ModelMetadata#name()}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** See {@link ModelMetadata#version()}. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** See {@link ModelMetadata#algorithm()}. */
        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** See {@link ModelMetadata#hyperparameters()}. */
        public Builder hyperparameters(Map<String, Double> hyperparameters) {
            this.hyperparameters = hyperparameters;
            return this;
        }

        /** See {@link ModelMetadata#schema()}. */
        public Builder schema(FeatureSchema schema) {
            this.schema = schema;
            return this;
        }

        /** See {@link ModelMetadata#target()}. */
        public Builder target(Target target) {
            this.target = target;
            return this;
        }

        /** See {@link ModelMetadata#metrics()}. */
        public Builder metrics(Metrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** See {@link ModelMetadata#coefficientStats()}. */
        public Builder coefficientStats(List<CoefficientStats> coefficientStats) {
            this.coefficientStats = coefficientStats;
            return this;
        }

        /** See {@link ModelMetadata#trainingData()}. */
        public Builder trainingData(TrainingData trainingData) {
            this.trainingData = trainingData;
            return this;
        }

        /** See {@link ModelMetadata#provenance()}. */
        public Builder provenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /**
         * The metadata, checked as the record's constructor checks it.
         *
         * @throws NullPointerException     naming the first required field not set
         * @throws IllegalArgumentException naming the field whose value is not allowed
         */
        public ModelMetadata build() {
            return new ModelMetadata(name, version, algorithm, hyperparameters, schema, target, metrics,
                    coefficientStats, trainingData, provenance);
        }
    }
}
