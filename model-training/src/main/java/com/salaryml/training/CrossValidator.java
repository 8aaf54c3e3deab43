package com.salaryml.training;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.Target;
import java.util.ArrayList;
import java.util.List;
import smile.data.DataFrame;
import smile.data.formula.Formula;

/**
 * Predicts every row from a model fitted without it: one fit per row for leave-one-out, one per fold for k-fold.
 * The folds come from a shuffle seeded by the settings' seed ({@link Folds}), so the result is repeatable.
 *
 * <p>Each fold is fitted as the published model is, from its own training rows alone: the values that fill in
 * missing cells are computed from them ({@link Imputation}), so a held-out row's own value never leaks into the
 * value that fills its gap; a linear fold sees the same design columns. A column that does not vary over a fold's
 * training rows (a level that none of them has) is left out of that fold's fit: its coefficient is 0 there, and
 * the fold predicts such a level as the reference level, the most a model that never saw it can do. The errors are
 * measured in the target's own unit, as served; the residuals that calibrate an interval on the fitted scale.
 */
final class CrossValidator {

    private final Dataset data;
    private final Declared declared;
    private final FitSettings settings;
    private final Formula formula;
    private final Design design;
    /** The target on the scale the model is fitted on. */
    private final double[] target;
    private final double[] heldOut;
    /** How many held-out rows the exact least-squares interval covers, and the sum of its widths. */
    private int covered;
    private double widths;

    private CrossValidator(Dataset data, Declared declared, FitSettings settings) {
        this.data = data;
        this.declared = declared;
        this.settings = settings;
        this.formula = Formula.lhs(declared.target().name());
        this.design = declared.design();
        this.target = Trainer.onFittedScale(data.target(), declared.transform());
        this.heldOut = new double[data.rows()];
    }

    /**
     * @param leaveOneOut whether leave-one-out may be used, up to {@value Trainer#LEAVE_ONE_OUT_MAX_ROWS} rows;
     *                    otherwise k-fold, with k the rows if there are fewer rows than {@code settings.folds()}
     * @throws DataException if a fold's training rows have no value to fill a feature's missing ones in with
     */
    static HeldOut crossValidate(Dataset data, Declared declared, FitSettings settings, boolean leaveOneOut)
            throws DataException {
        return new CrossValidator(data, declared, settings).run(leaveOneOut);
    }

    /**
     * The held-out measures of a tree ensemble fitted once, on all rows but those held out ({@link Folds#heldOut}),
     * as the Spark trainer takes them: the held-out rows' errors in the target's unit are the cross-validation
     * metrics, method {@code holdout}, 1 fit, with the seed that drew them; their residuals calibrate the split
     * conformal interval. For the coverage measured beside the interval, the held-out rows are split in two halves
     * by their place in the data (even, odd), each judged by the other half's quantile ({@link Intervals#conformity}),
     * as the Spark trainer splits them.
     *
     * @param side      1 for a held-out row, 0 for a row the model was fitted on, by the row's place
     * @param predicted every row's prediction by the model, on the fitted scale
     */
    static HeldOut holdout(Dataset data, Declared declared, long seed, byte[] side, double[] predicted) {
        int[] held = Trainer.rowsOn(side, (byte) 1);
        Target.Transform transform = declared.transform();
        double[] target = Trainer.onFittedScale(data.target(), transform);
        double[] residuals = new double[held.length];
        double[] heldPredicted = new double[held.length];
        int[] halfOf = new int[held.length];
        for (int k = 0; k < held.length; k++) {
            int i = held[k];
            residuals[k] = target[i] - predicted[i];
            heldPredicted[k] = predicted[i];
            halfOf[k] = i % 2;
        }
        Errors errors = Errors.of(Trainer.pick(data.target(), held), Trainer.served(heldPredicted, transform));
        var crossValidation = new CrossValidation(CrossValidation.HOLDOUT, 1, seed, errors.rmse(), errors.mae(),
                errors.rSquared());
        return new HeldOut(crossValidation, residuals, halfOf, 2, Double.NaN, Double.NaN, heldPredicted, transform);
    }

