package com.salaryml.training;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.schema.Target;
import smile.data.DataFrame;
import smile.data.formula.Formula;

/**
 * Predicts every row from a model fitted without it: one fit per row for leave-one-out, one per fold for k-fold.
 * The folds come from a shuffle seeded by the settings' seed ({@link Folds}), so the result is repeatable.
 */
final class CrossValidator {

    private final Dataset data;
    private final FeatureSchema schema;
    private final Target target;
    private final FitSettings settings;
    private final Formula formula;
    private final double[] heldOut;
    /** How many held-out rows the exact least-squares interval covers, and the sum of its widths. */
    private int covered;
    private double widths;

    private CrossValidator(Dataset data, FeatureSchema schema, Target target, FitSettings settings) {
        this.data = data;
        this.schema = schema;
        this.target = target;
        this.settings = settings;
        this.formula = Formula.lhs(target.name());
        this.heldOut = new double[data.rows()];
    }

    /**
     * @param leaveOneOut whether leave-one-out may be used, up to {@value Trainer#LEAVE_ONE_OUT_MAX_ROWS} rows;
     *                    otherwise k-fold, with k the rows if there are fewer rows than {@code settings.folds()}
     */
    static HeldOut crossValidate(Dataset data, FeatureSchema schema, Target target, FitSettings settings,
                                 boolean leaveOneOut) {
        return new CrossValidator(data, schema, target, settings).run(leaveOneOut);
    }

    private HeldOut run(boolean leaveOneOut) {
        int n = data.rows();
        leaveOneOut = leaveOneOut && n <= Trainer.LEAVE_ONE_OUT_MAX_ROWS;
        int folds = leaveOneOut ? n : Math.min(settings.folds(), n);
        int[] foldOf = leaveOneOut ? Folds.leaveOneOut(n) : Folds.shuffled(n, folds, settings.seed());
        int[] sizes = new int[folds];
        for (int fold : foldOf) {
            sizes[fold]++;
        }
        DataFrame all = settings.algorithm().trees() ? Trainer.frame(data, schema, target, null) : null;
        for (int fold = 0; fold < folds; fold++) {
            int[] train = new int[n - sizes[fold]];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] != fold) {
                    train[k++] = i;
                }
            }
            if (settings.algorithm().trees()) {
                treeFold(fold, foldOf, train, all);
            } else {
                linearFold(fold, foldOf, train);
            }
        }
        Errors errors = Errors.of(data.target(), heldOut);
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = data.target()[i] - heldOut[i];
        }
        var crossValidation = new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD,
                folds, leaveOneOut ? null : settings.seed(), errors.rmse(), errors.mae(), errors.rSquared());
        return new HeldOut(crossValidation, residuals, foldOf, folds, covered / (double) n, widths / n);
    }

    private void treeFold(int fold, int[] foldOf, int[] train, DataFrame all) {
        var model = TreeEnsembles.fit(settings.algorithm(), settings.trees(), formula,
                Trainer.frame(data, schema, target, train));
        for (int i = 0; i < foldOf.length; i++) {
            if (foldOf[i] == fold) {
                heldOut[i] = model.predict(all.get(i));
            }
        }
    }

    private void linearFold(int fold, int[] foldOf, int[] train) {
        var model = settings.algorithm().fitLinear(formula, Trainer.frame(data, schema, target, train),
                settings.lambda());
        double intercept = model.intercept();
        double[] coefficients = model.coefficients();
        IntervalParameters.OlsExact exact = null;
        if (settings.algorithm() == Algorithm.OLS) {
            double rss = 0;
            for (int i : train) {
                double residual = data.target()[i] - Trainer.predict(data, i, intercept, coefficients);
                rss += residual * residual;
            }
            exact = Intervals.olsExact(data, train, rss, train.length - schema.size() - 1);
        }
        for (int i = 0; i < foldOf.length; i++) {
            if (foldOf[i] == fold) {
                heldOut[i] = Trainer.predict(data, i, intercept, coefficients);
                if (exact != null) {
                    double half = exact.halfWidthAt(row(data, i));
                    widths += 2 * half;
                    if (Math.abs(data.target()[i] - heldOut[i]) <= half) {
                        covered++;
                    }
                }
            }
        }
    }

    private static double[] row(Dataset data, int i) {
        double[] x = new double[data.columns().length];
        for (int j = 0; j < x.length; j++) {
            x[j] = data.columns()[j][i];
        }
        return x;
    }
}
