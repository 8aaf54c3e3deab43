package com.salaryml.training.spark;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Target;
import com.salaryml.training.Algorithm;
import com.salaryml.training.DataChecks;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.Errors;
import com.salaryml.training.FitSettings;
import com.salaryml.training.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits a linear model on data Spark holds, and measures it as the Smile trainer ({@link Trainer}) does, in a few
 * distributed passes and never with the rows on the driver:
 * <ol>
 *   <li>the values that fill in missing cells, the model's and each fold's ({@link SparkImputation}), and the
 *       features' statistics with the gaps filled in;</li>
 *   <li>the centred cross products of the design (the contract's {@link Design}: each level of a category but the
 *       first its own 0/1 column) and the fitted target (its log, for a log target), of all rows and of each
 *       cross-validation fold's training rows ({@link Moments}): they give the checks that the fit is well posed,
 *       (XᵀX)⁻¹ for the exact interval, and each fold's least-squares or ridge fit;</li>
 *   <li>the fit itself, by MLlib's {@link LinearRegression} (the normal-equation solver for least squares);</li>
 *   <li>the training and held-out errors in the target's unit, as served, and the interval's held-out coverage;</li>
 *   <li>the quantile bins of each feature and of the predictions ({@link OrderStatistics}).</li>
 * </ol>
 * Rows are shuffled into the same folds as the Smile trainer shuffles them, by the same seed; each fold fills in its
 * gaps from its own training rows, and leaves out a column that does not vary over them, as the Smile trainer's
 * folds do; so the two give the same cross-validated figures on the same data.
 */
final class SparkLinearTrainer {

    /** How far MLlib's coefficients may lie from the normal equations solved here before the fit is refused. */
    private static final double AGREEMENT = 1e-6;

    private static final String FEATURES = "_features";
    private static final String LABEL = "_label";

    private final SparkTrainingData data;
    private final DataSchema schema;
    private final FitSettings settings;
    private final Algorithm algorithm;
    private final Encoding encoding;
    private final List<String> designNames;
    private final Dataset<Row> rows;
    private final int d;
    private final long n;
    private final boolean leaveOneOut;
    private final int folds;
    /** Each row's fold, or null under leave-one-out, where a row's place is its fold. */
    private final Broadcast<byte[]> foldOf;
    private final byte[] foldBytes;

    private SparkLinearTrainer(SparkTrainingData data, DataSchema schema, FitSettings settings) {
        this.data = data;
        this.schema = schema;
        this.settings = settings;
        this.algorithm = settings.algorithm();
        this.encoding = Encoding.of(schema.features(), schema.target());
        this.designNames = Design.of(schema.features()).names();
        this.rows = data.rows();
        this.d = encoding.design();
        this.n = data.count();
        // The lasso has no closed form to take a fold out of: each fold is an MLlib fit, so k-fold even for small data.
        this.leaveOneOut = n <= Trainer.LEAVE_ONE_OUT_MAX_ROWS && algorithm != Algorithm.LASSO;
        this.folds = leaveOneOut ? (int) n : (int) Math.min(settings.folds(), n);
        var jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        this.foldBytes = leaveOneOut ? null : LinearFolds.folds(n, folds, settings.seed());
        this.foldOf = leaveOneOut ? null : jsc.broadcast(foldBytes);
    }

    static Model fit(SparkTrainingData data, DataSchema schema, String version, FitSettings settings,
                     Provenance provenance) throws DataException {
        DataChecks.checkLinearRows(data.file(), data.count(), Design.of(schema.features()).size());
        var trainer = new SparkLinearTrainer(data, schema, settings);
        try {
            return trainer.fit(version, provenance);
        } finally {
            if (trainer.foldOf != null) {
                trainer.foldOf.destroy();
            }
        }
    }

    /** Each row's fold, as a column. */
    private Column foldColumn() {
        Column place = functions.col(SparkTrainingData.ROW);
        if (foldBytes == null) {
            return place.cast(DataTypes.IntegerType);
        }
        Broadcast<byte[]> broadcast = foldOf;
        return functions.udf((org.apache.spark.sql.api.java.UDF1<Long, Integer>) row ->
                (int) broadcast.value()[Math.toIntExact(row)], DataTypes.IntegerType).asNonNullable().apply(place);
    }