    private HeldOut run(boolean leaveOneOut) throws DataException {
        int n = data.rows();
        leaveOneOut = leaveOneOut && n <= Trainer.LEAVE_ONE_OUT_MAX_ROWS;
        int folds = leaveOneOut ? n : Math.min(settings.folds(), n);
        int[] foldOf = leaveOneOut ? Folds.leaveOneOut(n) : Folds.shuffled(n, folds, settings.seed());
        int[] sizes = new int[folds];
        for (int fold : foldOf) {
            sizes[fold]++;
        }
        boolean gaps = data.hasMissing();
        DataFrame all = settings.algorithm().trees() && !gaps ? frame(data.columns(), null) : null;
        for (int fold = 0; fold < folds; fold++) {
            int[] train = new int[n - sizes[fold]];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] != fold) {
                    train[k++] = i;
                }
            }
            double[][] columns = data.columns();
            if (gaps) {
                double[] fills = Imputation.required(declared, columns, train,
                        data.file() + ", cross-validation fold " + (fold + 1) + " of " + folds);
                columns = Imputation.fill(columns, fills);
            }
            if (settings.algorithm().trees()) {
                treeFold(fold, foldOf, train, columns, gaps ? frame(columns, null) : all);
            } else {
                linearFold(fold, foldOf, train, columns);
            }
        }
        Target.Transform transform = declared.transform();
        double[] served = Trainer.served(heldOut, transform);
        Errors errors = Errors.of(data.target(), served);
        if (!Double.isFinite(errors.rmse()) || !Double.isFinite(errors.rSquared())) {
            throw notFinite(served);
        }
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = target[i] - heldOut[i];
        }
        var crossValidation = new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD,
                folds, leaveOneOut ? null : settings.seed(), errors.rmse(), errors.mae(), errors.rSquared());
        return new HeldOut(crossValidation, residuals, foldOf, folds, covered / (double) n, widths / n, heldOut,
                transform);
    }

    /**
     * The rows of the inputs and the fitted target as a tree ensemble's Smile frame, a category a nominal column,
     * all of them or those at {@code rows}.
     */
    private DataFrame frame(double[][] columns, int[] rows) {
        return TreeEnsembles.frame(declared.features(), columns, declared.target().name(), target, rows);
    }

    private void treeFold(int fold, int[] foldOf, int[] train, double[][] columns, DataFrame all) {
        // What the settings leave to choose is chosen from this fold's training rows alone: nested, never looking
        // at the rows it is scored on.
        var model = TreeEnsembles.fitChoosing(settings.algorithm(), settings.trees(), formula, frame(columns, train))
                .model();
        for (int i = 0; i < foldOf.length; i++) {
            if (foldOf[i] == fold) {
                heldOut[i] = model.predict(all.get(i));
            }
        }
    }

    private void linearFold(int fold, int[] foldOf, int[] train, double[][] columns) {
        Dataset foldData = designOfFold(columns, train);
        var model = settings.algorithm().fitLinear(formula,
                Trainer.frame(foldData, declared.target().name(), train), settings.lambda());
        double intercept = model.intercept();
        double[] coefficients = model.coefficients();
        IntervalParameters.OlsExact exact = null;
        if (settings.algorithm() == Algorithm.OLS) {
            double rss = 0;
            for (int i : train) {
                double residual = target[i] - Trainer.predict(foldData, i, intercept, coefficients);
                rss += residual * residual;
            }
            exact = Intervals.olsExact(foldData, train, rss, train.length - foldData.columns().length - 1);
        }
        for (int i = 0; i < foldOf.length; i++) {
            if (foldOf[i] == fold) {
                heldOut[i] = Trainer.predict(foldData, i, intercept, coefficients);
                if (exact != null) {
                    double half = exact.halfWidthAt(row(foldData, i));
                    widths += HeldOut.width(declared.transform(), heldOut[i], half);
                    if (Math.abs(target[i] - heldOut[i]) <= half) {
                        covered++;
                    }
                }
            }
        }
    }

    /**
     * The design columns a fold's linear model is fitted on, every row of them, with the fitted target: those of the
     * published model's design that vary over the fold's training rows. For numbers only and columns that all vary,
     * the inputs' own arrays.
     */
    private Dataset designOfFold(double[][] columns, int[] train) {
        double[][] encoded = design.isIdentity() ? columns : design.encodeColumns(columns, data.rows());
        var kept = new ArrayList<double[]>(encoded.length);
        var names = new ArrayList<String>(encoded.length);
        for (int c = 0; c < encoded.length; c++) {
            if (varies(encoded[c], train)) {
                kept.add(encoded[c]);
                names.add(design.names().get(c));
            }
        }
        double[][] used = kept.size() == encoded.length ? encoded : kept.toArray(double[][]::new);
        return new Dataset(data.file(), data.sha256(), List.copyOf(names), used, target);
    }

    private static boolean varies(double[] column, int[] rows) {
        for (int i : rows) {
            if (column[i] != column[rows[0]]) {
                return true;
            }
        }
        return false;
    }

    private static double[] row(Dataset data, int i) {
        double[] x = new double[data.columns().length];
        for (int j = 0; j < x.length; j++) {
            x[j] = data.columns()[j][i];
        }
        return x;
    }

    /**
     * A fold's model predicted a held-out row beyond any number: a linear fit on a design that is singular without
     * that row (a row of leverage 1), whose held-out figures cannot be stored, nor mean anything.
     */
    private DataException notFinite(double[] served) {
        int row = 0;
        while (row < served.length - 1 && Double.isFinite(served[row])) {
            row++;
        }
        return new DataException(data.file() + ": cross-validation cannot measure this model: fitted without its"
                + " fold, data row " + Collinearity.fileRow(row, data.dropped()) + " is predicted as " + served[row]
                + " " + declared.target().unit() + ", because without it the design is singular (a row of leverage 1"
                + (settings.algorithm().linear() ? "; the near-collinearity warnings above name the columns and rows"
                : "") + "): drop one of the collinear columns from the schema file, or check that row");
    }
}
