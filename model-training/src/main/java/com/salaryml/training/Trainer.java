package com.salaryml.training;

import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.Numbers;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.schema.Target;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.regression.Regression;

/**
 * Fits a model with Smile after checking that the fit is well posed, then measures it honestly: on the
 * training rows, and on held-out rows by cross-validation. Linear models use leave-one-out up to
 * {@value #LEAVE_ONE_OUT_MAX_ROWS} rows and seeded k-fold above; tree ensembles use seeded k-fold, since a fit per
 * row would cost hundreds of trees each, up to {@link FitSettings.Holdout#aboveRows()} rows. Above, as the Spark
 * trainer does, a tree ensemble is fitted once, on all rows but a seeded share held out ({@link Folds#heldOut}, the
 * same rows the Spark trainer holds out), and measured on those: k-fold would cost k more fits of the whole
 * ensemble, and on data that large one held-out share measures the served model itself, and well.
 *
 * <p>The held-out residuals also give every family but ordinary least squares its prediction interval: a
 * conformal one, whose half width is the ⌈level · (n + 1)⌉-th smallest absolute held-out residual (split conformal
 * for a holdout's). Ordinary least squares keeps its exact interval. Either way, the share of held-out rows inside
 * their interval, and its mean width, are measured and stored with the model.
 */
public final class Trainer {

    /** Above this many rows, leave-one-out's one fit per row costs too much; k-fold takes over. */
    public static final int LEAVE_ONE_OUT_MAX_ROWS = 1000;

    private Trainer() {
    }

    /**
     * A model, and the Smile model it was made from, for the tests that compare the two; with its cross-validation,
     * whose residuals on the fitted scale the approval gate judges.
     */
    record Fitted(Model model, Regression<Tuple> library, DataFrame frame, HeldOut heldOut) {
    }

    /**
     * Checks that the fit is well posed, fits the model with Smile, cross-validates it and measures its interval.
     *
     * @param data       the training rows
     * @param schema     the schema file: the features, in the order of the data's columns, with their rules for a
     *                   missing value, and the target the model predicts
     * @param version    the new model's version
     * @param settings   the algorithm and its settings
     * @param provenance how the model is being made
     * @return the model, ready for the review report and the approval gate
     * @throws DataException if the data does not allow a well-posed fit
     */
    public static Model fit(Dataset data, DataSchema schema, String version, FitSettings settings,
                            Provenance provenance) throws DataException {
        return fitWithSmile(data, Declared.of(schema), schema.model(), version, settings, provenance).model();
    }

    /**
     * Checks that the fit is well posed, fits the model with Smile, cross-validates it and measures its interval:
     * for features that refuse a missing value.
     *
     * @param data       the training rows
     * @param schema     the features, in the order of the data's columns
     * @param target     the target the model predicts
     * @param name       the model's name, from the schema file
     * @param version    the new model's version
     * @param settings   the algorithm and its settings
     * @param provenance how the model is being made
     * @return the model, ready for the review report and the approval gate
     * @throws DataException if the data does not allow a well-posed fit
     */
    public static Model fit(Dataset data, FeatureSchema schema, Target target, String name, String version,
                            FitSettings settings, Provenance provenance) throws DataException {
        return fitWithSmile(data, schema, target, name, version, settings, provenance).model();
    }

    static Fitted fitWithSmile(Dataset data, FeatureSchema schema, Target target, String name, String version,
                               FitSettings settings, Provenance provenance) throws DataException {
        return fitWithSmile(data, Declared.refusing(schema, target), name, version, settings, provenance);
    }

