package com.salaryml.training;

import com.salaryml.artifact.CoefficientStats;
import com.salaryml.artifact.CrossValidation;
import com.salaryml.artifact.Distribution;
import com.salaryml.artifact.FeatureSchema;
import com.salaryml.artifact.FeatureStats;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Provenance;
import com.salaryml.artifact.TrainingData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import smile.math.special.Beta;

/**
 * Fits a linear model on data Spark holds, and measures it as the Smile trainer ({@link Trainer}) does, in a few
 * distributed passes and never with the rows on the driver:
 * <ol>
 *   <li>the features' minimum, maximum, mean and standard deviation;</li>
 *   <li>the centred cross products of features and target, per cross-validation fold ({@link Moments}): they
 *       give the checks that the fit is well posed, (XᵀX)⁻¹ for the exact interval, and each fold's least-squares
 *       fit, by subtracting the fold from the whole;</li>
 *   <li>the fit itself, by MLlib's {@link LinearRegression} (the normal-equation solver for least squares);</li>
 *   <li>the training and held-out errors, and the exact interval's held-out coverage;</li>
 *   <li>the quantile bins of each feature and of the predictions ({@link OrderStatistics}).</li>
 * </ol>
 * Rows are shuffled into the same folds as the Smile trainer shuffles them, by the same seed, so the two give the
 * same cross-validated figures on the same data.
 */
final class SparkLinearTrainer {

    /** How far MLlib's coefficients may lie from the normal equations solved here before the fit is refused. */
    private static final double AGREEMENT = 1e-6;

    private SparkLinearTrainer() {
    }