    private Model fit(String version, Provenance provenance) throws DataException {
        FeatureSchema declared = schema.features();
        String target = schema.target().name();
        checkLevels(SparkSummary.levelCounts(rows, declared));
        SparkImputation.Fills fills = SparkImputation.of(rows, schema, data.file(), n, foldColumn(), folds, foldBytes,
                OrderStatistics.COLLECT_MAX);
        Dataset<Row> filled = SparkImputation.filled(rows, declared.names(), fills.model());
        // Without a rule to fill by, the filled rows are the data's own, which the data keeps and lets go of.
        boolean own = filled != rows;
        if (own) {
            filled = filled.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            SparkSummary summary = SparkSummary.of(filled, declared.names(), target);
            long[][] levels = SparkSummary.levelCounts(filled, declared);
            double[] centre = centre(filled, summary, levels);

            Moments[] moments = rows.javaRDD()
                    .mapPartitions(new LinearFolds.FoldMoments(encoding, folds, centre, foldOf, fills))
                    .reduce(LinearFolds::plus);
            Moments all = moments[0];
            Moments[] training = new Moments[folds];
            Moments[] perFold = java.util.Arrays.copyOfRange(moments, 1, folds + 1);
            for (int f = 0; f < folds; f++) {
                training[f] = fills.perFold() ? perFold[f] : all.without(perFold, f);
            }
            NormalEquations.checkWellPosed(data.file(), designNames, all, centre);
            LinearRegressionModel mllib = fitChecked(all, centre, fills.model());
            double intercept = mllib.intercept();
            double[] coefficients = mllib.coefficients().toArray();
            var model = new LinearFolds.FoldFit(intercept, coefficients, Moments.all(d), 0, 0, 0, null);

            double[] sums = rows.javaRDD().mapPartitions(new TrainingErrors(encoding, model, fills.model(),
                    summary.targetMean())).reduce(LinearFolds::add);
            double rss = sums[0];
            if (rss == 0) {
                throw DataChecks.exactFit(data.file(), target);
            }
            // The metrics the gate and the review read are in the target's unit: what the server serves.
            Errors served = Errors.fromSums(n, sums[1], sums[2], sums[3]);
            double adjusted = 1 - (1 - served.rSquared()) * (n - 1) / (double) (n - d - 1);
            IntervalParameters interval;
            CrossValidation crossValidation;
            if (algorithm == Algorithm.OLS) {
                interval = NormalEquations.exact(all, centre, d, rss, n - d - 1);
                crossValidation = exactCrossValidation(training, centre, fills, summary.targetMean());
            } else {
                var conformal = conformal(training, centre, fills, summary.targetMean());
                interval = conformal.interval();
                crossValidation = conformal.crossValidation();
            }

            var metrics = new Metrics(served.rSquared(), adjusted, served.rmse(), served.mae(), crossValidation);
            FeatureSchema features = SparkImputation.withValues(schema, fills.model());
            var stats = SparkSummary.featureStats(filled, declared, summary, n, settings.bins(), levels,
                    SparkImputation.missingCounts(rows, schema));
            Dataset<Row> predictions = rows.sparkSession().createDataFrame(
                    rows.javaRDD().mapPartitions(new ServedPredictions(encoding, model, fills.model())),
                    DataTypes.createStructType(List.of(
                            DataTypes.createStructField("_prediction", DataTypes.DoubleType, false))));
            Distribution distribution = OrderStatistics.distribution(predictions, n, settings.bins());
            var trainingData = new TrainingData(data.file(), data.sha256(), n, stats, distribution);
            var metadata = ModelMetadata.builder().name(schema.model()).version(version).algorithm(algorithm.id)
                    .hyperparameters(algorithm.penalized() ? Map.of("lambda", settings.lambda()) : Map.of())
                    .schema(features).target(schema.target()).metrics(metrics)
                    .coefficientStats(algorithm == Algorithm.OLS ? NormalEquations.coefficientStats(intercept,
                            coefficients, (IntervalParameters.OlsExact) interval, designNames) : List.of())
                    .trainingData(trainingData).provenance(provenance).build();
            return new Model(metadata, new LinearModel(intercept, coefficients), interval);
        } finally {
            if (own) {
                filled.unpersist();
            }
        }
    }

