package com.salaryml.training;

import com.salaryml.artifact.metadata.CrossValidation;

/**
 * What cross-validation leaves behind: its metrics, each row's held-out residual and fold, and for ordinary least
 * squares the exact interval's held-out coverage and mean width. {@link Intervals} turns it into the conformal
 * interval of every family but least squares.
 *
 * @param crossValidation the held-out metrics: the method, the folds and the errors
 * @param residuals       each row's actual value minus its prediction by the model fitted without its fold
 * @param foldOf          each row's fold; for leave-one-out, the row itself
 * @param folds           how many folds there are
 * @param exactCoverage   the share of held-out rows inside their exact least-squares interval; NaN for others
 * @param exactMeanWidth  the exact least-squares interval's mean width on held-out rows; NaN for others
 */
public record HeldOut(CrossValidation crossValidation, double[] residuals, int[] foldOf, int folds,
                      double exactCoverage, double exactMeanWidth) {
}
