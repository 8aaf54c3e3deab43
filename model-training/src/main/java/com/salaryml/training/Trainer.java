package com.salaryml.training;

import com.salaryml.artifact.CoefficientStats;
import com.salaryml.artifact.CrossValidation;
import com.salaryml.artifact.FeatureSchema;
import com.salaryml.artifact.Distribution;
import com.salaryml.artifact.FeatureStats;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.ModelKind;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Provenance;
import com.salaryml.artifact.Target;
import com.salaryml.artifact.TrainingData;
import com.salaryml.artifact.TreeEnsembleModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.math.matrix.Matrix;
import smile.regression.Regression;
import smile.stat.distribution.TDistribution;

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
    record Settings(Algorithm algorithm, double lambda, int folds, long seed, TreeSettings gbm, TreeSettings forest,
                    int bins) {

        /** How many quantile bins the training distributions get unless told: deciles. */
        static final int DEFAULT_BINS = 10;

        /** These settings with the built-in defaults of both tree ensembles. */
        Settings(Algorithm algorithm, double lambda, int folds, long seed) {
            this(algorithm, lambda, folds, seed, TreeSettings.GBM, TreeSettings.RANDOM_FOREST, DEFAULT_BINS);
        }

        /** The same settings for another algorithm. */
        Settings with(Algorithm other) {
            return new Settings(other, lambda, folds, seed, gbm, forest, bins);
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

    /** A model, and the Smile model it was made from, for the tests that compare the two. */
    record Fitted(Model model, Regression<Tuple> library, DataFrame frame) {
    }

    static Model fit(Dataset data, FeatureSchema schema, Target target, String name, String version,
                     Settings settings, Provenance provenance) throws DataException {
        return fitWithSmile(data, schema, target, name, version, settings, provenance).model();
    }

    static Fitted fitWithSmile(Dataset data, FeatureSchema schema, Target target, String name, String version,
                               Settings settings, Provenance provenance) throws DataException {
        Algorithm algorithm = settings.algorithm();
        checkWellPosed(data, settings);
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
            throw new DataException(data.file() + ": " + target.name() + " is an exact linear function of the"
                    + " features on every row. Real data is never that clean: check whether the target leaked into"
                    + " a feature column.");
        }
        // For a tree ensemble, as for a linear model, this charges one degree of freedom per feature: a
        // convention, not a count of what the trees spent; the cross-validated figures are the honest ones.
        double adjusted = 1 - (1 - training.rSquared()) * (n - 1) / (double) (n - p - 1);
        HeldOut heldOut = crossValidate(data, schema, target, settings, algorithm.linear());

        IntervalParameters interval;
        CrossValidation crossValidation = heldOut.crossValidation();
        List<CoefficientStats> coefficientStats = List.of();
        if (algorithm == Algorithm.OLS) {
            interval = olsExact(data, null, training.rss(), n - p - 1);
            coefficientStats = coefficientStats(linear, schema);
            crossValidation = crossValidation.withInterval(heldOut.exactCoverage(), heldOut.exactMeanWidth());
        } else {
            interval = conformal(heldOut);
            if (interval != null) {
                Conformity conformity = conformity(heldOut);
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
        var metadata = new ModelMetadata(name, version, algorithm.id, hyperparameters, schema, target,
                metrics, coefficientStats, trainingData, provenance);
        return new Fitted(new Model(metadata, kind, interval), library, frame);
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
            // The warm-up data is well posed by construction, but settings may not suit any data of this schema
            // (a forest asked to choose among more features than there are): the real fit says so, naming the
            // data file.
        }
    }

    /**
     * Rejects data on which the algorithm has no unique, meaningful answer, naming the column or setting at
     * fault: for least squares too few rows, a constant column or collinear ones; for a tree ensemble, which
     * minds neither, too few rows, or a forest asked to choose among more features than there are.
     */
    static void checkWellPosed(Dataset data, Settings settings) throws DataException {
        int n = data.rows();
        int p = data.columns().length;
        if (settings.algorithm().trees()) {
            checkTreesWellPosed(data.file(), n, p, settings);
            return;
        }
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

    /**
     * A tree ensemble minds neither constant nor collinear columns; it needs enough rows, and a forest must not be
     * asked to choose among more features than there are. Shared with the Spark trainer, which holds no
     * {@link Dataset}.
     *
     * @param file the data as the messages name it
     */
    static void checkTreesWellPosed(String file, long n, int p, Settings settings) throws DataException {
        if (n < p + 3) {
            throw new DataException(file + ": " + n + " data rows are too few to fit a tree ensemble on "
                    + p + " features and still measure the error on held-out rows; at least " + (p + 3)
                    + " rows are needed");
        }
        if (settings.algorithm() == Algorithm.RANDOM_FOREST && settings.forest().mtry() > p) {
            throw new DataException("random_forest.mtry is " + settings.forest().mtry() + ", but " + file
                    + " has only " + p + " features for a split to choose from; set it to at most " + p
                    + ", or 0 for all of them");
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
     * What cross-validation leaves behind: its metrics, each row's held-out residual and fold, and for ordinary
     * least squares the exact interval's held-out coverage and mean width.
     *
     * @param residuals each row's actual value minus its prediction by the model fitted without its fold
     * @param foldOf    each row's fold; for leave-one-out, the row itself
     */
    record HeldOut(CrossValidation crossValidation, double[] residuals, int[] foldOf, int folds,
                   double exactCoverage, double exactMeanWidth) {
    }

    /**
     * Predicts every row from a model fitted without it: one fit per row for leave-one-out, one per fold for
     * k-fold. The folds come from a shuffle seeded by {@code settings.seed()}, so the result is repeatable.
     *
     * @param leaveOneOut whether leave-one-out may be used, up to {@value #LEAVE_ONE_OUT_MAX_ROWS} rows;
     *                    otherwise k-fold, with k the rows if there are fewer rows than {@code settings.folds()}
     */
    static HeldOut crossValidate(Dataset data, FeatureSchema schema, Target target, Settings settings,
                                 boolean leaveOneOut) {
        int n = data.rows();
        leaveOneOut = leaveOneOut && n <= LEAVE_ONE_OUT_MAX_ROWS;
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
        Algorithm algorithm = settings.algorithm();
        int p = schema.size();
        double[] heldOut = new double[n];
        int covered = 0;
        double widths = 0;
        Formula formula = Formula.lhs(target.name());
        DataFrame all = algorithm.trees() ? frame(data, schema, target, null) : null;
        for (int fold = 0; fold < folds; fold++) {
            int[] train = new int[n - sizes[fold]];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] != fold) {
                    train[k++] = i;
                }
            }
            DataFrame frame = frame(data, schema, target, train);
            if (algorithm.trees()) {
                var model = TreeEnsembles.fit(algorithm, settings.trees(), formula, frame);
                for (int i = 0; i < n; i++) {
                    if (foldOf[i] == fold) {
                        heldOut[i] = model.predict(all.get(i));
                    }
                }
                continue;
            }
            var model = algorithm.fitLinear(formula, frame, settings.lambda());
            double intercept = model.intercept();
            double[] coefficients = model.coefficients();
            IntervalParameters.OlsExact exact = null;
            if (algorithm == Algorithm.OLS) {
                double rss = 0;
                for (int i : train) {
                    double residual = data.target()[i] - predict(data, i, intercept, coefficients);
                    rss += residual * residual;
                }
                exact = olsExact(data, train, rss, train.length - p - 1);
            }
            for (int i = 0; i < n; i++) {
                if (foldOf[i] == fold) {
                    heldOut[i] = predict(data, i, intercept, coefficients);
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
        Errors errors = Errors.of(data.target(), heldOut);
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = data.target()[i] - heldOut[i];
        }
        var crossValidation = new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD,
                folds, leaveOneOut ? null : settings.seed(), errors.rmse(), errors.mae(), errors.rSquared());
        return new HeldOut(crossValidation, residuals, foldOf, folds, covered / (double) n, widths / n);
    }

    /**
     * The conformal interval from the held-out residuals, or {@code null} when there are too few of them for
     * the level (fewer than 19 for 95%). It is centred on the model fitted on all rows, with the half width the
     * ⌈level · (n + 1)⌉-th smallest absolute residual: the constant-width form of jackknife+ (leave-one-out) and
     * CV+ (k-fold), which needs no fold model at serving time.
     */
    static IntervalParameters.Conformal conformal(HeldOut heldOut) {
        int n = heldOut.residuals().length;
        if (rank(n) > n) {
            return null;
        }
        String scheme = heldOut.crossValidation().method().equals(CrossValidation.LEAVE_ONE_OUT)
                ? IntervalParameters.Conformal.JACKKNIFE_PLUS : IntervalParameters.Conformal.CV_PLUS;
        return IntervalParameters.Conformal.fromResiduals(INTERVAL_LEVEL, scheme, heldOut.residuals());
    }

    /** How often, and how widely, a conformal interval covers held-out rows. */
    record Conformity(double coverage, double meanWidth) {
    }

    /**
     * The conformal interval's coverage measured without looking at the rows it is judged on: each fold's rows
     * against the half width calibrated on the other folds' residuals alone. (Calibrated on all residuals, it
     * would cover at least 95% of them by construction, which would measure nothing.) {@code null} if a fold's
     * complement has too few residuals for the level.
     */
    static Conformity conformity(HeldOut heldOut) {
        double[] residuals = heldOut.residuals();
        int n = residuals.length;
        int[] foldOf = heldOut.foldOf();
        int covered = 0;
        double widths = 0;
        for (int fold = 0; fold < heldOut.folds(); fold++) {
            var others = new double[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] != fold) {
                    others[m++] = Math.abs(residuals[i]);
                }
            }
            if (m == n) {
                continue; // an empty fold: fewer rows than folds
            }
            if (rank(m) > m) {
                return null;
            }
            double[] sorted = Arrays.copyOf(others, m);
            Arrays.sort(sorted);
            double half = sorted[rank(m) - 1];
            for (int i = 0; i < n; i++) {
                if (foldOf[i] == fold) {
                    widths += 2 * half;
                    if (Math.abs(residuals[i]) <= half) {
                        covered++;
                    }
                }
            }
        }
        return new Conformity(covered / (double) n, widths / n);
    }

    /** The rank, from 1, of the absolute residual that is a conformal interval's half width: ⌈level · (n + 1)⌉. */
    static int rank(int n) {
        return (int) Math.ceil(INTERVAL_LEVEL * (n + 1) - 1e-9);
    }

    private static double[] row(Dataset data, int i) {
        double[] x = new double[data.columns().length];
        for (int j = 0; j < x.length; j++) {
            x[j] = data.columns()[j][i];
        }
        return x;
    }

    /** The exact least-squares interval of a fit on {@code rows} of the data, or on all of them if null. */
    private static IntervalParameters.OlsExact olsExact(Dataset data, int[] rows, double rss, int degreesOfFreedom) {
        int p = data.columns().length;
        double[][] xtx = new double[p + 1][p + 1];
        double[] row = new double[p + 1];
        row[0] = 1;
        int count = rows == null ? data.rows() : rows.length;
        for (int r = 0; r < count; r++) {
            int i = rows == null ? r : rows[r];
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
