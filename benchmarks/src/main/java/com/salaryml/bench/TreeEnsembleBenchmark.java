package com.salaryml.bench;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.schema.Target;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A gradient-boosted ensemble of {@value #TREES} full trees of depth {@value #DEPTH} over the three salary
 * features, built synthetically and seeded, with a conformal interval: the cost of a prediction of a tree
 * model through the same {@code Predictor} as the linear one.
 *
 * <p>The single-instance benchmarks take the next of 1,000 seeded random instances on each call: a tree
 * model's cost depends on the input (which branches are taken, which rows of the TreeSHAP tables are read),
 * and the same input every time would let the processor learn it.
 *
 * <ul>
 *   <li>{@link #valueAndInterval}: one instance, value and interval only: a batch of one whose contributions
 *       are never asked for;</li>
 *   <li>{@link #single}: {@code predict(Map)}, what the HTTP API serves: value, interval and the exact TreeSHAP
 *       contributions;</li>
 *   <li>{@link #batchOfColumnsPerRow}: {@code predictColumns} of 1,000 instances, values and intervals, per
 *       row;</li>
 *   <li>{@link #batchOfColumnsWithContributionsPerRow}: the same with every instance's contributions read, as
 *       the HTTP batch reply does.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class TreeEnsembleBenchmark {

    static final int TREES = 300;
    static final int DEPTH = 6;
    static final int BATCH = 1000;

    Model model;
    List<Map<String, Double>> instances;
    double[][][] ones;
    double[][] columns;
    int next;

    @Setup
    public void build() {
        var random = new SplittableRandom(300_6);
        model = gbm(random);
        columns = new double[3][BATCH];
        instances = new ArrayList<>(BATCH);
        ones = new double[BATCH][][];
        for (int i = 0; i < BATCH; i++) {
            // Inside the training ranges, as most real requests are.
            columns[0][i] = random.nextDouble(0, 11);
            columns[1][i] = random.nextDouble(6, 10);
            columns[2][i] = random.nextDouble(6, 10);
            instances.add(Map.of("experience", columns[0][i], "test_score", columns[1][i],
                    "interview_score", columns[2][i]));
            ones[i] = new double[][] {{columns[0][i]}, {columns[1][i]}, {columns[2][i]}};
        }
    }

    private int next() {
        next = next == BATCH - 1 ? 0 : next + 1;
        return next;
    }

    @Benchmark
    public void valueAndInterval(Blackhole sink) {
        Predictions prediction = model.predictColumns(ones[next()]);
        sink.consume(prediction.value(0));
        sink.consume(prediction.low(0));
        sink.consume(prediction.high(0));
    }

    @Benchmark
    public Prediction single() {
        return model.predict(instances.get(next()));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batchOfColumnsPerRow(Blackhole sink) {
        Predictions batch = model.predictColumns(columns);
        sink.consume(batch.value(BATCH - 1));
        sink.consume(batch.high(BATCH - 1));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batchOfColumnsWithContributionsPerRow(Blackhole sink) {
        Predictions batch = model.predictColumns(columns);
        for (int i = 0; i < BATCH; i++) {
            sink.consume(batch.contribution(0, i));
        }
    }

    /**
     * {@value #TREES} full trees of depth {@value #DEPTH} (127 nodes, 64 leaves each), each split on a random
     * feature at a random threshold inside the features' ranges, leaves of random value, covers random counts
     * that add up; shrinkage 0.05 and a base value of 60,000, as a gbm on salaries might have.
     */
    static Model gbm(SplittableRandom random) {
        var trees = new ArrayList<TreeEnsembleModel.Tree>(TREES);
        for (int t = 0; t < TREES; t++) {
            double[] leafCovers = new double[1 << DEPTH];
            for (int i = 0; i < leafCovers.length; i++) {
                leafCovers[i] = 1 + random.nextInt(40);
            }
            var builder = TreeEnsembleModel.Tree.builder(0.05);
            grow(builder, random, leafCovers, 0, 0);
            trees.add(builder.build());
        }
        var features = List.of(
                new Feature("experience", "years", "Years of professional experience", 0, 50),
                new Feature("test_score", "points out of 10", "Score in the written test", 0, 10),
                new Feature("interview_score", "points out of 10", "Score in the interview", 0, 10));
        var stats = new LinkedHashMap<String, FeatureStats>();
        stats.put("experience", new FeatureStats(0, 11, 4.75, 4.27));
        stats.put("test_score", new FeatureStats(6, 10, 8.125, 1.46));
        stats.put("interview_score", new FeatureStats(6, 10, 7.875, 1.64));
        var metrics = new Metrics(0.95, 0.94, 2000, 1500,
                new CrossValidation(CrossValidation.K_FOLD, 10, 42L, 3000, 2400, 0.9, 0.95, 12000.0));
        var metadata = ModelMetadata.builder().name("salary").version("2.0.0").algorithm("gbm")
                .hyperparameters(Map.of("trees", (double) TREES, "max_depth", (double) DEPTH, "shrinkage", 0.05))
                .schema(new FeatureSchema(features)).target(new Target("salary", "USD")).metrics(metrics)
                .trainingData(new TrainingData("synthetic.csv", "0".repeat(64), 2000, stats))
                .provenance(new Provenance(null, "1.0.0", "3.1.1", "17", null, Map.of("algorithm", "gbm")))
                .build();
        var interval = new IntervalParameters.Conformal(0.95, IntervalParameters.Conformal.CV_PLUS, 6000, 2000);
        return new Model(metadata, new TreeEnsembleModel(60_000, trees), interval);
    }

    /**
     * Adds, depth first, the full subtree at {@code depth} whose leaves are {@code leafCovers[first …]}; returns
     * its root. A split's cover is the sum of its leaves'.
     */
    private static int grow(TreeEnsembleModel.Tree.Builder builder, SplittableRandom random, double[] leafCovers,
                            int depth, int first) {
        if (depth == DEPTH) {
            return builder.leaf(random.nextDouble(-5000, 5000), leafCovers[first]);
        }
        int leaves = 1 << (DEPTH - depth);
        double cover = 0;
        for (int i = first; i < first + leaves; i++) {
            cover += leafCovers[i];
        }
        int feature = random.nextInt(3);
        double threshold = feature == 0 ? random.nextDouble(0, 12) : random.nextDouble(6, 10);
        int split = builder.split(feature, threshold, cover);
        int left = grow(builder, random, leafCovers, depth + 1, first);
        int right = grow(builder, random, leafCovers, depth + 1, first + leaves / 2);
        builder.children(split, left, right);
        return split;
    }
}
