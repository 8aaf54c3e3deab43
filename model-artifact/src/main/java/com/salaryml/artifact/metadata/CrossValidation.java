package com.salaryml.artifact.metadata;

import java.util.Objects;

/**
 * How well the model predicts rows it was not fitted on: each row is predicted by a model fitted without it
 * (leave-one-out), or without its fold (k-fold); or, on data large enough that more fits would be waste, the
 * model itself predicts a share of the rows held out from its fit (holdout). On small data these are the numbers
 * to trust, not the fit on the training data.
 *
 * @param method   {@code leave-one-out}, {@code k-fold} or {@code holdout}
 * @param folds    the number of fits: the row count for leave-one-out, k for k-fold, 1 for holdout
 * @param seed     the seed that shuffled rows into folds, or drew the held-out rows; {@code null} for
 *                 leave-one-out, which has no chance in it
 * @param rmse     the root mean squared error of the held-out predictions, in the target's unit
 * @param mae      the mean absolute error of the held-out predictions, in the target's unit
 * @param rSquared one minus the held-out squared error over the total sum of squares; can be negative
 * @param intervalCoverage  the share of held-out rows inside their prediction interval, from 0 to 1; or
 *                          {@code null} when it was not measured (always for format 1 files)
 * @param intervalMeanWidth the mean width of those intervals, in the target's unit; {@code null} exactly when
 *                          {@code intervalCoverage} is
 */
public record CrossValidation(String method, int folds, Long seed, double rmse, double mae, double rSquared,
                              Double intervalCoverage, Double intervalMeanWidth) {

    /** Each row predicted by the model fitted on all the others. */
    public static final String LEAVE_ONE_OUT = "leave-one-out";

    /** Each row predicted by the model fitted without its fold, the rows shuffled into k folds by a seed. */
    public static final String K_FOLD = "k-fold";

    /**
     * The model fitted once, on all rows but a seeded share held out from its fit, which it then predicts: the
     * served model's own errors on rows it never saw (its conformal interval is calibrated on them, split conformal).
     */
    public static final String HOLDOUT = "holdout";

    public CrossValidation {
        Objects.requireNonNull(method, "method");
        if (!method.equals(LEAVE_ONE_OUT) && !method.equals(K_FOLD) && !method.equals(HOLDOUT)) {
            throw new IllegalArgumentException("cross-validation method must be " + LEAVE_ONE_OUT + ", " + K_FOLD
                    + " or " + HOLDOUT + ", was " + method);
        }
        if (method.equals(LEAVE_ONE_OUT) != (seed == null)) {
            throw new IllegalArgumentException("cross-validation seed must be null for " + LEAVE_ONE_OUT
                    + ", which has no chance in it, and given for " + K_FOLD + " and " + HOLDOUT + ", was " + seed + " for " + method);
        }
        if (method.equals(HOLDOUT) ? folds != 1 : folds < 2) {
            throw new IllegalArgumentException(method.equals(HOLDOUT)
                    ? "a holdout is 1 fit, so folds must be 1, was " + folds
                    : "cross-validation needs at least 2 folds, had " + folds);
        }
        Metrics.requireFinite("cross_validation.rmse", rmse);
        Metrics.requireFinite("cross_validation.mae", mae);
        Metrics.requireFinite("cross_validation.r2", rSquared);
        if ((intervalCoverage == null) != (intervalMeanWidth == null)) {
            throw new IllegalArgumentException("interval_coverage and interval_mean_width are given together or not"
                    + " at all, were " + intervalCoverage + " and " + intervalMeanWidth);
        }
        if (intervalCoverage != null && !(intervalCoverage >= 0 && intervalCoverage <= 1)) {
            throw new IllegalArgumentException("interval_coverage must be between 0 and 1, was " + intervalCoverage);
        }
        if (intervalMeanWidth != null && !(intervalMeanWidth >= 0 && Double.isFinite(intervalMeanWidth))) {
            throw new IllegalArgumentException("interval_mean_width must be finite and not negative, was "
                    + intervalMeanWidth);
        }
    }

    /** Cross-validation without a measured interval coverage. */
    public CrossValidation(String method, int folds, Long seed, double rmse, double mae, double rSquared) {
        this(method, folds, seed, rmse, mae, rSquared, null, null);
    }

    /** The same cross-validation with the interval's measured coverage and mean width. */
    public CrossValidation withInterval(double coverage, double meanWidth) {
        return new CrossValidation(method, folds, seed, rmse, mae, rSquared, coverage, meanWidth);
    }
}
