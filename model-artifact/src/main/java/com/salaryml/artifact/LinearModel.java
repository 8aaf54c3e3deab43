package com.salaryml.artifact;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A fitted linear model: {@code prediction = intercept + Σ coefficients[i] · x[i]}, with {@code x} in the
 * order of the schema's features. This is what a model file holds; {@link ModelFormat} reads and writes it.
 *
 * <p>Ordinary least squares, ridge and lasso all produce this one shape, so the serving side never needs to
 * know which algorithm made a model.
 */
public final class LinearModel implements Predictor {

    private final ModelMetadata metadata;
    private final double intercept;
    private final double[] coefficients;

    /**
     * @param metadata     name, version, schema and provenance
     * @param intercept    the prediction when every feature is zero; finite
     * @param coefficients one finite coefficient per feature, in schema order
     * @throws IllegalArgumentException if a number is not finite or the count does not match the features
     */
    public LinearModel(ModelMetadata metadata, double intercept, double[] coefficients) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(coefficients, "coefficients");
        int features = metadata.schema().size();
        if (coefficients.length != features) {
            throw new IllegalArgumentException("there are " + coefficients.length + " coefficients but "
                    + features + " features " + metadata.schema().names());
        }
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept must be finite, was " + intercept);
        }
        for (int i = 0; i < coefficients.length; i++) {
            if (!Double.isFinite(coefficients[i])) {
                throw new IllegalArgumentException("coefficient of " + metadata.schema().features().get(i).name()
                        + " must be finite, was " + coefficients[i]);
            }
        }
        this.intercept = intercept;
        this.coefficients = coefficients.clone();
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The prediction when every feature is zero. */
    public double intercept() {
        return intercept;
    }

    /** A copy of the coefficients, in schema order. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public Prediction predict(Map<String, Double> features) {
        double[] x = metadata.schema().check(features);
        return new Prediction(evaluate(x), metadata.name(), metadata.version());
    }

    private double evaluate(double[] x) {
        double sum = intercept;
        for (int i = 0; i < x.length; i++) {
            sum += coefficients[i] * x[i];
        }
        return sum;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinearModel that
                && metadata.equals(that.metadata)
                && Double.compare(intercept, that.intercept) == 0
                && Arrays.equals(coefficients, that.coefficients);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metadata, intercept, Arrays.hashCode(coefficients));
    }

    @Override
    public String toString() {
        return "LinearModel[" + metadata.name() + " " + metadata.version() + ", " + metadata.algorithm() + "]";
    }
}