    static Fitted fitWithSmile(Dataset data, Declared declared, String name, String version, FitSettings settings,
                               Provenance provenance) throws DataException {
        Algorithm algorithm = settings.algorithm();
        Target target = declared.target();
        // Above cv.holdout_above_rows rows, a tree ensemble is fitted on these rows alone and measured on the rest.
        byte[] side = algorithm.trees() && settings.holdout().appliesTo(data.rows())
                ? Folds.heldOut(data.rows(), settings.holdout().share(), settings.seed()) : null;
        int[] fittedRows = side == null ? null : rowsOn(side, (byte) 0);
        if (fittedRows != null) {
            checkRowsLeftToFit(data, declared.features().size(), settings.holdout(), fittedRows.length);
        }
        // As on Spark: when some cell is missing, the values that fill the gaps come from the rows fitted alone, so
        // that a held-out row's own value never leaks into its fill; with no gaps, they are recorded from all rows.
        Prepared prepared = prepare(data, declared, settings, data.hasMissing() ? fittedRows : null);
        FeatureSchema schema = prepared.schema();
        double[][] filled = prepared.filled();
        double[] fittedTarget = prepared.fitData().target();
        Design design = Design.of(schema);
        Dataset fitData = prepared.fitData();
        int n = data.rows();
        int p = design.size();
        Formula formula = Formula.lhs(target.name());
        // A tree ensemble splits a category by its levels, so it sees the category itself as Smile's nominal column.
        DataFrame frame = algorithm.linear() ? frame(fitData, target.name(), null)
                : TreeEnsembles.frame(schema, fitData.columns(), target.name(), fittedTarget, null);
        ModelKind kind;
        Regression<Tuple> library;
        double[] predicted;
        smile.regression.LinearModel linear = null;
        // The tree settings fitted: as configured, or as cross-validation chose them.
        TreeSettings trees = null;
        if (algorithm.linear()) {
            linear = algorithm.fitLinear(formula, frame, settings.lambda());
            library = linear;
            kind = new LinearModel(linear.intercept(), linear.coefficients());
            predicted = predictAll(fitData, linear.intercept(), linear.coefficients());
        } else {
            DataFrame fitFrame = fittedRows == null ? frame
                    : TreeEnsembles.frame(schema, fitData.columns(), target.name(), fittedTarget, fittedRows);
            var chosen = TreeEnsembles.fitChoosing(algorithm, settings.trees(), formula, fitFrame);
            trees = chosen.settings();
            var ensemble = chosen.model();
            library = ensemble;
            TreeEnsembleModel exported;
            try {
                // Boosting's start is the mean of the rows it was fitted on, read from those rows.
                exported = TreeExport.of(ensemble, trees, fitFrame, schema.names());
            } catch (TreeExport.TooLargeException e) {
                String prefix = algorithm.settingsPrefix();
                throw new DataException(e.getMessage() + ": lower " + prefix + "trees (" + trees.trees() + ") or "
                        + prefix + "max_nodes (" + trees.maxNodes() + ") in " + TrainingOptions.CONFIG_FILE);
            }
            predicted = TreeExport.predictAll(exported, fitData);
            TreeExport.check(exported, predicted, ensemble, frame);
            kind = exported;
        }
        Errors onFittedScale = Errors.of(fittedTarget, predicted);
        if (algorithm.linear() && onFittedScale.rss() == 0) {
            throw DataChecks.exactFit(data.file(), target.name());
        }
        // The metrics the gate and the review read are in the target's own unit: what the server serves, which
        // for a log model is exp of the predicted log.
        double[] served = served(predicted, declared.transform());
        // The training errors are of the rows the model was fitted on: all of them, or all but those held out.
        int fittedCount = fittedRows == null ? n : fittedRows.length;
        Errors training = fittedRows == null ? Errors.of(data.target(), served)
                : Errors.of(pick(data.target(), fittedRows), pick(served, fittedRows));
        // For a tree ensemble, as for a linear model, this charges one degree of freedom per feature: a
        // convention, not a count of what the trees spent; the cross-validated figures are the honest ones.
        double adjusted = 1 - (1 - training.rSquared()) * (fittedCount - 1) / (double) (fittedCount - p - 1);
        HeldOut heldOut = side == null ? CrossValidator.crossValidate(data, declared, settings, algorithm.linear())
                : CrossValidator.holdout(data, declared, settings.seed(), side, predicted);

        IntervalParameters interval;
        CrossValidation crossValidation = heldOut.crossValidation();
        List<CoefficientStats> coefficientStats = List.of();
        if (algorithm == Algorithm.OLS) {
            interval = Intervals.olsExact(fitData, null, onFittedScale.rss(), n - p - 1);
            coefficientStats = coefficientStats(linear, design);
            crossValidation = crossValidation.withInterval(heldOut.exactCoverage(), heldOut.exactMeanWidth());
        } else {
            interval = Intervals.conformal(heldOut);
            if (interval != null) {
                Intervals.Conformity conformity = Intervals.conformity(heldOut);
                if (conformity != null) {
                    crossValidation = crossValidation.withInterval(conformity.coverage(), conformity.meanWidth());
                }
            }
        }
        var metrics = new Metrics(training.rSquared(), adjusted, training.rmse(), training.mae(), crossValidation);
        Map<String, Double> hyperparameters = algorithm.penalized() ? Map.of("lambda", settings.lambda())
                : algorithm.trees() ? treeHyperparameters(algorithm, settings.trees(), trees) : Map.of();
        // The distributions the app compares live inputs and predictions with, to see drift: of the inputs as the
        // model saw them, gaps filled in, and of the estimates it served.
        var trainingData = new TrainingData(data.file(), data.sha256(), n,
                featureStats(schema, filled, data.columns(), settings.bins()), Distribution.of(served, settings.bins()));
        var metadata = ModelMetadata.builder().name(name).version(version).algorithm(algorithm.id)
                .hyperparameters(hyperparameters).schema(schema).target(target).metrics(metrics)
                .coefficientStats(coefficientStats).trainingData(trainingData).provenance(provenance).build();
        return new Fitted(new Model(metadata, kind, interval), library, frame, heldOut);
    }

