package com.salaryml.artifact;

import java.util.Objects;

/**
 * How well the model predicts rows it was not fitted on: each row is predicted by a model fitted without it
 * (leave-one-out), or without its fold (k-fold). On small data these are the numbers to trust, not the fit on
 * the training data.
 *
 * @param method   {@code leave-one-out} or {@code k-fold}
 * @param folds    the number of fits: the row count for leave-one-out, k for k-fold
 * @param seed     the seed that shuffled rows into folds; {@code null} for leave-one-out, which has no chance in it
 * @param rmse     the root mean squared error of the held-out predictions, in the target's unit
 * @param mae      the mean absolute error of the held-out predictions, in the target's unit
 * @param rSquared one minus the held-out squared error over the total sum of squares; can be negative
 */
public record CrossValidation(String method, int folds, Long seed, double rmse, double mae, double rSquared) {

    public static final String LEAVE_ONE_OUT = "leave-one-out";
    public static final String K_FOLD = "k-fold";

    public CrossValidation {
        Objects.requireNonNull(method, "method");
        if (!method.equals(LEAVE_ONE_OUT) && !method.equals(K_FOLD)) {
            throw new IllegalArgumentException("cross-validation method must be " + LEAVE_ONE_OUT + " or " + K_FOLD
                    + ", was " + method);
        }
        if (method.equals(LEAVE_ONE_OUT) != (seed == null)) {
            throw new IllegalArgumentException("cross-validation seed must be null for " + LEAVE_ONE_OUT
                    + ", which has no chance in it, and given for " + K_FOLD + ", was " + seed + " for " + method);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, had " + folds);
        }
        Metrics.requireFinite("cross_validation.rmse", rmse);
        Metrics.requireFinite("cross_validation.mae", mae);
        Metrics.requireFinite("cross_validation.r2", rSquared);
    }
}