    static Model fit(SparkTrainingData data, DataSchema schema, String version, Trainer.Settings settings,
                     Provenance provenance) throws DataException {
        Algorithm algorithm = settings.algorithm();
        FeatureSchema features = schema.features();
        int p = features.size();
        long n = data.count();
        String target = schema.target().name();
        if (n < p + 3) {
            throw new DataException(data.file() + ": " + n + " data rows are too few to fit " + p
                    + " coefficients and an intercept and still measure the error on held-out rows; at least "
                    + (p + 3) + " rows are needed");
        }
        Dataset<Row> rows = data.rows();
        Summary summary = summary(rows, features.names(), target);

        // The lasso has no closed form to take a fold out of: each fold is an MLlib fit, so k-fold even for small data.
        boolean leaveOneOut = n <= Trainer.LEAVE_ONE_OUT_MAX_ROWS && algorithm != Algorithm.LASSO;
        int folds = leaveOneOut ? (int) n : (int) Math.min(settings.folds(), n);
        var jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        Broadcast<byte[]> foldOf = leaveOneOut ? null : jsc.broadcast(folds(n, folds, settings.seed()));
        double[] centre = summary.means();
        Moments[] perFold = rows.javaRDD().mapPartitions(new FoldMoments(p, folds, centre, foldOf))
                .reduce(SparkLinearTrainer::plus);
        Moments all = perFold[0];
        for (int f = 1; f < folds; f++) {
            all = all.plus(perFold[f]);
        }
        checkWellPosed(data, features.names(), summary, all);

        // The fit, by MLlib; for least squares and ridge checked against the same equations solved here.
        Dataset<Row> assembled = assemble(rows, features.names());
        double targetStd = Math.sqrt(all.centred(p, p) / n);
        LinearRegressionModel mllib = regression(algorithm, settings.lambda(), n, targetStd, target).fit(assembled);
        double intercept = mllib.intercept();
        double[] coefficients = mllib.coefficients().toArray();
        if (algorithm != Algorithm.LASSO) {
            Solution check = solve(all, centre, p, algorithm == Algorithm.RIDGE ? settings.lambda() : 0);
            for (int j = 0; j < p; j++) {
                if (!(Math.abs(coefficients[j] - check.coefficients[j])
                        <= AGREEMENT * Math.max(1e-12, Math.abs(check.coefficients[j])))) {
                    throw new IllegalStateException("MLlib's coefficient of " + features.names().get(j) + ", "
                            + coefficients[j] + ", differs from the normal equations' " + check.coefficients[j]);
                }
            }
        }

        // Training errors and predictions, summed in the Smile trainer's order so that the values are the same.
        Column predicted = prediction(features.names(), intercept, coefficients);
        Column residual = functions.col(target).minus(predicted);
        Row errors = rows.agg(functions.sum(residual.multiply(residual)), functions.sum(functions.abs(residual)),
                functions.sum(functions.pow(functions.col(target).minus(summary.targetMean()), 2))).first();
        double rss = errors.getDouble(0);
        double total = errors.getDouble(2);
        if (rss == 0) {
            throw new DataException(data.file() + ": " + target + " is an exact linear function of the"
                    + " features on every row. Real data is never that clean: check whether the target leaked into"
                    + " a feature column.");
        }
        double rSquared = total == 0 ? 0 : 1 - rss / total;
        double adjusted = 1 - (1 - rSquared) * (n - 1) / (double) (n - p - 1);
        IntervalParameters interval;
        CrossValidation crossValidation;
        if (algorithm == Algorithm.OLS) {
            interval = exact(all, centre, p, rss, n - p - 1);
            crossValidation = exactCrossValidation(rows, p, perFold, all, centre, foldOf, summary, leaveOneOut,
                    folds, settings.seed(), n);
        } else {
            // Every other family gets the conformal interval from its held-out residuals, as with Smile.
            Dataset<Row> heldOut = algorithm == Algorithm.RIDGE
                    ? closedFormResiduals(rows, p, perFold, all, centre, foldOf, settings.lambda())
                    : refittedResiduals(rows, features.names(), target, foldOf, folds, settings.lambda());
            heldOut = heldOut.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            Row sums = heldOut.agg(functions.sum(functions.pow(functions.col(SparkConformal.RESIDUAL), 2)),
                    functions.sum(functions.abs(functions.col(SparkConformal.RESIDUAL)))).first();
            crossValidation = new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD,
                    folds, leaveOneOut ? null : settings.seed(), Math.sqrt(sums.getDouble(0) / n),
                    sums.getDouble(1) / n, total == 0 ? 0 : 1 - sums.getDouble(0) / total);
            var conformal = SparkConformal.of(heldOut.orderBy(SparkTrainingData.ROW), n, folds, crossValidation);
            heldOut.unpersist();
            interval = conformal.interval();
            if (conformal.conformity() != null) {
                crossValidation = crossValidation.withInterval(conformal.conformity().coverage(),
                        conformal.conformity().meanWidth());
            }
        }
        if (foldOf != null) {
            foldOf.destroy();
        }