    /**
     * A holdout must leave rows to fit on: as many as a tree ensemble needs of all the data
     * ({@link DataChecks#checkTreesWellPosed}). Only a large share of small data, with the threshold lowered to
     * reach it, leaves fewer.
     */
    private static void checkRowsLeftToFit(Dataset data, int features, FitSettings.Holdout holdout, int fitted)
            throws DataException {
        if (fitted < features + 3) {
            throw new DataException(data.file() + ": holding out cv.holdout_share " + Numbers.plain(holdout.share())
                    + " of the " + data.rows() + " rows (more than cv.holdout_above_rows, " + holdout.aboveRows()
                    + ") leaves " + fitted + " rows to fit a tree ensemble on " + features + " features; at least "
                    + (features + 3) + " are needed: lower cv.holdout_share or raise cv.holdout_above_rows in "
                    + TrainingOptions.CONFIG_FILE);
        }
    }

    /**
     * What a tree ensemble's model file records of its settings: those fitted, and how cross-validation chose any it
     * chose ({@link TreeSearch#recorded}).
     */
    private static Map<String, Double> treeHyperparameters(Algorithm algorithm, TreeSettings requested,
                                                           TreeSettings fitted) {
        var recorded = new LinkedHashMap<>(fitted.hyperparameters(algorithm));
        recorded.putAll(TreeSearch.recorded(requested));
        return recorded;
    }

    /**
     * The data as Smile fits it, checked to suit the algorithm.
     *
     * @param schema  the features, each with the value that fills in a missing one, computed from all the rows
     * @param filled  the inputs with every missing cell filled in, a category as its level's code
     * @param fitData what Smile fits: for a linear model the design's columns (each level but the reference its
     *                own 0/1 column, as R's lm codes a factor), for a tree ensemble the inputs themselves; the
     *                target on its fitted scale
     */
    record Prepared(FeatureSchema schema, double[][] filled, Dataset fitData) {
    }

    /**
     * Checks that the data suits the algorithm (every declared level in some row, a well-posed fit) and lays it out
     * as Smile fits it.
     *
     * @throws DataException naming what does not suit, and what to do
     */
    static Prepared prepare(Dataset data, Declared declared, FitSettings settings) throws DataException {
        return prepare(data, declared, settings, null);
    }

