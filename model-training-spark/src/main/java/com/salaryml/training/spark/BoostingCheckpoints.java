package com.salaryml.training.spark;

import com.salaryml.training.Algorithm;
import com.salaryml.training.DataException;
import com.salaryml.training.TreeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import scala.Option;

/**
 * The checkpoint directory gradient boosting needs, for the length of one training.
 *
 * <p>Why: MLlib keeps each row's prediction and error in an RDD that every boosting round derives from the round
 * before. Uncut, the lineage of 300 rounds is 300 steps deep, and serializing a task that walks it overflows the
 * driver's stack ({@code Task serialization failed: java.lang.StackOverflowError}, after minutes of fitting).
 * MLlib cuts it by checkpointing every {@value #INTERVAL} rounds ({@code checkpointInterval}), but only if the
 * SparkContext has a checkpoint directory, and Spark sets none by default.
 *
 * <p>Which directory: one the user has set ({@value #CHECKPOINT_DIR}, or {@code SparkContext.setCheckpointDir}
 * before the trainer runs) is used and left as it is; MLlib deletes the checkpoints it writes there when the fit
 * ends. Without one, in local mode, a new directory under the driver's {@code java.io.tmpdir}, deleted when the
 * training ends, and the context left without a checkpoint directory as it was found. On a cluster a local
 * directory will not do (each executor writes its part of a checkpoint where every node must read it), so a
 * boosting of more than {@value #INTERVAL} trees without a checkpoint directory is refused before it starts,
 * naming the setting, instead of failing minutes later.
 */
final class BoostingCheckpoints implements AutoCloseable {

    /** The rounds between two checkpoints of the boosting's predictions: MLlib's default, made explicit. */
    static final int INTERVAL = 10;

    /** Spark's setting for a context's checkpoint directory, read when the context starts. */
    static final String CHECKPOINT_DIR = "spark.checkpoint.dir";

    private static final System.Logger LOG = System.getLogger(BoostingCheckpoints.class.getName());

    private final SparkContext context;
    /** The directory this training made and deletes; null for the user's, or when none is needed. */
    private final Path owned;

    private BoostingCheckpoints(SparkContext context, Path owned) {
        this.context = context;
        this.owned = owned;
    }

    /**
     * The checkpoint directory for fitting {@code algorithm} with {@code trees} on {@code context}: the context's
     * own if it has one; else, for gradient boosting in local mode, a temporary one set on the context until
     * {@link #close}.
     *
     * @throws DataException for gradient boosting of more than {@value #INTERVAL} trees on a cluster without a
     *                       checkpoint directory; the message says how to set one
     */
    static BoostingCheckpoints open(SparkContext context, Algorithm algorithm, TreeSettings trees)
            throws DataException {
        if (algorithm != Algorithm.GBM || context.getCheckpointDir().isDefined()) {
            return new BoostingCheckpoints(context, null);
        }
        if (!context.isLocal()) {
            requireNotNeeded(context.master(), trees.trees());
            return new BoostingCheckpoints(context, null);
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("salary-spark-checkpoints-");
        } catch (IOException e) {
            throw new DataException("cannot create a checkpoint directory for gradient boosting under "
                    + System.getProperty("java.io.tmpdir") + " (java.io.tmpdir): " + e.getMessage()
                    + "; name one with --conf " + CHECKPOINT_DIR + "=DIR");
        }
        // A URI, so that a Hadoop configuration whose default file system is HDFS still checkpoints here.
        context.setCheckpointDir(directory.toUri().toString());
        return new BoostingCheckpoints(context, directory);
    }

    /**
     * Refuses gradient boosting of more trees than one checkpoint interval on a cluster without a checkpoint
     * directory: without one its lineage grows a step per tree until the driver's stack overflows.
     */
    static void requireNotNeeded(String master, int trees) throws DataException {
        if (trees > INTERVAL) {
            throw new DataException("gradient boosting of " + trees + " trees on " + master + " needs a checkpoint"
                    + " directory that every node reads, or its lineage, a step per tree, overflows the driver's"
                    + " stack: give spark-submit --conf " + CHECKPOINT_DIR + "=hdfs:///some/dir (or s3a://..., or"
                    + " a path every node mounts); the trainer deletes its checkpoints there when the fit ends");
        }
    }

    /** The directory this training made, if it made one; for the tests. */
    Path owned() {
        return owned;
    }

    /**
     * Deletes the directory this training made, and leaves the context without a checkpoint directory, as it was
     * found. A directory that cannot be deleted is reported, not thrown: the model is fitted by then, and a temporary
     * directory left behind is no reason to lose it.
     */
    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        // Spark offers no public way to unset the directory; its setter is Scala's, reachable from Java. Left set, a
        // later training on the same context would take the deleted directory for the user's.
        context.checkpointDir_$eq(Option.empty());
        try (Stream<Path> paths = Files.walk(owned)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete the checkpoint directory " + owned + ": " + e);
        }
    }
}