        var metrics = new Metrics(rSquared, adjusted, Math.sqrt(rss / n), errors.getDouble(1) / n, crossValidation);
        var stats = featureStats(rows, features.names(), summary, n, settings.bins());
        Distribution predictions = OrderStatistics.distribution(rows.select(predicted.as("_prediction")), n,
                settings.bins());
        var trainingData = new TrainingData(data.file(), data.sha256(), n, stats, predictions);
        var metadata = new ModelMetadata(schema.model(), version, algorithm.id,
                algorithm.penalized() ? Map.of("lambda", settings.lambda()) : Map.of(), features, schema.target(),
                metrics, algorithm == Algorithm.OLS ? coefficientStats(intercept, coefficients,
                (IntervalParameters.OlsExact) interval, features.names()) : List.of(), trainingData, provenance);
        return new Model(metadata, new LinearModel(intercept, coefficients), interval);
    }

    /** intercept + Σ βⱼ·xⱼ, added in the order of the features, as the Smile trainer and the served model add. */
    static Column prediction(List<String> names, double intercept, double[] coefficients) {
        Column sum = functions.lit(intercept);
        for (int j = 0; j < coefficients.length; j++) {
            sum = sum.plus(functions.col(names.get(j)).multiply(coefficients[j]));
        }
        return sum;
    }

    /** The rows with their features in one vector column, as MLlib takes them. */
    private static Dataset<Row> assemble(Dataset<Row> rows, List<String> features) {
        return new VectorAssembler().setInputCols(features.toArray(String[]::new)).setOutputCol("_features")
                .transform(rows);
    }

    /**
     * MLlib's linear regression set up to minimise what Smile minimises. Least squares: the normal equations.
     * Ridge: Smile minimises RSS + λ·Σ σⱼ²βⱼ² with σⱼ the features' population standard deviations; MLlib's normal
     * solver, standardising features and label, minimises the same up to a factor with the penalty
     * (n·r / σᵧ)·Σ σⱼ²βⱼ², so r = λ·σᵧ / n. The lasso: Smile minimises RSS + λ·Σ σⱼ|βⱼ|; MLlib's OWL-QN
     * minimises RSS / (2n) + r·Σ sⱼ|βⱼ| with sⱼ the sample standard deviations, so r = λ·√((n − 1) / n) / (2n).
     */
    static LinearRegression regression(Algorithm algorithm, double lambda, long n, double targetStd, String target) {
        var regression = new LinearRegression().setFitIntercept(true).setLabelCol(target).setFeaturesCol("_features");
        return switch (algorithm) {
            case OLS -> regression.setSolver("normal").setRegParam(0).setElasticNetParam(0).setStandardization(false);
            case RIDGE -> regression.setSolver("normal").setRegParam(lambda * targetStd / n).setElasticNetParam(0)
                    .setStandardization(true);
            case LASSO -> regression.setSolver("l-bfgs").setRegParam(lambda * Math.sqrt((n - 1.0) / n) / (2.0 * n))
                    .setElasticNetParam(1)
                    .setStandardization(true).setMaxIter(1000).setTol(1e-12);
            default -> throw new IllegalArgumentException(algorithm.id + " is not a linear model");
        };
    }

    /**
     * Least squares and its held-out figures: each fold's fit and exact interval from the cross products of the
     * other folds, then one pass for the held-out errors and how often the exact interval covers them.
     */
    private static CrossValidation exactCrossValidation(Dataset<Row> rows, int p, Moments[] perFold, Moments all,
                                                        double[] centre, Broadcast<byte[]> foldOf, Summary summary,
                                                        boolean leaveOneOut, int folds, long seed, long n) {
        var foldFits = new FoldFit[folds];
        for (int f = 0; f < folds; f++) {
            Moments training = all.minus(perFold[f]);
            Solution solution = solve(training, centre, p, 0);
            double foldRss = Math.max(0, training.centred(p, p) - dotWithTarget(training, solution.coefficients, p));
            long df = training.count - p - 1;
            foldFits[f] = new FoldFit(solution.intercept, solution.coefficients, tCritical(df),
                    Math.sqrt(foldRss / df), Math.toIntExact(df), inverse(training, centre, p));
        }
        double[] heldOut = rows.javaRDD().mapPartitions(new HeldOutErrors(p, foldFits, foldOf, summary.targetMean()))
                .reduce(SparkLinearTrainer::add);
        return new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD,
                folds, leaveOneOut ? null : seed, Math.sqrt(heldOut[0] / n), heldOut[1] / n,
                heldOut[4] == 0 ? 0 : 1 - heldOut[0] / heldOut[4])
                .withInterval(heldOut[2] / n, heldOut[3] / n);
    }

    /** Ridge's held-out residuals: each fold's fit in closed form from the cross products of the other folds. */
    private static Dataset<Row> closedFormResiduals(Dataset<Row> rows, int p, Moments[] perFold, Moments all,
                                                    double[] centre, Broadcast<byte[]> foldOf, double lambda) {
        var foldFits = new FoldFit[perFold.length];
        for (int f = 0; f < perFold.length; f++) {
            Solution solution = solve(all.minus(perFold[f]), centre, p, lambda);
            foldFits[f] = new FoldFit(solution.intercept, solution.coefficients, 0, 0, 0, null);
        }
        var residuals = rows.javaRDD().mapPartitions(new HeldOutResiduals(p, foldFits, foldOf));
        return rows.sparkSession().createDataFrame(residuals, RESIDUALS);
    }

    /** The lasso's held-out residuals: one MLlib fit per fold, on the other folds' rows. */
    private static Dataset<Row> refittedResiduals(Dataset<Row> rows, List<String> features, String target,
                                                  Broadcast<byte[]> foldOf, int folds, double lambda) {
        int p = features.size();
        Dataset<Row> withFolds = rows.sparkSession().createDataFrame(
                rows.javaRDD().map(row -> withFold(row, p, foldOf)),
                rows.schema().add(SparkConformal.FOLD, org.apache.spark.sql.types.DataTypes.IntegerType, false));
        withFolds = assemble(withFolds, features).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        Column fold = functions.col(SparkConformal.FOLD);
        Dataset<Row> residuals = null;
        for (int f = 0; f < folds; f++) {
            Dataset<Row> training = withFolds.where(fold.notEqual(f));
            LinearRegressionModel model = regression(Algorithm.LASSO, lambda, training.count(), Double.NaN, target)
                    .fit(training);
            Column predicted = prediction(features, model.intercept(), model.coefficients().toArray());
            Dataset<Row> part = withFolds.where(fold.equalTo(f)).select(
                    functions.col(target).minus(predicted).as(SparkConformal.RESIDUAL), fold,
                    functions.col(SparkTrainingData.ROW));
            residuals = residuals == null ? part : residuals.union(part);
        }
        Dataset<Row> result = residuals.localCheckpoint();
        withFolds.unpersist();
        return result;
    }

    private static Row withFold(Row row, int p, Broadcast<byte[]> foldOf) {
        Object[] cells = new Object[row.length() + 1];
        for (int i = 0; i < row.length(); i++) {
            cells[i] = row.get(i);
        }
        cells[row.length()] = fold(row, p, foldOf);
        return org.apache.spark.sql.RowFactory.create(cells);
    }

    /** Held-out residuals, each row's fold and its place in the data. */
    private static final org.apache.spark.sql.types.StructType RESIDUALS =
            org.apache.spark.sql.types.DataTypes.createStructType(List.of(
                    org.apache.spark.sql.types.DataTypes.createStructField(SparkConformal.RESIDUAL,
                            org.apache.spark.sql.types.DataTypes.DoubleType, false),
                    org.apache.spark.sql.types.DataTypes.createStructField(SparkConformal.FOLD,
                            org.apache.spark.sql.types.DataTypes.IntegerType, false),
                    org.apache.spark.sql.types.DataTypes.createStructField(SparkTrainingData.ROW,
                            org.apache.spark.sql.types.DataTypes.LongType, false)));

    /** Each row's residual under its fold's model, with the fold and the row's place. */
    private static final class HeldOutResiduals implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final int p;
        private final FoldFit[] fits;
        private final Broadcast<byte[]> foldOf;

        HeldOutResiduals(int p, FoldFit[] fits, Broadcast<byte[]> foldOf) {
            this.p = p;
            this.fits = fits;
            this.foldOf = foldOf;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            var out = new ArrayList<Row>();
            while (rows.hasNext()) {
                Row row = rows.next();
                int f = fold(row, p, foldOf);
                FoldFit fit = fits[f];
                double predicted = fit.intercept();
                for (int j = 0; j < p; j++) {
                    predicted += fit.coefficients()[j] * row.getDouble(j);
                }
                out.add(org.apache.spark.sql.RowFactory.create(row.getDouble(p) - predicted, f, row.getLong(p + 1)));
            }
            return out.iterator();
        }
    }

    /** Each row's fold, as {@link Trainer#crossValidate} shuffles them: one byte per row, on the driver. */
    static byte[] folds(long n, int folds, long seed) {
        int rows = Math.toIntExact(n);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        var random = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        byte[] foldOf = new byte[rows];
        for (int i = 0; i < rows; i++) {
            foldOf[order[i]] = (byte) (i % folds);
        }
        return foldOf;
    }

    /** The features' and the target's minimum, maximum, mean and standard deviation, in one pass. */
    record Summary(double[] min, double[] max, double[] means, double[] std) {
        double targetMean() {
            return means[means.length - 1];
        }
    }

    /**
     * Each feature's statistics as the Smile trainer records them: minimum, maximum, mean (kept inside the two,
     * which rounding could leave), standard deviation and quantile bins. Shared by every Spark trainer.
     */
    static Map<String, FeatureStats> featureStats(Dataset<Row> rows, List<String> names, Summary summary, long n,
                                                  int bins) {
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            stats.put(name, new FeatureStats(summary.min()[j], summary.max()[j],
                    Math.min(summary.max()[j], Math.max(summary.min()[j], summary.means()[j])), summary.std()[j],
                    OrderStatistics.distribution(rows.select(name), n, bins)));
        }
        return stats;
    }

    static Summary summary(Dataset<Row> rows, List<String> features, String target) {
        var names = new ArrayList<>(features);
        names.add(target);
        var columns = new ArrayList<Column>();
        for (String name : names) {
            columns.add(functions.min(name));
            columns.add(functions.max(name));
            columns.add(functions.avg(name));
            columns.add(functions.stddev_samp(name));
        }
        Row row = rows.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new)).first();
        int m = names.size();
        double[] min = new double[m];
        double[] max = new double[m];
        double[] mean = new double[m];
        double[] std = new double[m];
        for (int j = 0; j < m; j++) {
            min[j] = row.getDouble(4 * j);
            max[j] = row.getDouble(4 * j + 1);
            mean[j] = row.getDouble(4 * j + 2);
            std[j] = row.getDouble(4 * j + 3);
        }
        return new Summary(min, max, mean, std);
    }

    /**
     * The Smile trainer's checks, on the cross products: a constant column, or one that is a linear combination of
     * those before it (what Gram-Schmidt on the centred columns leaves of it is a pivot of their Cholesky factor).
     */
    private static void checkWellPosed(SparkTrainingData data, List<String> names, Summary summary, Moments all)
            throws DataException {
        int p = names.size();
        double[][] s = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                s[a][b] = all.centred(a, b);
            }
        }
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            if (summary.min()[j] == summary.max()[j]) {
                throw new DataException(data.file() + ": column '" + names.get(j) + "' is constant (every row has "
                        + Numbers.plain(summary.min()[j]) + "), so its effect cannot be told apart from the intercept;"
                        + " drop the column or add rows where it varies");
            }
            double left = s[j][j];
            for (int k = 0; k < j; k++) {
                left -= l[j][k] * l[j][k];
            }
            if (left <= 1e-10 * s[j][j]) {
                throw new DataException(data.file() + ": column '" + names.get(j) + "' is collinear with "
                        + String.join(", ", names.subList(0, j).stream().map(c -> "'" + c + "'").toList())
                        + " and the intercept: it is a linear combination of them, so the coefficients have no"
                        + " unique values; drop one of these columns or add rows that break the pattern");
            }
            l[j][j] = Math.sqrt(left);
            for (int i = j + 1; i < p; i++) {
                double sum = s[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = sum / l[j][j];
            }
        }
    }

    record Solution(double intercept, double[] coefficients) {
    }

    /**
     * Least squares, or ridge with {@code lambda} > 0, from centred cross products: β = (Sₓₓ + λ·diag(σⱼ²))⁻¹ Sₓᵧ
     * with σⱼ the features' population standard deviations (Smile's ridge standardises the features so, penalises
     * the standardised coefficients, and scales back), and the intercept through the means.
     */
    static Solution solve(Moments moments, double[] centre, int p, double lambda) {
        double[][] sxx = new double[p][p];
        double[] sxy = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                sxx[a][b] = moments.centred(a, b);
            }
            sxy[a] = moments.centred(a, p);
        }
        for (int a = 0; a < p; a++) {
            sxx[a][a] += lambda * moments.centred(a, a) / moments.count;
        }
        double[] beta = Linear.solve(sxx, sxy);
        double intercept = moments.mean(p, centre);
        for (int j = 0; j < p; j++) {
            intercept -= beta[j] * moments.mean(j, centre);
        }
        return new Solution(intercept, beta);
    }

    private static double dotWithTarget(Moments moments, double[] beta, int p) {
        double sum = 0;
        for (int j = 0; j < p; j++) {
            sum += beta[j] * moments.centred(j, p);
        }
        return sum;
    }

    /**
     * (XᵀX)⁻¹ of the design with its column of ones, from the centred cross products S: with m the feature means,
     * the block inverse [[1/n + mᵀS⁻¹m, −mᵀS⁻¹], [−S⁻¹m, S⁻¹]], symmetric by construction.
     */
    static double[][] inverse(Moments moments, double[] centre, int p) {
        double[][] sxx = new double[p][p];
        double[] mean = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                sxx[a][b] = moments.centred(a, b);
            }
            mean[a] = moments.mean(a, centre);
        }
        double[][] sInverse = Linear.inverse(sxx);
        double[] sm = new double[p];
        double msm = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                sm[a] += sInverse[a][b] * mean[b];
            }
            msm += mean[a] * sm[a];
        }
        double[][] inverse = new double[p + 1][p + 1];
        inverse[0][0] = 1.0 / moments.count + msm;
        for (int a = 0; a < p; a++) {
            inverse[0][a + 1] = -sm[a];
            inverse[a + 1][0] = -sm[a];
            for (int b = 0; b < p; b++) {
                inverse[a + 1][b + 1] = (sInverse[a][b] + sInverse[b][a]) / 2;
            }
        }
        return inverse;
    }

    private static IntervalParameters.OlsExact exact(Moments all, double[] centre, int p, double rss, long df) {
        return new IntervalParameters.OlsExact(Trainer.INTERVAL_LEVEL, tCritical(df), Math.sqrt(rss / df),
                Math.toIntExact(df), inverse(all, centre, p));
    }

    private static final Map<Long, Double> T_CRITICAL = new java.util.concurrent.ConcurrentHashMap<>();

    private static double tCritical(long df) {
        return T_CRITICAL.computeIfAbsent(df, d -> Trainer.tCritical(d, Trainer.INTERVAL_LEVEL));
    }

    /** Estimates, standard errors, t values and p values, as Smile's least-squares t-test table computes them. */
    private static List<CoefficientStats> coefficientStats(double intercept, double[] coefficients,
                                                           IntervalParameters.OlsExact interval, List<String> names) {
        double[][] inverse = interval.xtxInverse();
        double rse = interval.residualStdError();
        double df = interval.degreesOfFreedom();
        var stats = new ArrayList<CoefficientStats>();
        for (int i = 0; i <= coefficients.length; i++) {
            double estimate = i == 0 ? intercept : coefficients[i - 1];
            double se = rse * Math.sqrt(inverse[i][i]);
            double t = estimate / se;
            double pValue = Beta.regularizedIncompleteBetaFunction(0.5 * df, 0.5, df / (df + t * t));
            stats.add(new CoefficientStats(i == 0 ? "intercept" : names.get(i - 1), estimate, se, t, pValue));
        }
        return stats;
    }

    private static Moments[] plus(Moments[] a, Moments[] b) {
        var sum = new Moments[a.length];
        for (int f = 0; f < a.length; f++) {
            sum[f] = a[f].plus(b[f]);
        }
        return sum;
    }

    private static double[] add(double[] a, double[] b) {
        double[] sum = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /** Which fold a row is in: its own under leave-one-out, else the shuffled one. */
    private static int fold(Row row, int p, Broadcast<byte[]> foldOf) {
        long index = row.getLong(p + 1);
        return foldOf == null ? Math.toIntExact(index) : foldOf.value()[Math.toIntExact(index)];
    }

    /** Sums each fold's centred cross products over a partition. */
    private static final class FoldMoments implements FlatMapFunction<Iterator<Row>, Moments[]> {
        private static final long serialVersionUID = 1L;
        private final int p;
        private final int folds;
        private final double[] centre;
        private final Broadcast<byte[]> foldOf;

        FoldMoments(int p, int folds, double[] centre, Broadcast<byte[]> foldOf) {
            this.p = p;
            this.folds = folds;
            this.centre = centre;
            this.foldOf = foldOf;
        }

        @Override
        public Iterator<Moments[]> call(Iterator<Row> rows) {
            var moments = new Moments[folds];
            for (int f = 0; f < folds; f++) {
                moments[f] = new Moments(p + 1);
            }
            double[] z = new double[p + 1];
            while (rows.hasNext()) {
                Row row = rows.next();
                for (int j = 0; j <= p; j++) {
                    z[j] = row.getDouble(j) - centre[j];
                }
                moments[fold(row, p, foldOf)].add(z);
            }
            return java.util.Collections.singletonList(moments).iterator();
        }
    }

    /** A fold's model, fitted without its rows, and the parameters of its exact interval. */
    record FoldFit(double intercept, double[] coefficients, double tCritical, double residualStdError,
                   int degreesOfFreedom, double[][] xtxInverse) implements java.io.Serializable {

        IntervalParameters.OlsExact exact() {
            return new IntervalParameters.OlsExact(Trainer.INTERVAL_LEVEL, tCritical, residualStdError,
                    degreesOfFreedom, xtxInverse);
        }
    }

    /**
     * Over a partition: Σ residual², Σ |residual| of each row's prediction by its fold's model, how many rows
     * the exact interval covers, Σ of its widths, and Σ (y − ȳ)².
     */
    private static final class HeldOutErrors implements FlatMapFunction<Iterator<Row>, double[]> {
        private static final long serialVersionUID = 1L;
        private final int p;
        private final FoldFit[] fits;
        private final Broadcast<byte[]> foldOf;
        private final double targetMean;

        HeldOutErrors(int p, FoldFit[] fits, Broadcast<byte[]> foldOf, double targetMean) {
            this.p = p;
            this.fits = fits;
            this.foldOf = foldOf;
            this.targetMean = targetMean;
        }

        @Override
        public Iterator<double[]> call(Iterator<Row> rows) {
            double[] sums = new double[5];
            double[] x = new double[p];
            var exact = new IntervalParameters.OlsExact[fits.length];
            while (rows.hasNext()) {
                Row row = rows.next();
                int f = fold(row, p, foldOf);
                FoldFit fit = fits[f];
                double predicted = fit.intercept();
                for (int j = 0; j < p; j++) {
                    x[j] = row.getDouble(j);
                    predicted += fit.coefficients()[j] * x[j];
                }
                double actual = row.getDouble(p);
                double residual = actual - predicted;
                sums[0] += residual * residual;
                sums[1] += Math.abs(residual);
                if (exact[f] == null) {
                    exact[f] = fit.exact();
                }
                double half = exact[f].halfWidthAt(x);
                if (Math.abs(residual) <= half) {
                    sums[2]++;
                }
                sums[3] += 2 * half;
                sums[4] += (actual - targetMean) * (actual - targetMean);
            }
            return java.util.Collections.singletonList(sums).iterator();
        }
    }
}
