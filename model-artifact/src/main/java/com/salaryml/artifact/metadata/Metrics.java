package com.salaryml.artifact.metadata;

import java.util.Objects;

/**
 * How well the model fits: on its own training data, and on held-out rows by cross-validation.
 *
 * @param rSquared         the coefficient of determination on the training data
 * @param adjustedRSquared R² adjusted for the number of coefficients
 * @param rmse             the root mean squared error on the training data, in the target's unit
 * @param mae              the mean absolute error on the training data, in the target's unit
 * @param crossValidation  the same errors on held-out rows
 */
public record Metrics(double rSquared, double adjustedRSquared, double rmse, double mae,
                      CrossValidation crossValidation) {

    public Metrics {
        requireFinite("r2", rSquared);
        requireFinite("adjusted_r2", adjustedRSquared);
        requireFinite("rmse", rmse);
        requireFinite("mae", mae);
        Objects.requireNonNull(crossValidation, "crossValidation");
    }

    static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + name + " must be finite, was " + value);
        }
    }
}
