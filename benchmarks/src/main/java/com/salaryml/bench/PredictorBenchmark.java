package com.salaryml.bench;

import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Predictor.predict} in process, validation, interval and contributions included: one instance, and a
 * batch of 1,000 reported per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class PredictorBenchmark {

    static final int BATCH = 1000;

    /** A model file or JAR; empty means the default model the build trained. */
    @Param("")
    public String model;

    Predictor predictor;
    Map<String, Double> reference;
    Map<String, Double> outside;
    List<Map<String, Double>> batch;
    double[][] columns;

    @Setup
    public void load() throws Exception {
        predictor = model.isEmpty() ? ModelLoader.loadFromClasspath(getClass().getClassLoader())
                : ModelLoader.load(Path.of(model));
        reference = Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0);
        outside = Map.of("experience", 30.0, "test_score", 9.0, "interview_score", 6.0);
        var random = new SplittableRandom(1);
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            var row = new HashMap<String, Double>();
            // Inside the training ranges, as most real requests are; the range warnings have a benchmark of
            // their own below.
            row.put("experience", (double) random.nextInt(0, 12));
            row.put("test_score", (double) random.nextInt(6, 11));
            row.put("interview_score", (double) random.nextInt(6, 11));
            batch.add(row);
        }
        columns = new double[3][BATCH];
        for (int i = 0; i < BATCH; i++) {
            columns[0][i] = batch.get(i).get("experience");
            columns[1][i] = batch.get(i).get("test_score");
            columns[2][i] = batch.get(i).get("interview_score");
        }
    }

    @Benchmark
    public Prediction single() {
        return predictor.predict(reference);
    }

    /** One instance outside the training range: the prediction comes with a range warning. */
    @Benchmark
    public Prediction singleWithWarning() {
        return predictor.predict(outside);
    }

    /** A batch of maps, one {@link Prediction} object per row. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Prediction> batchOfMapsPerRow() {
        return predictor.predictAll(batch);
    }

    /** The columnar batch path the HTTP API uses: flat arrays in and out. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Predictions batchOfColumnsPerRow() {
        return predictor.predictColumns(columns);
    }

}
