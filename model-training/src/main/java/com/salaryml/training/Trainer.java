package com.salaryml.training;

import com.salaryml.artifact.CoefficientStats;
import com.salaryml.artifact.CrossValidation;
import com.salaryml.artifact.FeatureSchema;
import com.salaryml.artifact.FeatureStats;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Metrics;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Provenance;
import com.salaryml.artifact.Target;
import com.salaryml.artifact.TrainingData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.math.matrix.Matrix;
import smile.stat.distribution.TDistribution;

/**
 * Fits a linear model with Smile after checking that the fit is well posed, then measures it honestly:
 * on the training rows, and on held-out rows by leave-one-out (up to {@value #LEAVE_ONE_OUT_MAX_ROWS} rows)
 * or seeded k-fold cross-validation (above).
 */
final class Trainer {

    /** Above this many rows, leave-one-out's one fit per row costs too much; k-fold takes over. */
    static final int LEAVE_ONE_OUT_MAX_ROWS = 1000;

    /** The coverage of the prediction intervals stored with least-squares models. */
    static final double INTERVAL_LEVEL = 0.95;

    /**
     * A column whose part unexplained by the columns before it is smaller than this share of its spread is
     * treated as a linear combination of them: its coefficient would be noise.
     */
    private static final double COLLINEAR_TOLERANCE = 1e-10;

    /**
     * How a model is to be fitted and cross-validated: the algorithm, and the settings of every algorithm, so
     * that the same settings can fit each family in turn for a comparison.
     *
     * @param lambda the penalty weight of ridge and the lasso
     * @param folds  k for k-fold cross-validation
     * @param seed   the seed that shuffles rows into folds
     * @param gbm    the settings of gradient boosting
     * @param forest the settings of a random forest
     */
    record Settings(Algorithm algorithm, double lambda, int folds, long seed, TreeSettings gbm, TreeSettings forest) {

        /** These settings with the built-in defaults of both tree ensembles. */
        Settings(Algorithm algorithm, double lambda, int folds, long seed) {
            this(algorithm, lambda, folds, seed, TreeSettings.GBM, TreeSettings.RANDOM_FOREST);
        }

        /** The same settings for another algorithm. */
        Settings with(Algorithm other) {
            return new Settings(other, lambda, folds, seed, gbm, forest);
        }

        /** The tree settings of the algorithm; only for a tree ensemble. */
        TreeSettings trees() {
            return switch (algorithm) {
                case GBM -> gbm;
                case RANDOM_FOREST -> forest;
                default -> throw new IllegalStateException(algorithm.id + " has no tree settings");
            };
        }
    }

    private Trainer() {
    }

    static Model fit(Dataset data, FeatureSchema schema, Target target, String name, String version,
                           Settings settings, Provenance provenance) throws DataException {
        checkWellPosed(data);
        int n = data.rows();
        int p = schema.size();
        Formula formula = Formula.lhs(target.name());
        smile.regression.LinearModel fitted = settings.algorithm().fitLinear(formula,
                frame(data, schema, target, null), settings.lambda());
        double intercept = fitted.intercept();
        double[] coefficients = fitted.coefficients();

        double[] predicted = predictAll(data, intercept, coefficients);
        Errors training = Errors.of(data.target(), predicted);
        if (training.rss() == 0) {
            throw new DataException(data.file() + ": " + target.name() + " is an exact linear function of the"
                    + " features on every row. Real data is never that clean: check whether the target leaked into"
                    + " a feature column.");
        }
        double adjusted = 1 - (1 - training.rSquared()) * (n - 1) / (double) (n - p - 1);
        CrossValidation crossValidation = crossValidate(data, schema, target, settings);
        var metrics = new Metrics(training.rSquared(), adjusted, training.rmse(), training.mae(), crossValidation);

        IntervalParameters interval = null;
        List<CoefficientStats> coefficientStats = List.of();
        if (settings.algorithm() == Algorithm.OLS) {
            interval = intervalParameters(data, training.rss(), n - p - 1);
            coefficientStats = coefficientStats(fitted, schema);
        }
        Map<String, Double> hyperparameters = settings.algorithm().penalized()
                ? Map.of("lambda", settings.lambda()) : Map.of();
        var trainingData = new TrainingData(data.file(), data.sha256(), n, featureStats(data));
        var metadata = new ModelMetadata(name, version, settings.algorithm().id, hyperparameters, schema, target,
                metrics, coefficientStats, trainingData, provenance);
        return new Model(metadata, new LinearModel(intercept, coefficients), interval);
    }