    /**
     * Every declared level needs a training row, as the Smile trainer requires: a linear model's column for a level
     * no row has is all zeros, and its coefficient cannot be estimated. Its message, word for word.
     */
    private void checkLevels(long[][] counts) throws DataException {
        var problems = new ArrayList<String>();
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] == null) {
                continue;
            }
            Feature feature = schema.features().features().get(j);
            for (int level = 0; level < counts[j].length; level++) {
                if (counts[j][level] == 0) {
                    problems.add(data.file() + ": level \"" + feature.level(level) + "\" of " + feature.name()
                            + " has no row in the data" + (data.dropped().count() > 0 ? " (after --drop-incomplete"
                            + " left out " + data.dropped().count() + " incomplete rows)" : "") + ", so a linear"
                            + " model cannot estimate what it adds (the fit would be singular): remove it from "
                            + feature.name() + "'s levels in the schema file, or add rows that have it");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
    }

    /**
     * Where the cross products are taken about: each design column's mean (a level's column, its share of the rows)
     * and the fitted target's. Any fixed centre gives the same fit; one near the means keeps the digits.
     */
    private double[] centre(Dataset<Row> filled, SparkSummary summary, long[][] levels) {
        double[] centre = new double[d + 1];
        int at = 0;
        for (int j = 0; j < encoding.features(); j++) {
            if (levels[j] == null) {
                centre[at++] = summary.means()[j];
                continue;
            }
            for (int level = 1; level < levels[j].length; level++) {
                centre[at++] = levels[j][level] / (double) n;
            }
        }
        centre[d] = schema.target().transform() == Target.Transform.NONE ? summary.targetMean()
                : filled.agg(functions.avg(functions.log(functions.col(schema.target().name())))).first().getDouble(0);
        return centre;
    }

    /** The fit, by MLlib; for least squares and ridge checked against the same equations solved here. */
    private LinearRegressionModel fitChecked(Moments all, double[] centre, double[] fills) {
        Dataset<Row> assembled = designed(fills, null);
        double targetStd = Math.sqrt(all.centred(d, d) / n);
        LinearRegressionModel mllib = regression(algorithm, settings.lambda(), n, targetStd).fit(assembled);
        double[] coefficients = mllib.coefficients().toArray();
        if (algorithm != Algorithm.LASSO) {
            var check = NormalEquations.solve(all, centre, d, algorithm == Algorithm.RIDGE ? settings.lambda() : 0);
            for (int j = 0; j < d; j++) {
                if (!(Math.abs(coefficients[j] - check.coefficients()[j])
                        <= AGREEMENT * Math.max(1e-12, Math.abs(check.coefficients()[j])))) {
                    throw new IllegalStateException("MLlib's coefficient of " + designNames.get(j) + ", "
                            + coefficients[j] + ", differs from the normal equations' " + check.coefficients()[j]);
                }
            }
        }
        return mllib;
    }

    /**
     * The rows as MLlib fits them: the design row in one vector column, the fitted target, and the fold; the gaps
     * filled in with {@code fills}, and only the rows not in fold {@code without} if it is given.
     */
    private Dataset<Row> designed(double[] fills, Integer without) {
        Encoding encoding = this.encoding;
        Broadcast<byte[]> folds = foldOf;
        StructType structure = DataTypes.createStructType(List.of(
                DataTypes.createStructField(FEATURES, SQLDataTypes.VectorType(), false),
                DataTypes.createStructField(LABEL, DataTypes.DoubleType, false),
                DataTypes.createStructField(SparkConformal.FOLD, DataTypes.IntegerType, false)));
        Dataset<Row> designed = rows.sparkSession().createDataFrame(rows.javaRDD().map(row -> {
            double[] x = new double[encoding.design()];
            encoding.encode(row, fills, x);
            return RowFactory.create(Vectors.dense(x), encoding.fitted(row),
                    LinearFolds.fold(encoding.place(row), folds));
        }), structure);
        return without == null ? designed : designed.where(functions.col(SparkConformal.FOLD).notEqual(without));
    }

    /** The conformal interval, or null, and the cross-validation with its held-out coverage. */
    private record Conformal(IntervalParameters interval, CrossValidation crossValidation) {
    }

    /**
     * Least squares and its held-out figures: each fold's fit and exact interval from its training rows' cross
     * products, then one pass for the held-out errors and how often the exact interval covers them.
     */
    private CrossValidation exactCrossValidation(Moments[] training, double[] centre, SparkImputation.Fills fills,
                                                 double targetMean) {
        var fits = new LinearFolds.FoldFit[folds];
        for (int f = 0; f < folds; f++) {
            int[] kept = NormalEquations.varying(training[f], d);
            NormalEquations.Solution solution = NormalEquations.solve(training[f], centre, d, kept, 0);
            double foldRss = Math.max(0, training[f].centred(d, d)
                    - NormalEquations.dotWithTarget(training[f], solution.coefficients(), d));
            long df = training[f].count - kept.length - 1;
            fits[f] = new LinearFolds.FoldFit(solution.intercept(), solution.coefficients(), kept,
                    NormalEquations.tCritical(df), Math.sqrt(foldRss / df), Math.toIntExact(df),
                    NormalEquations.inverse(training[f], centre, kept));
        }
        double[] heldOut = rows.javaRDD().mapPartitions(new LinearFolds.HeldOutErrors(encoding, fits, foldOf, fills,
                targetMean)).reduce(LinearFolds::add);
        return new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD,
                folds, leaveOneOut ? null : settings.seed(), Math.sqrt(heldOut[0] / n), heldOut[1] / n,
                heldOut[4] == 0 ? 0 : 1 - heldOut[0] / heldOut[4])
                .withInterval(heldOut[2] / n, heldOut[3] / n);
    }

    /**
     * Every family but least squares gets the conformal interval from its held-out residuals, as with Smile: ridge
     * takes each fold's fit in closed form from its cross products, the lasso refits with MLlib per fold.
     */
    private Conformal conformal(Moments[] training, double[] centre, SparkImputation.Fills fills,
                                double targetMean) {
        var fits = new LinearFolds.FoldFit[folds];
        for (int f = 0; f < folds; f++) {
            if (algorithm == Algorithm.RIDGE) {
                int[] kept = NormalEquations.varying(training[f], d);
                NormalEquations.Solution solution = NormalEquations.solve(training[f], centre, d, kept,
                        settings.lambda());
                fits[f] = new LinearFolds.FoldFit(solution.intercept(), solution.coefficients(), kept, 0, 0, 0,
                        null);
            } else {
                LinearRegressionModel model = regression(Algorithm.LASSO, settings.lambda(), training[f].count,
                        Double.NaN).fit(designed(fills.of(f), f));
                fits[f] = new LinearFolds.FoldFit(model.intercept(), model.coefficients().toArray(), Moments.all(d),
                        0, 0, 0, null);
            }
        }
        Dataset<Row> heldOut = rows.sparkSession().createDataFrame(
                rows.javaRDD().mapPartitions(new LinearFolds.HeldOutResiduals(encoding, fits, foldOf, fills)),
                LinearFolds.RESIDUALS).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Column error = functions.col(SparkConformal.ACTUAL).minus(served(functions.col(SparkConformal.PREDICTED)));
            Row sums = heldOut.agg(functions.sum(error.multiply(error)), functions.sum(functions.abs(error)),
                    functions.sum(functions.pow(functions.col(SparkConformal.ACTUAL).minus(targetMean), 2))).first();
            Errors errors = Errors.fromSums(n, sums.getDouble(0), sums.getDouble(1), sums.getDouble(2));
            var crossValidation = new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT
                    : CrossValidation.K_FOLD, folds, leaveOneOut ? null : settings.seed(), errors.rmse(), errors.mae(),
                    errors.rSquared());
            var conformal = SparkConformal.of(heldOut.orderBy(SparkTrainingData.ROW), n, folds, crossValidation,
                    schema.target().transform());
            if (conformal.conformity() != null) {
                crossValidation = crossValidation.withInterval(conformal.conformity().coverage(),
                        conformal.conformity().meanWidth());
            }
            return new Conformal(conformal.interval(), crossValidation);
        } finally {
            heldOut.unpersist();
        }
    }

    /** A column of predictions on the fitted scale, as served. */
    private Column served(Column predicted) {
        return schema.target().transform() == Target.Transform.NONE ? predicted : functions.exp(predicted);
    }

    /**
     * Over a partition: Σ residual² on the fitted scale, and in the target's unit as served Σ error², Σ |error| and
     * Σ (y − ȳ)².
     */
    private static final class TrainingErrors implements
            org.apache.spark.api.java.function.FlatMapFunction<java.util.Iterator<Row>, double[]> {
        private static final long serialVersionUID = 1L;
        private final Encoding encoding;
        private final LinearFolds.FoldFit model;
        private final double[] fills;
        private final double targetMean;

        TrainingErrors(Encoding encoding, LinearFolds.FoldFit model, double[] fills, double targetMean) {
            this.encoding = encoding;
            this.model = model;
            this.fills = fills;
            this.targetMean = targetMean;
        }

        @Override
        public java.util.Iterator<double[]> call(java.util.Iterator<Row> rows) {
            double[] sums = new double[4];
            double[] x = new double[encoding.design()];
            while (rows.hasNext()) {
                Row row = rows.next();
                encoding.encode(row, fills, x);
                double predicted = model.predict(x);
                double residual = encoding.fitted(row) - predicted;
                double actual = encoding.actual(row);
                double error = actual - encoding.served(predicted);
                sums[0] += residual * residual;
                sums[1] += error * error;
                sums[2] += Math.abs(error);
                sums[3] += (actual - targetMean) * (actual - targetMean);
            }
            return Collections.singletonList(sums).iterator();
        }
    }

    /** Each row's prediction as served, in the target's unit. */
    private static final class ServedPredictions implements
            org.apache.spark.api.java.function.FlatMapFunction<java.util.Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final Encoding encoding;
        private final LinearFolds.FoldFit model;
        private final double[] fills;

        ServedPredictions(Encoding encoding, LinearFolds.FoldFit model, double[] fills) {
            this.encoding = encoding;
            this.model = model;
            this.fills = fills;
        }

        @Override
        public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
            double[] x = new double[encoding.design()];
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    encoding.encode(rows.next(), fills, x);
                    return RowFactory.create(encoding.served(model.predict(x)));
                }
            };
        }
    }

    /**
     * MLlib's linear regression set up to minimise what Smile minimises. Least squares: the normal equations.
     * Ridge: Smile minimises RSS + λ·Σ σⱼ²βⱼ² with σⱼ the features' population standard deviations; MLlib's normal
     * solver, standardising features and label, minimises the same up to a factor with the penalty
     * (n·r / σᵧ)·Σ σⱼ²βⱼ², so r = λ·σᵧ / n. The lasso: Smile minimises RSS + λ·Σ σⱼ|βⱼ|; MLlib's OWL-QN
     * minimises RSS / (2n) + r·Σ sⱼ|βⱼ| with sⱼ the sample standard deviations, so r = λ·√((n − 1) / n) / (2n).
     * The columns are the design's, a category's levels each its own.
     */
    static LinearRegression regression(Algorithm algorithm, double lambda, long n, double targetStd) {
        var regression = new LinearRegression().setFitIntercept(true).setLabelCol(LABEL).setFeaturesCol(FEATURES);
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
