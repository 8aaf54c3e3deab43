package com.salaryml.training;

import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.metadata.CrossValidation;
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
 * {@value #LEAVE_ONE_OUT_MAX_ROWS} rows and seeded k-fold above; tree ensembles always use seeded k-fold,
 * since a fit per row would cost hundreds of trees each.
 *
 * <p>The held-out residuals also give every family but ordinary least squares its prediction interval: a
 * conformal one, whose half width is the ⌈level · (n + 1)⌉-th smallest absolute held-out residual. Ordinary least
 * squares keeps its exact interval. Either way, the share of held-out rows inside their interval, and its mean
 * width, are measured and stored with the model.
 */
public final class Trainer {

    /** Above this many rows, leave-one-out's one fit per row costs too much; k-fold takes over. */
    public static final int LEAVE_ONE_OUT_MAX_ROWS = 1000;

    private Trainer() {
    }

    /** A model, and the Smile model it was made from, for the tests that compare the two. */
    record Fitted(Model model, Regression<Tuple> library, DataFrame frame) {
    }

    /**
     * Checks that the fit is well posed, fits the model with Smile, cross-validates it and measures its interval.
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
        Algorithm algorithm = settings.algorithm();
        DataChecks.checkWellPosed(data, settings);
        int n = data.rows();
        int p = schema.size();
        Formula formula = Formula.lhs(target.name());
        DataFrame frame = frame(data, schema, target, null);
        ModelKind kind;
        Regression<Tuple> library;
        double[] predicted;
        smile.regression.LinearModel linear = null;
        if (algorithm.linear()) {
            linear = algorithm.fitLinear(formula, frame, settings.lambda());
            library = linear;
            kind = new LinearModel(linear.intercept(), linear.coefficients());
            predicted = predictAll(data, linear.intercept(), linear.coefficients());
        } else {
            TreeSettings trees = settings.trees();
            var ensemble = TreeEnsembles.fit(algorithm, trees, formula, frame);
            library = ensemble;
            TreeEnsembleModel exported;
            try {
                exported = TreeExport.of(ensemble, trees, frame, schema.names());
            } catch (TreeExport.TooLargeException e) {
                String prefix = algorithm.settingsPrefix();
                throw new DataException(e.getMessage() + ": lower " + prefix + "trees (" + trees.trees() + ") or "
                        + prefix + "max_nodes (" + trees.maxNodes() + ") in " + TrainingOptions.CONFIG_FILE);
            }
            predicted = TreeExport.predictAll(exported, data);
            TreeExport.check(exported, predicted, ensemble, frame);
            kind = exported;
        }
        Errors training = Errors.of(data.target(), predicted);
        if (algorithm.linear() && training.rss() == 0) {
            throw DataChecks.exactFit(data.file(), target.name());
        }
        // For a tree ensemble, as for a linear model, this charges one degree of freedom per feature: a
        // convention, not a count of what the trees spent; the cross-validated figures are the honest ones.
        double adjusted = 1 - (1 - training.rSquared()) * (n - 1) / (double) (n - p - 1);
        HeldOut heldOut = CrossValidator.crossValidate(data, schema, target, settings, algorithm.linear());

        IntervalParameters interval;
        CrossValidation crossValidation = heldOut.crossValidation();
        List<CoefficientStats> coefficientStats = List.of();
        if (algorithm == Algorithm.OLS) {
            interval = Intervals.olsExact(data, null, training.rss(), n - p - 1);
            coefficientStats = coefficientStats(linear, schema);
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
                : algorithm.trees() ? settings.trees().hyperparameters(algorithm) : Map.of();
        // The distributions the app compares live inputs and predictions with, to see drift.
        var trainingData = new TrainingData(data.file(), data.sha256(), n, featureStats(data, settings.bins()),
                Distribution.of(predicted, settings.bins()));
        var metadata = ModelMetadata.builder().name(name).version(version).algorithm(algorithm.id)
                .hyperparameters(hyperparameters).schema(schema).target(target).metrics(metrics)
                .coefficientStats(coefficientStats).trainingData(trainingData).provenance(provenance).build();
        return new Fitted(new Model(metadata, kind, interval), library, frame);
    }

    /**
     * Fits a small, fixed, seeded data set with these settings and throws the model away. The first fit in a
     * JVM loads Smile's classes and native libraries, which takes longer than fitting 10,000 rows; after this,
     * the time {@link #fit} takes is the fit's own, and a command can report it as such.
     */
    static void warmUp(FeatureSchema schema, Target target, FitSettings settings, Provenance provenance) {
        int p = schema.size();
        int n = p + 6;
        var random = new SplittableRandom(1);
        double[][] columns = new double[p][n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 1000;
            for (int j = 0; j < p; j++) {
                var feature = schema.features().get(j);
                columns[j][i] = feature.min() + random.nextDouble() * (feature.max() - feature.min());
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
        int p = schema.size();
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
            names[j] = schema.names().get(j);
        }
        names[p] = target.name();
        return DataFrame.of(table, names);
    }

    private static List<CoefficientStats> coefficientStats(smile.regression.LinearModel fitted, FeatureSchema schema) {
        // Smile's t-test table: the intercept first, then one row per feature; estimate, std error, t, p.
        double[][] table = fitted.ttest();
        int p = schema.size();
        if (table.length != p + 1 || Double.compare(table[0][0], fitted.intercept()) != 0) {
            throw new IllegalStateException("Smile's t-test table does not have the expected layout");
        }
        var stats = new ArrayList<CoefficientStats>(p + 1);
        stats.add(new CoefficientStats("intercept", table[0][0], table[0][1], table[0][2], table[0][3]));
        for (int j = 0; j < p; j++) {
            double[] row = table[j + 1];
            stats.add(new CoefficientStats(schema.names().get(j), row[0], row[1], row[2], row[3]));
        }
        return stats;
    }

    private static Map<String, FeatureStats> featureStats(Dataset data, int bins) {
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int j = 0; j < data.columns().length; j++) {
            double[] values = data.columns()[j];
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
            stats.put(data.features().get(j), new FeatureStats(min, max, mean, Math.sqrt(squares / (values.length - 1)),
                    Distribution.of(values, bins)));
        }
        return stats;
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