    /**
     * Fits a small, fixed, seeded data set with these settings and throws the model away. The first fit in a
     * JVM loads Smile's classes and native libraries, which takes longer than fitting 10,000 rows; after this,
     * the time {@link #fit} takes is the fit's own, and a command can report it as such.
     */
    static void warmUp(FeatureSchema schema, Target target, Settings settings, Provenance provenance) {
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
            throw new IllegalStateException("the warm-up data is well posed by construction", e);
        }
    }

    /** Rejects data on which least squares has no unique, meaningful answer, naming the column at fault. */
    static void checkWellPosed(Dataset data) throws DataException {
        int n = data.rows();
        int p = data.columns().length;
        // Leave-one-out fits every n - 1 rows, and each of those fits must itself be over-determined.
        if (n < p + 3) {
            throw new DataException(data.file() + ": " + n + " data rows are too few to fit " + p
                    + " coefficients and an intercept and still measure the error on held-out rows; at least "
                    + (p + 3) + " rows are needed");
        }
        // Gram-Schmidt on the centred columns: centring accounts for the intercept, and whatever of a column
        // the earlier columns cannot explain is left over. A column with nothing left over adds no information.
        List<double[]> basis = new ArrayList<>();
        List<String> basisNames = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            String name = data.features().get(j);
            double[] raw = data.columns()[j];
            if (isConstant(raw)) {
                throw new DataException(data.file() + ": column '" + name + "' is constant (every row has "
                        + Numbers.plain(raw[0]) + "), so its effect cannot be told apart from the intercept;"
                        + " drop the column or add rows where it varies");
            }
            double[] column = centred(raw);
            double spread = dot(column, column);
            for (double[] unit : basis) {
                double projection = dot(column, unit);
                for (int i = 0; i < n; i++) {
                    column[i] -= projection * unit[i];
                }
            }
            double left = dot(column, column);
            if (left <= COLLINEAR_TOLERANCE * spread) {
                throw new DataException(data.file() + ": column '" + name + "' is collinear with "
                        + String.join(", ", basisNames.stream().map(c -> "'" + c + "'").toList())
                        + " and the intercept: it is a linear combination of them, so the coefficients have no"
                        + " unique values; drop one of these columns or add rows that break the pattern");
            }
            double norm = Math.sqrt(left);
            for (int i = 0; i < n; i++) {
                column[i] /= norm;
            }
            basis.add(column);
            basisNames.add(name);
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

    /**
     * Predicts every row from a model fitted without it: one fit per row for leave-one-out, one per fold for
     * k-fold. The folds come from a shuffle seeded by {@code settings.seed()}, so the result is repeatable.
     */
    static CrossValidation crossValidate(Dataset data, FeatureSchema schema, Target target, Settings settings) {
        int n = data.rows();
        boolean leaveOneOut = n <= LEAVE_ONE_OUT_MAX_ROWS;
        int folds = leaveOneOut ? n : Math.min(settings.folds(), n);
        int[] foldOf = new int[n];
        if (leaveOneOut) {
            for (int i = 0; i < n; i++) {
                foldOf[i] = i;
            }
        } else {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            var random = new SplittableRandom(settings.seed());
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int i = 0; i < n; i++) {
                foldOf[order[i]] = i % folds;
            }
        }
        int[] sizes = new int[folds];
        for (int fold : foldOf) {
            sizes[fold]++;
        }
        double[] heldOut = new double[n];
        Formula formula = Formula.lhs(target.name());
        for (int fold = 0; fold < folds; fold++) {
            int[] train = new int[n - sizes[fold]];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] != fold) {
                    train[k++] = i;
                }
            }
            var model = settings.algorithm().fitLinear(formula, frame(data, schema, target, train),
                    settings.lambda());
            double intercept = model.intercept();
            double[] coefficients = model.coefficients();
            for (int i = 0; i < n; i++) {
                if (foldOf[i] == fold) {
                    heldOut[i] = predict(data, i, intercept, coefficients);
                }
            }
        }
        Errors errors = Errors.of(data.target(), heldOut);
        return new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD, folds,
                leaveOneOut ? null : settings.seed(), errors.rmse(), errors.mae(), errors.rSquared());
    }

    private static IntervalParameters intervalParameters(Dataset data, double rss, int degreesOfFreedom) {
        int p = data.columns().length;
        double[][] xtx = new double[p + 1][p + 1];
        double[] row = new double[p + 1];
        row[0] = 1;
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < p; j++) {
                row[j + 1] = data.columns()[j][i];
            }
            for (int a = 0; a <= p; a++) {
                for (int b = a; b <= p; b++) {
                    xtx[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a <= p; a++) {
            for (int b = 0; b < a; b++) {
                xtx[a][b] = xtx[b][a];
            }
        }
        double[][] inverse = Matrix.of(xtx).inverse().toArray();
        // Symmetric in exact arithmetic; make it so in floating point, so the quadratic form is too.
        for (int a = 0; a <= p; a++) {
            for (int b = 0; b < a; b++) {
                double mean = (inverse[a][b] + inverse[b][a]) / 2;
                inverse[a][b] = mean;
                inverse[b][a] = mean;
            }
        }
        double tCritical = tCritical(degreesOfFreedom, INTERVAL_LEVEL);
        double residualStdError = Math.sqrt(rss / degreesOfFreedom);
        return new IntervalParameters.OlsExact(INTERVAL_LEVEL, tCritical, residualStdError, degreesOfFreedom, inverse);
    }

    /**
     * Student's t quantile at {@code (1 + level) / 2}: the critical value of a two-sided interval of that level.
     * Smile's quantile is off by up to a few parts in 10⁸ (its incomplete beta function is), so it only starts
     * Newton's method on the exact finite series for P(|T| ≤ t) with whole degrees of freedom.
     */
    static double tCritical(long degreesOfFreedom, double level) {
        var distribution = new TDistribution(Math.toIntExact(degreesOfFreedom));
        double t = distribution.quantile((1 + level) / 2);
        for (int i = 0; i < 10; i++) {
            // d/dt P(|T| ≤ t) is twice the density; Smile's density is ample for the slope.
            double step = (centralProbability(t, degreesOfFreedom) - level) / (2 * distribution.p(t));
            t -= step;
            if (Math.abs(step) <= 1e-15 * t) {
                break;
            }
        }
        return t;
    }

    /**
     * P(|T| ≤ t) for Student's t with ν degrees of freedom, from the finite series of Abramowitz and Stegun
     * 26.7.3 (ν odd) and 26.7.4 (ν even), with θ = atan(t / √ν).
     */
    static double centralProbability(double t, long nu) {
        double theta = Math.atan(t / Math.sqrt(nu));
        double cos = Math.cos(theta);
        double cos2 = cos * cos;
        double term = 1;
        double sum = 1;
        if (nu % 2 == 0) {
            // sin θ · (1 + ½cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3···(ν−3))/(2·4···(ν−2))cos^(ν−2)θ)
            for (long k = 2; k <= nu - 2; k += 2) {
                term *= (k - 1) * cos2 / k;
                sum += term;
            }
            return Math.sin(theta) * sum;
        }
        // (2/π)(θ + sin θ cos θ · (1 + (2/3)cos²θ + … + (2·4···(ν−3))/(3·5···(ν−2))cos^(ν−3)θ));
        // for ν = 1 just (2/π)θ
        for (long k = 2; k <= nu - 3; k += 2) {
            term *= k * cos2 / (k + 1);
            sum += term;
        }
        return 2 / Math.PI * (theta + (nu == 1 ? 0 : Math.sin(theta) * cos * sum));
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

    private static Map<String, FeatureStats> featureStats(Dataset data) {
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
            stats.put(data.features().get(j), new FeatureStats(min, max, mean, Math.sqrt(squares / (values.length - 1))));
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

    private static double predict(Dataset data, int row, double intercept, double[] coefficients) {
        double sum = intercept;
        for (int j = 0; j < coefficients.length; j++) {
            sum += coefficients[j] * data.columns()[j][row];
        }
        return sum;
    }

    /** Squared and absolute errors of predictions against the truth. */
    record Errors(double rss, double rmse, double mae, double rSquared) {

        static Errors of(double[] actual, double[] predicted) {
            double mean = 0;
            for (double value : actual) {
                mean += value;
            }
            mean /= actual.length;
            double rss = 0;
            double absolute = 0;
            double total = 0;
            for (int i = 0; i < actual.length; i++) {
                double residual = actual[i] - predicted[i];
                rss += residual * residual;
                absolute += Math.abs(residual);
                total += (actual[i] - mean) * (actual[i] - mean);
            }
            int n = actual.length;
            return new Errors(rss, Math.sqrt(rss / n), absolute / n, total == 0 ? 0 : 1 - rss / total);
        }
    }

    private static boolean isConstant(double[] values) {
        for (double value : values) {
            if (value != values[0]) {
                return false;
            }
        }
        return true;
    }

    private static double[] centred(double[] values) {
        double mean = 0;
        for (double value : values) {
            mean += value;
        }
        mean /= values.length;
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] - mean;
        }
        return result;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
