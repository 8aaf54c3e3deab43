package com.salaryml.training.spark;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.training.Algorithm;
import com.salaryml.training.DataChecks;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.FitSettings;
import com.salaryml.training.Trainer;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

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

    private final SparkTrainingData data;
    private final FitSettings settings;
    private final Algorithm algorithm;
    private final FeatureSchema features;
    private final String target;
    private final Dataset<Row> rows;
    private final int p;
    private final long n;
    private final SparkSummary summary;
    private final double[] centre;
    private final boolean leaveOneOut;
    private final int folds;
    /** Each row's fold, or null under leave-one-out, where a row's place is its fold. */
    private final Broadcast<byte[]> foldOf;

    private SparkLinearTrainer(SparkTrainingData data, DataSchema schema, FitSettings settings) {
        this.data = data;
        this.settings = settings;
        this.algorithm = settings.algorithm();
        this.features = schema.features();
        this.target = schema.target().name();
        this.rows = data.rows();
        this.p = features.size();
        this.n = data.count();
        this.summary = SparkSummary.of(rows, features.names(), target);
        this.centre = summary.means();
        // The lasso has no closed form to take a fold out of: each fold is an MLlib fit, so k-fold even for small data.
        this.leaveOneOut = n <= Trainer.LEAVE_ONE_OUT_MAX_ROWS && algorithm != Algorithm.LASSO;
        this.folds = leaveOneOut ? (int) n : (int) Math.min(settings.folds(), n);
        var jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        this.foldOf = leaveOneOut ? null : jsc.broadcast(LinearFolds.folds(n, folds, settings.seed()));
    }

    static Model fit(SparkTrainingData data, DataSchema schema, String version, FitSettings settings,
                     Provenance provenance) throws DataException {
        DataChecks.checkLinearRows(data.file(), data.count(), schema.features().size());
        var trainer = new SparkLinearTrainer(data, schema, settings);
        try {
            return trainer.fit(schema, version, provenance);
        } finally {
            if (trainer.foldOf != null) {
                trainer.foldOf.destroy();
            }
        }
    }

    private Model fit(DataSchema schema, String version, Provenance provenance) throws DataException {
        Moments[] perFold = rows.javaRDD().mapPartitions(new LinearFolds.FoldMoments(p, folds, centre, foldOf))
                .reduce(LinearFolds::plus);
        Moments all = perFold[0];
        for (int f = 1; f < folds; f++) {
            all = all.plus(perFold[f]);
        }
        NormalEquations.checkWellPosed(data.file(), features.names(), summary, all);
        LinearRegressionModel mllib = fitChecked(all);
        double intercept = mllib.intercept();
        double[] coefficients = mllib.coefficients().toArray();

        // Training errors and predictions, summed in the Smile trainer's order so that the values are the same.
        Column predicted = prediction(features.names(), intercept, coefficients);
        Column residual = functions.col(target).minus(predicted);
        Row errors = rows.agg(functions.sum(residual.multiply(residual)), functions.sum(functions.abs(residual)),
                functions.sum(functions.pow(functions.col(target).minus(summary.targetMean()), 2))).first();
        double rss = errors.getDouble(0);
        double total = errors.getDouble(2);
        if (rss == 0) {
            throw DataChecks.exactFit(data.file(), target);
        }
        double rSquared = total == 0 ? 0 : 1 - rss / total;
        double adjusted = 1 - (1 - rSquared) * (n - 1) / (double) (n - p - 1);
        IntervalParameters interval;
        CrossValidation crossValidation;
        if (algorithm == Algorithm.OLS) {
            interval = NormalEquations.exact(all, centre, p, rss, n - p - 1);
            crossValidation = LinearFolds.exactCrossValidation(rows, p, perFold, all, centre, foldOf, summary,
                    leaveOneOut, folds, settings.seed(), n);
        } else {
            var conformal = conformal(perFold, all, total);
            interval = conformal.interval();
            crossValidation = conformal.crossValidation();
        }

        var metrics = new Metrics(rSquared, adjusted, Math.sqrt(rss / n), errors.getDouble(1) / n, crossValidation);
        var stats = SparkSummary.featureStats(rows, features.names(), summary, n, settings.bins());
        Distribution predictions = OrderStatistics.distribution(rows.select(predicted.as("_prediction")), n,
                settings.bins());
        var trainingData = new TrainingData(data.file(), data.sha256(), n, stats, predictions);
        var metadata = ModelMetadata.builder().name(schema.model()).version(version).algorithm(algorithm.id)
                .hyperparameters(algorithm.penalized() ? Map.of("lambda", settings.lambda()) : Map.of())
                .schema(features).target(schema.target()).metrics(metrics)
                .coefficientStats(algorithm == Algorithm.OLS ? NormalEquations.coefficientStats(intercept,
                        coefficients, (IntervalParameters.OlsExact) interval, features.names()) : List.of())
                .trainingData(trainingData).provenance(provenance).build();
        return new Model(metadata, new LinearModel(intercept, coefficients), interval);
    }

    /** The fit, by MLlib; for least squares and ridge checked against the same equations solved here. */
    private LinearRegressionModel fitChecked(Moments all) {
        Dataset<Row> assembled = assemble(rows, features.names());
        double targetStd = Math.sqrt(all.centred(p, p) / n);
        LinearRegressionModel mllib = regression(algorithm, settings.lambda(), n, targetStd, target).fit(assembled);
        double[] coefficients = mllib.coefficients().toArray();
        if (algorithm != Algorithm.LASSO) {
            var check = NormalEquations.solve(all, centre, p, algorithm == Algorithm.RIDGE ? settings.lambda() : 0);
            for (int j = 0; j < p; j++) {
                if (!(Math.abs(coefficients[j] - check.coefficients()[j])
                        <= AGREEMENT * Math.max(1e-12, Math.abs(check.coefficients()[j])))) {
                    throw new IllegalStateException("MLlib's coefficient of " + features.names().get(j) + ", "
                            + coefficients[j] + ", differs from the normal equations' " + check.coefficients()[j]);
                }
            }
        }
        return mllib;
    }

    /** The conformal interval, or null, and the cross-validation with its held-out coverage. */
    private record Conformal(IntervalParameters interval, CrossValidation crossValidation) {
    }

    /** Every family but least squares gets the conformal interval from its held-out residuals, as with Smile. */
    private Conformal conformal(Moments[] perFold, Moments all, double total) {
        Dataset<Row> heldOut = algorithm == Algorithm.RIDGE
                ? LinearFolds.closedFormResiduals(rows, p, perFold, all, centre, foldOf, settings.lambda())
                : LinearFolds.refittedResiduals(rows, features.names(), target, foldOf, folds, settings.lambda());
        heldOut = heldOut.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        Row sums = heldOut.agg(functions.sum(functions.pow(functions.col(SparkConformal.RESIDUAL), 2)),
                functions.sum(functions.abs(functions.col(SparkConformal.RESIDUAL)))).first();
        var crossValidation = new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD,
                folds, leaveOneOut ? null : settings.seed(), Math.sqrt(sums.getDouble(0) / n),
                sums.getDouble(1) / n, total == 0 ? 0 : 1 - sums.getDouble(0) / total);
        var conformal = SparkConformal.of(heldOut.orderBy(SparkTrainingData.ROW), n, folds, crossValidation);
        heldOut.unpersist();
        if (conformal.conformity() != null) {
            crossValidation = crossValidation.withInterval(conformal.conformity().coverage(),
                    conformal.conformity().meanWidth());
        }
        return new Conformal(conformal.interval(), crossValidation);
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
    static Dataset<Row> assemble(Dataset<Row> rows, List<String> features) {
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
}
