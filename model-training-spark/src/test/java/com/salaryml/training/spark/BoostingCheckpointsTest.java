package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.training.Algorithm;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.FitSettings;
import com.salaryml.training.TreeSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Gradient boosting on Spark cuts its lineage with checkpoints (a gbm of 300 trees on 200,000 rows overflowed the
 * driver's stack without), in a checkpoint directory the user set or, in local mode, one the training makes and
 * deletes.
 */
class BoostingCheckpointsTest {

    private static final TreeSettings STUMPS = new TreeSettings(BoostingCheckpoints.INTERVAL + 2, 2, 32, 5, 0.3, 0.7,
            0, 42);
    private static final TreeSettings FOREST = new TreeSettings(5, 3, 32, 5, 1, 1, 0, 42);

    @TempDir
    Path dir;

    private static SparkContext context() {
        SparkContext context = LocalSpark.session().sparkContext();
        assertThat(context.getCheckpointDir().isDefined()).as("the tests' session starts without one").isFalse();
        return context;
    }

    @Test
    void inLocalModeATemporaryDirectoryIsSetForTheFitAndDeletedAfterIt() throws Exception {
        SparkContext context = context();
        Path made;
        try (var checkpoints = BoostingCheckpoints.open(context, Algorithm.GBM, STUMPS)) {
            made = checkpoints.owned();
            assertThat(made).isDirectory();
            assertThat(made.getParent().toRealPath())
                    .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toRealPath());
            // Spark checkpoints into a folder of its own inside the directory it is given.
            assertThat(Path.of(URI.create(context.getCheckpointDir().get())).getParent()).isEqualTo(made);
        }
        assertThat(made).doesNotExist();
        assertThat(context.getCheckpointDir().isDefined()).as("the context as it was found").isFalse();
    }

    @Test
    void aDirectoryTheUserSetIsUsedAndKept() throws Exception {
        SparkContext context = context();
        context.setCheckpointDir(dir.toUri().toString());
        String set = context.getCheckpointDir().get();
        try {
            try (var checkpoints = BoostingCheckpoints.open(context, Algorithm.GBM, STUMPS)) {
                assertThat(checkpoints.owned()).isNull();
            }
            assertThat(context.getCheckpointDir().get()).isEqualTo(set);
            assertThat(dir).isDirectory();
        } finally {
            context.checkpointDir_$eq(Option.empty());
        }
    }

    @Test
    void aRandomForestNeedsNone() throws Exception {
        SparkContext context = context();
        try (var checkpoints = BoostingCheckpoints.open(context, Algorithm.RANDOM_FOREST, FOREST)) {
            assertThat(checkpoints.owned()).isNull();
            assertThat(context.getCheckpointDir().isDefined()).isFalse();
        }
    }

    @Test
    void onAClusterWithoutADirectoryMoreTreesThanOneIntervalAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> BoostingCheckpoints.requireNotNeeded("spark://head:7077", 300))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("gradient boosting of 300 trees on spark://head:7077 needs a checkpoint"
                        + " directory")
                .hasMessageContaining("--conf spark.checkpoint.dir=hdfs:///");
        assertThatCode(() -> BoostingCheckpoints.requireNotNeeded("spark://head:7077", BoostingCheckpoints.INTERVAL))
                .as("no checkpoint is taken within the first interval").doesNotThrowAnyException();
    }

    /**
     * The fit itself: after MLlib's first checkpoint, the stages of later rounds read the boosting's predictions
     * from it (a ReliableCheckpointRDD in their lineage) instead of recomputing every round before. Without a
     * checkpoint directory none appears, and the lineage grows a step per tree.
     */
    @Test
    void aGbmFitReadsItsPredictionsFromCheckpointsAndLeavesNoDirectoryBehind() throws Exception {
        SparkContext context = context();
        var fromCheckpoint = new CountDownLatch(1);
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                for (RDDInfo rdd : CollectionConverters.asJava(submitted.stageInfo().rddInfos())) {
                    if (rdd.name().equals("ReliableCheckpointRDD")) {
                        fromCheckpoint.countDown();
                    }
                }
            }
        };
        List<Path> before = checkpointDirectories();
        var schemaFile = DataSchema.besideData(SparkTreeFits.DATA);
        DataSchema schema = DataSchema.read(schemaFile);
        var data = SparkTrainingData.read(LocalSpark.session(), SparkTreeFits.DATA.toString(), null, CsvFormat.DEFAULT,
                schema, Files.readAllBytes(schemaFile), schemaFile.toString());
        // Fitted once (300 rows, above 100: a fifth held out), for one fit's cost.
        var settings = new FitSettings(Algorithm.GBM, 1.0, 2, 42, STUMPS, FOREST, FitSettings.DEFAULT_BINS,
                new FitSettings.Holdout(100, 0.2));
        boolean readACheckpoint;
        context.addSparkListener(listener);
        try {
            SparkTreeTrainer.fitWithSpark(data, schema, "1.0.0", settings, SparkTreeFits.PROVENANCE);
            // The listener hears of stages a moment after they start, and only while it is registered.
            readACheckpoint = fromCheckpoint.await(30, TimeUnit.SECONDS);
        } finally {
            context.removeSparkListener(listener);
            data.release();
        }

        assertThat(readACheckpoint).as("a stage read the boosting's predictions from a checkpoint").isTrue();
        assertThat(checkpointDirectories()).isEqualTo(before);
        assertThat(context.getCheckpointDir().isDefined()).isFalse();
    }

    private static List<Path> checkpointDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("salary-spark-checkpoints-"))
                    .sorted().toList();
        }
    }
}