    /**
     * As {@link #prepare(Dataset, Declared, FitSettings)}, with the values that fill in missing cells computed from
     * the rows at {@code fillRows} alone, or from all rows if null.
     */
    static Prepared prepare(Dataset data, Declared declared, FitSettings settings, int[] fillRows)
            throws DataException {
        Algorithm algorithm = settings.algorithm();
        checkLevels(data, declared);
        // The published model's fill values come from all the rows it is fitted on; cross-validation computes each
        // fold's own.
        double[] fills = Imputation.required(declared, data.columns(), fillRows, fillRows == null ? data.file()
                : data.file() + ", the rows fitted (all but the " + (data.rows() - fillRows.length) + " held out)");
        FeatureSchema schema = Imputation.withValues(declared, fills);
        double[][] filled = data.hasMissing() ? Imputation.fill(data.columns(), fills) : data.columns();
        double[] fittedTarget = onFittedScale(data.target(), declared.transform());
        Design design = Design.of(schema);
        var fitData = algorithm.linear() && !design.isIdentity()
                ? new Dataset(data.file(), data.sha256(), design.names(), design.encodeColumns(filled, data.rows()),
                        fittedTarget)
                : new Dataset(data.file(), data.sha256(), schema.names(), filled, fittedTarget);
        DataChecks.checkWellPosed(fitData, settings);
        return new Prepared(schema, filled, fitData);
    }

