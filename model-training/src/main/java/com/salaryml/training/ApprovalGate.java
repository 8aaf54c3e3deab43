package com.salaryml.training;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Numbers;
import com.salaryml.artifact.schema.Target;
import com.salaryml.artifact.schema.UnitFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The acceptance thresholds a model must meet before it is packaged as deployable. They judge the
 * cross-validated metrics, because on small data the fit to the training rows flatters every model.
 *
 * <p>The default thresholds are relative to the data, so that they mean the same for a yearly salary in dollars,
 * an hourly wage or a log: a minimum R², and a maximum RMSE as a share of the target's standard deviation. A
 * model that predicts no better than the mean has an R² of about 0 and an RMSE of about 1 standard deviation, and
 * is refused by both. An absolute limit in the target's unit is an option, for a team that has agreed one.
 *
 * @param minCvR2           the lowest acceptable cross-validated R², of the estimates served ({@code gate.min_cv_r2})
 * @param maxRelativeCvRmse the highest acceptable cross-validated RMSE as a share of the target's standard
 *                          deviation, both on the scale the model is fitted on ({@code gate.max_relative_cv_rmse})
 * @param maxCvRmse         the highest acceptable cross-validated RMSE in the target's unit, of the estimates
 *                          served; empty when not set ({@code gate.max_cv_rmse})
 */
public record ApprovalGate(double minCvR2, double maxRelativeCvRmse, OptionalDouble maxCvRmse) {

    /** The default minimum R²: low enough for real wage models (0.2 to 0.5), above a model no better than the mean. */
    public static final double DEFAULT_MIN_CV_R2 = 0.1;

    /**
     * The default maximum RMSE, as a share of the standard deviation: a model no better than the mean has about 1;
     * 0.95 asks that it explain about a tenth of the variance on the fitted scale, as the default R² does.
     */
    public static final double DEFAULT_MAX_RELATIVE_CV_RMSE = 0.95;

    /** The gate with only the relative thresholds. */
    public ApprovalGate(double minCvR2, double maxRelativeCvRmse) {
        this(minCvR2, maxRelativeCvRmse, OptionalDouble.empty());
    }

    /** Checks that an absolute limit, if any, is there. */
    public ApprovalGate {
        java.util.Objects.requireNonNull(maxCvRmse, "maxCvRmse");
    }

    /**
     * What the gate judges of a model: its cross-validated errors, and the target's spread they are compared with.
     *
     * @param crossValidation  the held-out metrics stored with the model, in the target's unit
     * @param rows             the training rows
     * @param cvRmseFitted     the cross-validated RMSE on the scale the model is fitted on
     * @param targetSdFitted   the target's standard deviation (n − 1) on that scale
     * @param target           the target: its name, unit and the scale it is fitted on, for the messages
     */
    public record Measured(CrossValidation crossValidation, long rows, double cvRmseFitted, double targetSdFitted,
                           Target target) {

        /** The cross-validated RMSE as a share of the target's standard deviation, on the fitted scale. */
        public double relativeRmse() {
            return cvRmseFitted / targetSdFitted;
        }

        /**
         * The measures of a model fitted by the Smile trainer, from its held-out residuals, which are on the fitted
         * scale, and the training target.
         *
         * @param model   the model
         * @param heldOut its cross-validation
         * @param target  the training rows' target values, in the target's unit
         * @return the measures
         */
        static Measured of(Model model, HeldOut heldOut, double[] target) {
            double squares = 0;
            for (double residual : heldOut.residuals()) {
                squares += residual * residual;
            }
            double[] fitted = Trainer.onFittedScale(target, model.metadata().target().transform());
            double mean = 0;
            for (double value : fitted) {
                mean += value;
            }
            mean /= fitted.length;
            double total = 0;
            for (double value : fitted) {
                total += (value - mean) * (value - mean);
            }
            // Every row's residual under k-fold or leave-one-out; under a holdout, only the held-out rows'.
            return new Measured(model.metadata().metrics().crossValidation(), fitted.length,
                    Math.sqrt(squares / heldOut.residuals().length), Math.sqrt(total / (fitted.length - 1)),
                    model.metadata().target());
        }

        /**
         * The measures of a model fitted on its target's own scale, from the metrics stored with it: the
         * cross-validated R² is 1 − SSE / SST with SST about the mean of all rows, so the standard deviation is
         * √(n · RMSE² / ((1 − R²)(n − 1))). A trainer that keeps no held-out residuals, such as the Spark trainer,
         * is judged so.
         *
         * @param model the model
         * @return the measures
         * A model fitted on a transformed scale is judged on the scale it serves (the target's unit), since its
         * stored metrics are of the served estimates; the Smile trainer judges it on the fitted scale from its
         * residuals instead ({@link #of}).
         */
        public static Measured fromMetrics(Model model) {
            Target fittedOn = model.metadata().target();
            // The stored metrics are of the estimates served, in the target's unit: a model fitted on a log is then
            // judged on the scale it serves, and the messages say so.
            Target target = fittedOn.transform() == Target.Transform.NONE ? fittedOn
                    : new Target(fittedOn.name(), fittedOn.unit());
            CrossValidation cv = model.metadata().metrics().crossValidation();
            long n = model.metadata().trainingData().rows();
            double sd = cv.rSquared() < 1 ? cv.rmse() * Math.sqrt(n / ((1 - cv.rSquared()) * (n - 1))) : Double.NaN;
            return new Measured(cv, n, cv.rmse(), sd, target);
        }

        /** The scale the relative RMSE is measured on, as the messages name it. */
        String scale() {
            return target.transform() == Target.Transform.NONE ? target.name() + "'s own scale (" + target.unit() + ")"
                    : "the " + target.transform().id() + " scale the model is fitted on";
        }

        /** The RMSE and the standard deviation on the fitted scale, as the messages write them. */
        String onFittedScale(double value) {
            return target.transform() == Target.Transform.NONE ? UnitFormat.of(target.unit()).format(value)
                    : String.format(Locale.ROOT, "%.4f", value);
        }
    }

