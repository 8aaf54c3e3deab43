package com.salaryml.training.spark;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.metadata.TrainingData;
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
import com.salaryml.training.TrainingOptions;
import com.salaryml.training.TreeExport;
import com.salaryml.training.TreeSettings;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits gradient boosting ({@link GBTRegressor}) or a random forest ({@link RandomForestRegressor}) on data Spark
 * holds, exports the trees to the model file's tree format ({@link SparkTreeExport}), proves the export predicts
 * what MLlib predicts, and measures the model as the Smile trainer ({@link Trainer}) measures a tree ensemble: on
 * the training rows, and by seeded k-fold cross-validation on the Smile trainer's folds, whose held-out residuals
 * also give the conformal interval; or, above {@link FitSettings.Holdout#aboveRows()} rows, fitted once and
 * measured on a seeded share of rows held out of that fit ({@link #fitOnce}, split conformal). Nothing but counts, sums and the trees comes to the driver (up to
 * {@value OrderStatistics#COLLECT_MAX} rows, the held-out residuals and the columns for the quantile bins do).
 *
 * <p>How the Smile trainer's settings ({@link TreeSettings}) become MLlib's:
 * <table>
 *   <caption>Smile's tree settings and MLlib's parameters</caption>
 *   <tr><th>setting</th><th>MLlib</th></tr>
 *   <tr><td>trees</td><td>{@code maxIter} (boosting; its first tree counts), {@code numTrees} (forest)</td></tr>
 *   <tr><td>max_depth</td><td>{@code maxDepth} = max_depth − 1: Smile counts the nodes on a path from the root
 *       to a leaf, both included (6 is at most 5 splits), MLlib counts the splits (edges). MLlib grows at most 30
 *       splits deep, so max_depth may be at most 31 here</td></tr>
 *   <tr><td>max_nodes</td><td>nothing: MLlib grows every branch to {@code maxDepth} unless a rule below stops it,
 *       and has no limit on a tree's leaves. Only depth and node size bound a tree, and the exported size is
 *       checked against the model file's limits instead</td></tr>
 *   <tr><td>node_size</td><td>{@code minInstancesPerNode}: a split is refused if either child gets fewer rows,
 *       as Smile refuses a leaf of fewer</td></tr>
 *   <tr><td>shrinkage</td><td>{@code stepSize} = shrinkage / 2, see {@link #stepSize}</td></tr>
 *   <tr><td>subsample</td><td>{@code subsamplingRate}. Boosting draws each tree's rows without replacement; a
 *       forest draws a bootstrap sample at 1 ({@code bootstrap} true) and without replacement below
 *       ({@code bootstrap} false), as Smile does. MLlib draws per row (Bernoulli, or Poisson counts for a
 *       bootstrap), so a tree's sample is about, not exactly, that share of the rows</td></tr>
 *   <tr><td>mtry</td><td>{@code featureSubsetStrategy}: "all" for 0, else the number. Boosting tries all
 *       features, as Smile's does</td></tr>
 *   <tr><td>seed</td><td>{@code seed}. MLlib's draws are seeded per partition, so the same data in the same
 *       partitions gives the same trees; the same data read into other partitions may not</td></tr>
 * </table>
 * Two things MLlib does its own way and no parameter changes: boosting's first tree is fitted on the target itself
 * and weighted 1, where Smile starts from the target's mean; and each split is chosen among at most
 * {@value #MAX_BINS} candidate thresholds per feature (see {@link #MAX_BINS}), where Smile tries every one.
 */
final class SparkTreeTrainer {

    /**
     * The candidate thresholds per feature, {@code maxBins}. A feature with at most this many distinct values gets
     * every midpoint between neighbouring values as a candidate, the very candidates Smile's exact search tries; the
     * salary inputs (years, scores out of 10) have far fewer. A continuous feature with more gets thresholds at
     * about this many quantiles, found on a sample of max(maxBins², 10,000) rows. MLlib's default, 32, would cut
     * 0 to 50 years of experience more coarsely than the data; the cost of more bins is linear, in the statistics
     * each pass aggregates per node.
     */
    static final int MAX_BINS = 256;

    /** The deepest MLlib grows a tree: 30 splits from the root to a leaf. */
    static final int MLLIB_MAX_DEPTH = 30;

    /** The column of the assembled feature vector. */
    static final String FEATURES = "_features";
    /** The column of MLlib's prediction. */
    static final String MLLIB = "_mllib";
    /** The column of the exported model's prediction. */
    static final String PREDICTION = "_prediction";
    /** The column of the target on the fitted scale, MLlib's label. */
    static final String LABEL = "_label";

    private SparkTreeTrainer() {
    }

    /** A model, and the MLlib model it was exported from, for the tests that compare the two. */
    record Fitted(Model model, PredictionModel<Vector, ?> library) {
    }

    static Model fit(SparkTrainingData data, DataSchema schema, String version, FitSettings settings,
                     Provenance provenance) throws DataException {
        return fitWithSpark(data, schema, version, settings, provenance).model();
    }

    static Fitted fitWithSpark(SparkTrainingData data, DataSchema schema, String version, FitSettings settings,
                               Provenance provenance) throws DataException {
        Algorithm algorithm = settings.algorithm();
        if (!algorithm.trees()) {
            throw new IllegalArgumentException(algorithm.id + " is not a tree ensemble");
        }
        long n = data.count();
        TreeSettings trees = settings.trees();
        DataChecks.checkTreesWellPosed(data.file(), n, schema.features().size(), settings);
        checkDepth(algorithm, trees);
        var checkpoints = BoostingCheckpoints.open(data.rows().sparkSession().sparkContext(), algorithm, trees);
        try {
            return settings.holdout().appliesTo(n)
                    ? fitOnce(data, schema, version, settings, provenance)
                    : crossValidated(data, schema, version, settings, provenance);
        } finally {
            checkpoints.close();
        }
    }

    /**
     * Up to {@link FitSettings.Holdout#aboveRows()} rows: fits the ensemble on all rows, and measures it by k-fold
     * cross-validation on the folds the Smile trainer shuffles the rows into.
     */
    private static Fitted crossValidated(SparkTrainingData data, DataSchema schema, String version,
                                         FitSettings settings, Provenance provenance) throws DataException {
        Algorithm algorithm = settings.algorithm();
        FeatureSchema declared = schema.features();
        List<String> names = declared.names();
        int p = names.size();
        long n = data.count();
        String target = schema.target().name();
        Target.Transform transform = schema.target().transform();
        TreeSettings trees = settings.trees();
        int folds = (int) Math.min(settings.folds(), n);
        var jsc = JavaSparkContext.fromSparkContext(data.rows().sparkSession().sparkContext());
        byte[] foldBytes = LinearFolds.folds(n, folds, settings.seed());
        Broadcast<byte[]> foldOf = jsc.broadcast(foldBytes);
        Column fold = functions.udf(new FoldOf(foldOf), DataTypes.IntegerType).asNonNullable()
                .apply(functions.col(SparkTrainingData.ROW));
        SparkImputation.Fills fills = SparkImputation.of(data.rows(), schema, data.file(), n, fold, folds, foldBytes,
                OrderStatistics.COLLECT_MAX);
        Dataset<Row> frame = frame(data.rows(), declared, target, transform, fills.model(), fold)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Broadcast<SparkTreeExport.Shipped> shipped = null;
        Dataset<Row> scored = null;
        Dataset<Row> heldOut = null;
        try {
            var summary = SparkSummary.of(frame, names, target);
            long[][] levels = SparkSummary.levelCounts(frame, declared);
            double targetMean = summary.targetMean();
            PredictionModel<Vector, ?> mllib = fitEnsemble(algorithm, trees, frame);
            TreeEnsembleModel exported = export(mllib, algorithm, trees, names);

            // One distributed pass proves the export on every training row, against MLlib's own transform, and
            // measures the training error of the export's predictions, which are what the model file will serve.
            // Every row, not a sample: the rows stay where they are, and the pass is needed for the errors anyway.
            shipped = SparkTreeExport.ship(exported, frame.sparkSession());
            scored = mllib.transform(frame)
                    .withColumn(PREDICTION, SparkTreeExport.predict(shipped, functions.col(FEATURES)))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Errors errors = trainingErrors(scored, target, transform, targetMean, n);
            // As the Smile trainer does: one degree of freedom per feature, a convention for trees (see Trainer).
            double adjusted = 1 - (1 - errors.rSquared()) * (n - 1) / (double) (n - p - 1);
            heldOut = heldOut(algorithm, trees, frame, data.rows(), declared, target, transform, fills, fold, folds)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Column error = functions.col(SparkConformal.ACTUAL)
                    .minus(served(functions.col(SparkConformal.PREDICTED), transform));
            Row cv = heldOut.agg(functions.sum(error.multiply(error)), functions.sum(functions.abs(error)),
                    functions.sum(functions.pow(functions.col(SparkConformal.ACTUAL).minus(targetMean), 2))).first();
            Errors cvErrors = Errors.fromSums(n, cv.getDouble(0), cv.getDouble(1), cv.getDouble(2));
            var crossValidation = new CrossValidation(CrossValidation.K_FOLD, folds, settings.seed(), cvErrors.rmse(),
                    cvErrors.mae(), cvErrors.rSquared());
            var conformal = SparkConformal.of(heldOut.orderBy(SparkTrainingData.ROW), n, folds, crossValidation,
                    transform);
            IntervalParameters interval = conformal.interval();
            if (interval != null && conformal.conformity() != null) {
                crossValidation = crossValidation.withInterval(conformal.conformity().coverage(),
                        conformal.conformity().meanWidth());
            }

            var metrics = new Metrics(errors.rSquared(), adjusted, errors.rmse(), errors.mae(), crossValidation);
            return described(data, schema, version, settings, provenance, new Measured(frame, scored, summary, levels,
                    fills.model(), metrics, interval), exported, mllib);
        } finally {
            release(frame, foldOf, shipped, scored, heldOut);
        }
    }

    /** The value of the fold column for a row held out of the fit, in {@link #fitOnce}. */
    static final int HELD_OUT = 1;

    /**
     * Fits the ensemble once, on all rows but a seeded share held out ({@link FitSettings.Holdout}), and measures it
     * on those: their errors are the model's held-out errors, and their residuals calibrate its conformal interval
     * (split conformal: for a new row exchangeable with them, the interval covers it with probability at least the
     * level). k-fold would fit k more ensembles, each costing MLlib a few Spark jobs per tree whatever the data's
     * size; on data this large one held-out share measures the served model itself, and well.
     *
     * <p>The interval's coverage reported beside it is measured as k-fold's is, on rows it was not calibrated on:
     * the held-out rows in two halves by their place, each judged by the half width of the other half's residuals.
     * The model's fill values for missing cells come from the rows it is fitted on.
     */
    private static Fitted fitOnce(SparkTrainingData data, DataSchema schema, String version, FitSettings settings,
                                  Provenance provenance) throws DataException {
        Algorithm algorithm = settings.algorithm();
        FeatureSchema declared = schema.features();
        List<String> names = declared.names();
        int p = names.size();
        long n = data.count();
        String target = schema.target().name();
        Target.Transform transform = schema.target().transform();
        TreeSettings trees = settings.trees();
        var jsc = JavaSparkContext.fromSparkContext(data.rows().sparkSession().sparkContext());
        byte[] sideBytes = LinearFolds.heldOut(n, settings.holdout().share(), settings.seed());
        Broadcast<byte[]> sideOf = jsc.broadcast(sideBytes);
        Column side = functions.udf(new FoldOf(sideOf), DataTypes.IntegerType).asNonNullable()
                .apply(functions.col(SparkTrainingData.ROW));
        SparkImputation.Fills fills = SparkImputation.of(data.rows(), schema, data.file(), n, side, 2, sideBytes,
                OrderStatistics.COLLECT_MAX);
        // The values of the rows the model is fitted on: those of every row but the held-out ones.
        double[] modelFills = fills.perFold() ? fills.of(HELD_OUT) : fills.model();
        Dataset<Row> frame = frame(data.rows(), declared, target, transform, modelFills, side)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Column heldOutRow = functions.col(SparkConformal.FOLD).equalTo(HELD_OUT);
        Broadcast<SparkTreeExport.Shipped> shipped = null;
        Dataset<Row> scored = null;
        Dataset<Row> heldOut = null;
        try {
            Dataset<Row> fitted = frame.where(functions.not(heldOutRow));
            long fittedRows = n - countOf(sideBytes);
            long heldOutRows = n - fittedRows;
            var summary = SparkSummary.of(frame, names, target);
            long[][] levels = SparkSummary.levelCounts(frame, declared);
            PredictionModel<Vector, ?> mllib = fitEnsemble(algorithm, trees, fitted);
            TreeEnsembleModel exported = export(mllib, algorithm, trees, names);

            shipped = SparkTreeExport.ship(exported, frame.sparkSession());
            scored = mllib.transform(frame)
                    .withColumn(PREDICTION, SparkTreeExport.predict(shipped, functions.col(FEATURES)))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            // The export proved on every row, held-out ones too; the training errors of the rows it was fitted on.
            Dataset<Row> scoredFitted = scored.where(functions.not(heldOutRow));
            double fittedMean = scoredFitted.agg(functions.avg(functions.col(target))).first().getDouble(0);
            requireSamePredictions(scored.agg(functions.max(SparkTreeExport.relativeError(
                    functions.col(PREDICTION), functions.col(MLLIB)))).first().getDouble(0), scored,
                    scored.sparkSession().version());
            Errors errors = trainingErrors(scoredFitted, target, transform, fittedMean, fittedRows);
            double adjusted = 1 - (1 - errors.rSquared()) * (fittedRows - 1) / (double) (fittedRows - p - 1);

            // Two halves of the held-out rows, by their place, for the coverage measured beside the interval.
            heldOut = scored.where(heldOutRow).select(
                    functions.col(SparkTrainingData.ROW),
                    functions.pmod(functions.col(SparkTrainingData.ROW), functions.lit(2L)).cast(DataTypes.IntegerType)
                            .as(SparkConformal.FOLD),
                    functions.col(LABEL).minus(functions.col(PREDICTION)).as(SparkConformal.RESIDUAL),
                    functions.col(PREDICTION).as(SparkConformal.PREDICTED),
                    functions.col(target).as(SparkConformal.ACTUAL))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Column error = functions.col(SparkConformal.ACTUAL)
                    .minus(served(functions.col(SparkConformal.PREDICTED), transform));
            double heldOutMean = heldOut.agg(functions.avg(functions.col(SparkConformal.ACTUAL))).first().getDouble(0);
            Row sums = heldOut.agg(functions.sum(error.multiply(error)), functions.sum(functions.abs(error)),
                    functions.sum(functions.pow(functions.col(SparkConformal.ACTUAL).minus(heldOutMean), 2))).first();
            Errors heldOutErrors = Errors.fromSums(heldOutRows, sums.getDouble(0), sums.getDouble(1),
                    sums.getDouble(2));
            var crossValidation = new CrossValidation(CrossValidation.HOLDOUT, 1, settings.seed(),
                    heldOutErrors.rmse(), heldOutErrors.mae(), heldOutErrors.rSquared());
            var conformal = SparkConformal.of(heldOut.orderBy(SparkTrainingData.ROW), heldOutRows, 2,
                    crossValidation, transform);
            IntervalParameters interval = conformal.interval();
            if (interval != null && conformal.conformity() != null) {
                crossValidation = crossValidation.withInterval(conformal.conformity().coverage(),
                        conformal.conformity().meanWidth());
            }
            var metrics = new Metrics(errors.rSquared(), adjusted, errors.rmse(), errors.mae(), crossValidation);
            return described(data, schema, version, settings, provenance, new Measured(frame, scored, summary, levels,
                    modelFills, metrics, interval), exported, mllib);
        } finally {
            release(frame, sideOf, shipped, scored, heldOut);
        }
    }

    /**
     * What a fit measured, for {@link #described}: the rows as fitted ({@code frame}) and as scored by the export,
     * their statistics, the fill values the model file carries, the metrics and the interval.
     */
    private record Measured(Dataset<Row> frame, Dataset<Row> scored, SparkSummary summary, long[][] levels,
                            double[] fills, Metrics metrics, IntervalParameters interval) {
    }

    /**
     * The model file's model: the exported trees with their metadata, the training statistics and prediction bins
     * over every row (held-out ones too: the server meets rows like all of them), as the Smile trainer records them.
     */
    private static Fitted described(SparkTrainingData data, DataSchema schema, String version, FitSettings settings,
                                    Provenance provenance, Measured measured, TreeEnsembleModel exported,
                                    PredictionModel<Vector, ?> mllib) {
        Algorithm algorithm = settings.algorithm();
        long n = data.count();
        Map<String, FeatureStats> stats = SparkSummary.featureStats(measured.frame(), schema.features(),
                measured.summary(), n, settings.bins(), measured.levels(),
                SparkImputation.missingCounts(data.rows(), schema));
        Distribution predictions = OrderStatistics.distribution(measured.scored().select(
                served(functions.col(PREDICTION), schema.target().transform()).as(PREDICTION)), n, settings.bins());
        var trainingData = new TrainingData(data.file(), data.sha256(), n, stats, predictions);
        var metadata = ModelMetadata.builder().name(schema.model()).version(version).algorithm(algorithm.id)
                .hyperparameters(settings.trees().hyperparameters(algorithm))
                .schema(SparkImputation.withValues(schema, measured.fills())).target(schema.target())
                .metrics(measured.metrics()).trainingData(trainingData).provenance(provenance).build();
        return new Fitted(new Model(metadata, exported, measured.interval()), mllib);
    }

    /**
     * Frees what a fit kept on the executors, however it ended: the cached rows, the broadcast that assigns each
     * row to a fold or side, the shipped export and what was derived from the rows (null if the fit stopped before
     * it).
     */
    private static void release(Dataset<Row> frame, Broadcast<byte[]> rowAssignment,
                                Broadcast<SparkTreeExport.Shipped> shipped, Dataset<Row> scored, Dataset<Row> heldOut) {
        if (heldOut != null) {
            heldOut.unpersist();
        }
        if (scored != null) {
            scored.unpersist();
        }
        if (shipped != null) {
            shipped.destroy();
        }
        frame.unpersist();
        rowAssignment.destroy();
    }

    private static long countOf(byte[] sideBytes) {
        long count = 0;
        for (byte side : sideBytes) {
            count += side;
        }
        return count;
    }

    /**
     * The rows as MLlib fits them: the gaps filled in with {@code fills}, the features in one vector column whose
     * metadata marks each category as MLlib's categorical feature of as many values as it has levels (so that MLlib
     * splits on sets of levels, never on the order of their codes), the target on the fitted scale as the label,
     * and each row's fold.
     */
    static Dataset<Row> frame(Dataset<Row> rows, FeatureSchema features, String target, Target.Transform transform,
                              double[] fills, Column fold) {
        List<String> names = features.names();
        Dataset<Row> assembled = new VectorAssembler().setInputCols(names.toArray(String[]::new))
                .setOutputCol(FEATURES).transform(SparkImputation.filled(rows, names, fills));
        Attribute[] attributes = new Attribute[names.size()];
        for (int j = 0; j < attributes.length; j++) {
            Feature feature = features.features().get(j);
            attributes[j] = feature.isCategorical()
                    ? NominalAttribute.defaultAttr().withName(feature.name()).withNumValues(feature.levels().size())
                    : NumericAttribute.defaultAttr().withName(feature.name());
        }
        Metadata metadata = new AttributeGroup(FEATURES, attributes).toMetadata();
        Column actual = functions.col(target);
        return assembled.withColumn(FEATURES, functions.col(FEATURES).as(FEATURES, metadata))
                .withColumn(LABEL, transform == Target.Transform.NONE ? actual : functions.log(actual))
                .withColumn(SparkConformal.FOLD, fold);
    }

    /** A column of predictions on the fitted scale, as served. */
    private static Column served(Column predicted, Target.Transform transform) {
        return transform == Target.Transform.NONE ? predicted : functions.exp(predicted);
    }

    /** The errors of the export's predictions on every training row, once they are proved to be MLlib's. */
    private static Errors trainingErrors(Dataset<Row> scored, String target, Target.Transform transform,
                                         double targetMean, long n) {
        Column actual = functions.col(target);
        Column residual = actual.minus(served(functions.col(PREDICTION), transform));
        Row training = scored.agg(
                functions.max(SparkTreeExport.relativeError(functions.col(PREDICTION), functions.col(MLLIB))),
                functions.sum(residual.multiply(residual)), functions.sum(functions.abs(residual)),
                functions.sum(functions.pow(actual.minus(targetMean), 2))).first();
        requireSamePredictions(training.getDouble(0), scored, scored.sparkSession().version());
        return Errors.fromSums(n, training.getDouble(1), training.getDouble(2), training.getDouble(3));
    }

    /**
     * Cross-validation: one ensemble per fold, fitted on the other folds, predicts the fold's rows; where cells are
     * missing, both filled in with the values computed from the fold's training rows.
     */
    private static Dataset<Row> heldOut(Algorithm algorithm, TreeSettings trees, Dataset<Row> frame,
                                        Dataset<Row> rows, FeatureSchema features, String target,
                                        Target.Transform transform, SparkImputation.Fills fills, Column fold,
                                        int folds) {
        Dataset<Row> heldOut = null;
        for (int f = 0; f < folds; f++) {
            Dataset<Row> foldFrame = fills.perFold()
                    ? frame(rows, features, target, transform, fills.of(f), fold) : frame;
            Column inFold = functions.col(SparkConformal.FOLD).equalTo(f);
            PredictionModel<Vector, ?> foldModel = fitEnsemble(algorithm, trees, foldFrame.where(functions.not(inFold)));
            Dataset<Row> predicted = foldModel.transform(foldFrame.where(inFold)).select(
                    functions.col(SparkTrainingData.ROW), functions.col(SparkConformal.FOLD),
                    functions.col(LABEL).minus(functions.col(MLLIB)).as(SparkConformal.RESIDUAL),
                    functions.col(MLLIB).as(SparkConformal.PREDICTED),
                    functions.col(target).as(SparkConformal.ACTUAL));
            heldOut = heldOut == null ? predicted : heldOut.union(predicted);
        }
        return heldOut;
    }

    /**
     * The export of MLlib's ensemble, or a {@link DataException} naming the settings that would make it smaller if
     * it is too large for a model file. Smile's trainer bounds a tree by max_nodes; MLlib cannot, so here only the
     * depth, the node size and the number of trees can.
     */
    static TreeEnsembleModel export(PredictionModel<Vector, ?> mllib, Algorithm algorithm, TreeSettings trees,
                                    List<String> names) throws DataException {
        try {
            return SparkTreeExport.of(mllib, names);
        } catch (TreeExport.TooLargeException e) {
            String prefix = algorithm.settingsPrefix();
            String remedy = e.tree() >= 0
                    ? "lower " + prefix + "max_depth (" + trees.maxDepth() + ") or raise " + prefix + "node_size ("
                            + trees.nodeSize() + ")"
                    : "lower " + prefix + "trees (" + trees.trees() + ") or " + prefix + "max_depth ("
                            + trees.maxDepth() + "), or raise " + prefix + "node_size (" + trees.nodeSize() + "),";
            throw new DataException(e.getMessage() + ": " + remedy + " in " + TrainingOptions.CONFIG_FILE
                    + ". MLlib has no limit on a tree's leaves, so " + prefix + "max_nodes (" + trees.maxNodes()
                    + ") does not bound them");
        }
    }

    /** Fits MLlib's ensemble on {@code rows} with the Smile trainer's settings, as the class comment maps them. */
    static PredictionModel<Vector, ?> fitEnsemble(Algorithm algorithm, TreeSettings trees, Dataset<Row> rows) {
        return switch (algorithm) {
            case GBM -> new GBTRegressor()
                    .setLossType("squared")
                    .setMaxIter(trees.trees())
                    .setStepSize(stepSize(trees.shrinkage()))
                    .setMaxDepth(trees.maxDepth() - 1)
                    .setMinInstancesPerNode(trees.nodeSize())
                    .setSubsamplingRate(trees.subsample())
                    .setFeatureSubsetStrategy("all")
                    .setMaxBins(MAX_BINS)
                    .setSeed(trees.seed())
                    // Only with a checkpoint directory, which fitWithSpark sees to (BoostingCheckpoints).
                    .setCheckpointInterval(BoostingCheckpoints.INTERVAL)
                    .setLabelCol(LABEL).setFeaturesCol(FEATURES).setPredictionCol(MLLIB)
                    .fit(rows);
            case RANDOM_FOREST -> new RandomForestRegressor()
                    .setNumTrees(trees.trees())
                    .setMaxDepth(trees.maxDepth() - 1)
                    .setMinInstancesPerNode(trees.nodeSize())
                    .setBootstrap(trees.subsample() == 1)
                    .setSubsamplingRate(trees.subsample())
                    .setFeatureSubsetStrategy(trees.mtry() == 0 ? "all" : Integer.toString(trees.mtry()))
                    .setMaxBins(MAX_BINS)
                    .setSeed(trees.seed())
                    .setLabelCol(LABEL).setFeaturesCol(FEATURES).setPredictionCol(MLLIB)
                    .fit(rows);
            default -> throw new IllegalArgumentException(algorithm.id + " is not a tree ensemble");
        };
    }

    /**
     * MLlib's step size for Smile's shrinkage. Smile's least-squares boosting fits each tree to the residuals
     * y − F and adds shrinkage × the tree. MLlib's squared loss is (y − F)², and each tree is fitted to its negative
     * gradient, 2 (y − F): the same splits, leaf values twice the residuals', so stepSize × the tree moves F by
     * 2 · stepSize × the fitted residuals. Half the shrinkage moves it by as much as Smile does.
     */
    static double stepSize(double shrinkage) {
        return shrinkage / 2;
    }

    /** Refuses, naming the setting, a depth MLlib cannot grow. */
    private static void checkDepth(Algorithm algorithm, TreeSettings trees) throws DataException {
        if (trees.searched()) {
            // Choosing them by cross-validation within the training rows is the Smile trainer's (TreeSearch) so far.
            String prefix = algorithm.settingsPrefix();
            throw new DataException(prefix + "trees and " + prefix + "max_depth are auto here, chosen by"
                    + " cross-validation, which only the Smile trainer does so far; set both to numbers in "
                    + TrainingOptions.CONFIG_FILE + " or with --trees and --max-depth (gbm.trees=300 with"
                    + " gbm.max_depth=6 were the defaults before), or train with the Smile trainer"
                    + " (mvn -pl model-training exec:java)");
        }
        if (trees.maxDepth() - 1 > MLLIB_MAX_DEPTH) {
            String setting = algorithm.settingsPrefix() + "max_depth";
            throw new DataException(setting + " is " + trees.maxDepth() + ", but MLlib grows trees at most "
                    + MLLIB_MAX_DEPTH + " splits deep, which is max_depth " + (MLLIB_MAX_DEPTH + 1) + " as it is"
                    + " counted here (the root and the leaf both count); set " + setting + " to at most "
                    + (MLLIB_MAX_DEPTH + 1) + " in " + TrainingOptions.CONFIG_FILE + ", or train with the Smile"
                    + " trainer (mvn -pl model-training exec:java)");
        }
    }

    /**
     * Fails if the export predicts any training row differently from MLlib, beyond {@value TreeExport#TOLERANCE}
     * relative, naming the first such row: a change in how MLlib predicts (a later Spark, say) must stop training,
     * not reach a server.
     *
     * @param worst the largest relative difference over all rows
     */
    private static void requireSamePredictions(double worst, Dataset<Row> scored, String sparkVersion) {
        if (worst <= TreeExport.TOLERANCE) {
            return;
        }
        Row row = scored.where(functions.not(SparkTreeExport.relativeError(functions.col(PREDICTION),
                        functions.col(MLLIB)).leq(TreeExport.TOLERANCE)))
                .orderBy(SparkTrainingData.ROW).select(SparkTrainingData.ROW, PREDICTION, MLLIB).first();
        throw new IllegalStateException("the exported trees predict " + row.getDouble(1) + " for training row "
                + (row.getLong(0) + 1) + ", but MLlib predicts " + row.getDouble(2) + "; the export does not match"
                + " the MLlib of Spark " + sparkVersion);
    }

    /** Each row's cross-validation fold, from its place in the data. */
    private static final class FoldOf implements UDF1<Long, Integer> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> foldOf;

        FoldOf(Broadcast<byte[]> foldOf) {
            this.foldOf = foldOf;
        }

        @Override
        public Integer call(Long row) {
            return (int) foldOf.value()[Math.toIntExact(row)];
        }
    }
}