    /**
     * Every declared level needs a training row: a linear model's column for a level no row has is all zeros,
     * and its coefficient cannot be estimated.
     */
    static void checkLevels(Dataset data, Declared declared) throws DataException {
        var problems = new ArrayList<String>();
        for (int j = 0; j < declared.features().size(); j++) {
            Feature feature = declared.features().features().get(j);
            if (!feature.isCategorical()) {
                continue;
            }
            long[] counts = new long[feature.levels().size()];
            for (double code : data.columns()[j]) {
                if (!Double.isNaN(code)) {
                    counts[(int) code]++;
                }
            }
            for (int level = 0; level < counts.length; level++) {
                if (counts[level] == 0) {
                    problems.add(data.file() + ": level \"" + feature.level(level) + "\" of " + feature.name()
                            + " has no row in the data" + (data.dropped().count() > 0 ? " (after --drop-incomplete left out "
                            + data.dropped().count() + " incomplete rows)" : "") + ", so a linear model cannot"
                            + " estimate what it adds (the fit would be singular): remove it from " + feature.name()
                            + "'s levels in the schema file, or add rows that have it");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
    }

    /** The target on the scale the model is fitted on: the values themselves, or their logs. */
    static double[] onFittedScale(double[] target, Target.Transform transform) {
        if (transform == Target.Transform.NONE) {
            return target;
        }
        double[] fitted = new double[target.length];
        for (int i = 0; i < target.length; i++) {
            fitted[i] = transform.apply(target[i]);
        }
        return fitted;
    }

    /** Predictions on the fitted scale as the server serves them, in the target's own unit. */
    static double[] served(double[] predicted, Target.Transform transform) {
        if (transform == Target.Transform.NONE) {
            return predicted;
        }
        double[] served = new double[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            served[i] = transform.invert(predicted[i]);
        }
        return served;
    }

    /**
     * Fits a small, fixed, seeded data set with these settings and throws the model away. The first fit in a
     * JVM loads Smile's classes and native libraries, which takes longer than fitting 10,000 rows; after this,
     * the time {@link #fit} takes is the fit's own, and a command can report it as such.
     */
    static void warmUp(FeatureSchema schema, Target target, FitSettings settings, Provenance provenance) {
        int p = schema.size();
        int n = Design.of(schema).size() + 6;
        var random = new SplittableRandom(1);
        double[][] columns = new double[p][n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 1000;
            for (int j = 0; j < p; j++) {
                var feature = schema.features().get(j);
                // A category's levels in turn, so that each has rows and the fit is well posed.
                columns[j][i] = feature.isCategorical() ? i % feature.levels().size()
                        : feature.min() + random.nextDouble() * (feature.max() - feature.min());
                values[i] += (j + 1) * columns[j][i];
            }
            values[i] += random.nextDouble() * 100;
        }
        var data = new Dataset("warm-up", "0".repeat(64), schema.names(), columns, values);
        try {
            fit(data, schema, target, "warm-up", "0", settings, provenance);
        } catch (DataException e) {
            // The warm-up data is well posed by construction, but settings may not suit any data of this schema
            // (a forest asked to choose among more features than there are): the real fit says so, naming the
            // data file.
        }
    }

    /** The training rows as a Smile data frame: all rows, or those at {@code rows}. */
    static DataFrame frame(Dataset data, FeatureSchema schema, Target target, int[] rows) {
        return frame(new Dataset(data.file(), data.sha256(), schema.names(), data.columns(), data.target()),
                target.name(), rows);
    }

    /** The rows as a Smile data frame, its columns named as the data's, all rows or those at {@code rows}. */
    static DataFrame frame(Dataset data, String target, int[] rows) {
        int p = data.columns().length;
        int n = rows == null ? data.rows() : rows.length;
        double[][] table = new double[n][p + 1];
        for (int i = 0; i < n; i++) {
            int row = rows == null ? i : rows[i];
            for (int j = 0; j < p; j++) {
                table[i][j] = data.columns()[j][row];
            }
            table[i][p] = data.target()[row];
        }
        String[] names = new String[p + 1];
        for (int j = 0; j < p; j++) {
            names[j] = data.features().get(j);
        }
        names[p] = target;
        return DataFrame.of(table, names);
    }

    private static List<CoefficientStats> coefficientStats(smile.regression.LinearModel fitted, Design design) {
        // Smile's t-test table: the intercept first, then one row per design column; estimate, std error, t, p.
        double[][] table = fitted.ttest();
        int p = design.size();
        if (table.length != p + 1 || Double.compare(table[0][0], fitted.intercept()) != 0) {
            throw new IllegalStateException("Smile's t-test table does not have the expected layout");
        }
        var stats = new ArrayList<CoefficientStats>(p + 1);
        stats.add(new CoefficientStats("intercept", table[0][0], table[0][1], table[0][2], table[0][3]));
        for (int j = 0; j < p; j++) {
            double[] row = table[j + 1];
            stats.add(new CoefficientStats(design.names().get(j), row[0], row[1], row[2], row[3]));
        }
        return stats;
    }

    /**
     * Each feature's training statistics: a number's range, mean, spread and bins, a category's level shares, of
     * the values the model was fitted on (gaps filled in); and for a feature that fills gaps, how many there were.
     *
     * @param columns the inputs as fitted, gaps filled in
     * @param read    the inputs as read, NaN where a value was missing
     */
    private static Map<String, FeatureStats> featureStats(FeatureSchema schema, double[][] columns, double[][] read,
                                                          int bins) {
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int j = 0; j < columns.length; j++) {
            FeatureStats one = featureStats(schema.features().get(j), columns[j], bins);
            if (schema.features().get(j).missing().fills()) {
                long missing = Arrays.stream(read[j]).filter(Double::isNaN).count();
                one = one.withMissingShare((double) missing / read[j].length);
            }
            stats.put(schema.features().get(j).name(), one);
        }
        return stats;
    }

    private static FeatureStats featureStats(Feature feature, double[] values, int bins) {
        if (feature.isCategorical()) {
            long[] counts = new long[feature.levels().size()];
            for (double code : values) {
                counts[(int) code]++;
            }
            return FeatureStats.ofLevels(counts);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
        }
        double mean = Math.min(max, Math.max(min, sum / values.length));
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new FeatureStats(min, max, mean, Math.sqrt(squares / (values.length - 1)),
                Distribution.of(values, bins));
    }

    /** The places of the rows whose byte in {@code side} is {@code value}, in order. */
    static int[] rowsOn(byte[] side, byte value) {
        int count = 0;
        for (byte b : side) {
            if (b == value) {
                count++;
            }
        }
        int[] rows = new int[count];
        int k = 0;
        for (int i = 0; i < side.length; i++) {
            if (side[i] == value) {
                rows[k++] = i;
            }
        }
        return rows;
    }

    /** The values at {@code rows}, in their order. */
    static double[] pick(double[] values, int[] rows) {
        double[] picked = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            picked[k] = values[rows[k]];
        }
        return picked;
    }

    static double[] predictAll(Dataset data, double intercept, double[] coefficients) {
        double[] predicted = new double[data.rows()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = predict(data, i, intercept, coefficients);
        }
        return predicted;
    }

    static double predict(Dataset data, int row, double intercept, double[] coefficients) {
        double sum = intercept;
        for (int j = 0; j < coefficients.length; j++) {
            sum += coefficients[j] * data.columns()[j][row];
        }
        return sum;
    }

}