    /**
     * The thresholds the model misses, each naming the metric, its value, the threshold and its setting; empty if
     * it passes.
     *
     * @param measured what the gate judges
     * @return the failures, one sentence each
     */
    List<String> failures(Measured measured) {
        var failures = new ArrayList<String>();
        CrossValidation cv = measured.crossValidation();
        Target target = measured.target();
        if (!(cv.rSquared() >= minCvR2)) {
            failures.add(String.format(Locale.ROOT, "cross-validated R² is %s, below the minimum %s"
                    + " (gate.min_cv_r2), on %s in %s as served", figure(cv.rSquared()), Numbers.plain(minCvR2),
                    target.name(), target.unit()));
        }
        double relative = measured.relativeRmse();
        if (!(relative <= maxRelativeCvRmse)) {
            failures.add(String.format(Locale.ROOT, "cross-validated RMSE is %s of the standard deviation of %s,"
                    + " above the maximum %s (gate.max_relative_cv_rmse): RMSE %s against a standard deviation of %s,"
                    + " on %s", figure(relative), target.name(), Numbers.plain(maxRelativeCvRmse),
                    measured.onFittedScale(measured.cvRmseFitted()), measured.onFittedScale(measured.targetSdFitted()),
                    measured.scale()));
        }
        if (maxCvRmse.isPresent() && !(cv.rmse() <= maxCvRmse.getAsDouble())) {
            UnitFormat unit = UnitFormat.of(target.unit());
            failures.add("cross-validated RMSE is " + unit.format(cv.rmse()) + ", above the maximum "
                    + unit.format(maxCvRmse.getAsDouble()) + " (gate.max_cv_rmse), in " + target.unit() + " as served");
        }
        return failures;
    }

    /**
     * A ratio as the refusals write it: four decimals, or four significant digits with an exponent when it is far
     * out of range, as a near-singular fold's R² of −4.612e+21 is, rather than twenty-two digits of noise.
     */
    static String figure(double value) {
        return Math.abs(value) < 1e6 ? String.format(Locale.ROOT, "%.4f", value)
                : String.format(Locale.ROOT, "%.4g", value);
    }

    /**
     * What a model that passes was found to have, against each threshold, as the training command prints it.
     *
     * @param measured what the gate judged
     * @return e.g. {@code R² 0.7305 ≥ 0.1 (gate.min_cv_r2); RMSE 0.4856 of the standard deviation of salary ≤ 0.95
     *         (gate.max_relative_cv_rmse)}
     */
    String passed(Measured measured) {
        CrossValidation cv = measured.crossValidation();
        Target target = measured.target();
        String text = String.format(Locale.ROOT, "R² %.4f ≥ %s (gate.min_cv_r2); RMSE %.4f of the standard deviation"
                + " of %s%s ≤ %s (gate.max_relative_cv_rmse)", cv.rSquared(), Numbers.plain(minCvR2),
                measured.relativeRmse(), target.name(), target.transform() == Target.Transform.NONE ? ""
                        : " on the " + target.transform().id() + " scale", Numbers.plain(maxRelativeCvRmse));
        if (maxCvRmse.isPresent()) {
            UnitFormat unit = UnitFormat.of(target.unit());
            text += "; RMSE " + unit.format(cv.rmse()) + " ≤ " + unit.format(maxCvRmse.getAsDouble())
                    + " (gate.max_cv_rmse)";
        }
        return text;
    }

    /**
     * The thresholds, as the review report states them.
     *
     * @param target the model's target, for the unit of an absolute limit
     * @return e.g. {@code cross-validated R² ≥ 0.1, cross-validated RMSE ≤ 0.95 of the target's standard deviation}
     */
    String describe(Target target) {
        String text = "cross-validated R² ≥ " + Numbers.plain(minCvR2) + ", cross-validated RMSE ≤ "
                + Numbers.plain(maxRelativeCvRmse) + " of the standard deviation of " + target.name()
                + (target.transform() == Target.Transform.NONE ? "" : " on the " + target.transform().id() + " scale");
        if (maxCvRmse.isPresent()) {
            text += " and ≤ " + UnitFormat.of(target.unit()).format(maxCvRmse.getAsDouble());
        }
        return text;
    }
}
