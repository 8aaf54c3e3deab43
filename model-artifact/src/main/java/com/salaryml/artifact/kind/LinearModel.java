package com.salaryml.artifact.kind;

import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.FieldPathException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The parameters of a linear model: {@code prediction = intercept + Σ coefficients[c] · row[c]}, where
 * {@code row} is the instance's design row ({@link com.salaryml.artifact.schema.Design}): the features in schema
 * order, a number as itself and a category as one 0/1 column per level after the first. The model kind
 * {@value ModelKind#LINEAR}.
 *
 * <p>Ordinary least squares, ridge and lasso all produce this one shape. Put it in a {@link Model} to
 * predict; there each feature's contribution is {@code coefficient × (value − training mean)} over its
 * design columns, relative to the prediction at the training means.
 *
 * @param intercept    the prediction when every feature is zero; finite
 * @param coefficients one finite coefficient per design column, in design order; copied in and out
 */
public record LinearModel(double intercept, double[] coefficients) implements ModelKind {

    /**
     * @throws IllegalArgumentException if a number is not finite or there is no coefficient
     */
    public LinearModel {
        Objects.requireNonNull(coefficients, "coefficients");
        if (!Double.isFinite(intercept)) {
            throw new FieldPathException("intercept", "must be finite, was " + intercept);
        }
        if (coefficients.length == 0) {
            throw new FieldPathException("coefficients", "is empty; a linear model has one coefficient per feature");
        }
        for (int i = 0; i < coefficients.length; i++) {
            if (!Double.isFinite(coefficients[i])) {
                throw new FieldPathException("coefficients[" + i + "]", "must be finite, was " + coefficients[i]);
            }
        }
        coefficients = coefficients.clone();
    }

    @Override
    public String kind() {
        return LINEAR;
    }

    @Override
    public Scorer scorer(FeatureSchema schema, double[] means) {
        return new LinearScorer(this, means, schema);
    }

    @Override
    public <R> R match(Cases<R> cases) {
        return cases.linear(this);
    }

    /** A copy of the coefficients, in design order. */
    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** The coefficient of design column {@code i}, without copying the array. */
    public double coefficient(int i) {
        return coefficients[i];
    }

    /** How many coefficients: one per design column. */
    public int size() {
        return coefficients.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinearModel that
                && Double.compare(intercept, that.intercept) == 0
                && Arrays.equals(coefficients, that.coefficients);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(intercept) + Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        return "LinearModel[intercept=" + intercept + ", coefficients=" + Arrays.toString(coefficients) + "]";
    }
}
