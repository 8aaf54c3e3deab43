package com.salaryml.artifact;

/**
 * How well the model fits its training data.
 *
 * @param rSquared the coefficient of determination on the training data
 * @param rmse     the root mean squared error on the training data, in the target's unit
 * @param mae      the mean absolute error on the training data, in the target's unit
 */
public record Metrics(double rSquared, double rmse, double mae) {

    public Metrics {
        requireFinite("r2", rSquared);
        requireFinite("rmse", rmse);
        requireFinite("mae", mae);
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + name + " must be finite, was " + value);
        }
    }
}
