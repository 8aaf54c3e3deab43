package com.salaryml.training;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Target;

/**
 * What cross-validation leaves behind: its metrics, each row's held-out prediction, residual and fold, and for
 * ordinary least squares the exact interval's held-out coverage and mean width. {@link Intervals} turns it into
 * the conformal interval of every family but least squares.
 *
 * <p>The metrics are in the target's own unit, as the server serves it; the predictions and residuals are on the
 * scale the model is fitted on (the log, for a log model), where an interval is the prediction plus and minus
 * its half width.
 *
 * @param crossValidation the held-out metrics: the method, the folds and the errors, in the target's unit
 * @param residuals       each row's actual value minus its prediction by the model fitted without its fold, on
 *                        the fitted scale
 * @param foldOf          each row's fold; for leave-one-out, the row itself
 * @param folds           how many folds there are
 * @param exactCoverage   the share of held-out rows inside their exact least-squares interval; NaN for others
 * @param exactMeanWidth  the exact least-squares interval's mean width on held-out rows, in the target's unit;
 *                        NaN for others
 * @param predicted       each row's held-out prediction on the fitted scale; null where only the residuals are
 *                        known, on the target's own scale
 * @param transform       the scale the model is fitted on
 */
public record HeldOut(CrossValidation crossValidation, double[] residuals, int[] foldOf, int folds,
                      double exactCoverage, double exactMeanWidth, double[] predicted, Target.Transform transform) {

    /** The held-out residuals of a model fitted on the target's own scale. */
    public HeldOut(CrossValidation crossValidation, double[] residuals, int[] foldOf, int folds, double exactCoverage,
                   double exactMeanWidth) {
        this(crossValidation, residuals, foldOf, folds, exactCoverage, exactMeanWidth, null, Target.Transform.NONE);
    }

    /** Checks that a transformed target's predictions are known, so its errors can be told in its unit. */
    public HeldOut {
        if (transform != Target.Transform.NONE && predicted == null) {
            throw new IllegalArgumentException("held-out residuals on the " + transform.id()
                    + " scale need their predictions");
        }
    }

    /** Each row's held-out error in the target's own unit: actual minus served prediction. */
    double[] errors() {
        if (transform == Target.Transform.NONE) {
            return residuals;
        }
        double[] errors = new double[residuals.length];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = transform.invert(predicted[i] + residuals[i]) - transform.invert(predicted[i]);
        }
        return errors;
    }

    /**
     * The width, in the target's unit, of the interval ± {@code half} around row {@code i}'s held-out prediction:
     * {@code 2 · half} on the target's own scale; on the log scale the ends are exponentiated, as served.
     */
    double width(int i, double half) {
        return width(transform, transform == Target.Transform.NONE ? 0 : predicted[i], half);
    }

    /** The width, in the target's unit, of the interval ± {@code half} around {@code predicted}, as served. */
    static double width(Target.Transform transform, double predicted, double half) {
        return transform == Target.Transform.NONE ? 2 * half
                : transform.invert(predicted + half) - transform.invert(predicted - half);
    }
}
