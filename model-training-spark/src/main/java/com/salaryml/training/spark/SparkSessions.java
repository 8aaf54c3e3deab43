package com.salaryml.training.spark;

import org.apache.spark.sql.SparkSession;

/** Starts the Spark session the trainer runs in, set up for training rather than for an interactive shell. */
final class SparkSessions {

    /** How many fields of a plan Spark describes before it cuts the description short, and warns. */
    static final String MAX_TO_STRING_FIELDS = "spark.sql.debug.maxToStringFields";

    private SparkSessions() {
    }

    /**
     * Keeps MLlib's linear algebra in Java unless told otherwise. The systems the trainer solves are one row and
     * column per feature, where a native BLAS gains nothing, and looking for one that is not installed prints a
     * line to the terminal from native code that no log setting silences.
     */
    static void javaLinearAlgebra() {
        for (String library : new String[] {"blas", "lapack", "arpack"}) {
            String key = "dev.ludovic.netlib." + library + ".allowNative";
            if (System.getProperty(key) == null) {
                System.setProperty(key, "false");
            }
        }
    }

    /**
     * A session, and whether this command started it. One it started, under spark-submit too, it stops when it ends,
     * success or failure: that ends the application on the cluster (its executors are then stopped, which a
     * standalone worker logs as KILLED, exitStatus 143), where leaving it to the JVM's shutdown hooks would depend
     * on the process exiting in an orderly way. One that was running before (a test's, a notebook's) is left
     * running.
     */
    record Started(SparkSession spark, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    /**
     * The running session if there is one, else a new one on {@code master}: the given URL, spark-submit's
     * ({@code spark.master}), or all of this machine's cores.
     */
    static Started start(String master) {
        javaLinearAlgebra();
        var running = SparkSession.getActiveSession();
        if (running.isEmpty()) {
            running = SparkSession.getDefaultSession();
        }
        if (running.isDefined() && master == null) {
            return new Started(running.get(), false);
        }
        boolean submitted = System.getProperty("spark.master") != null;
        var builder = SparkSession.builder().appName("salary-model training");
        if (master != null) {
            builder.master(master);
        } else if (!submitted) {
            builder.master("local[*]");
        }
        if (System.getProperty(MAX_TO_STRING_FIELDS) == null) {
            // The trainer's plans aggregate many columns in one pass (the cross products); with Spark's limit of 25
            // fields, describing such a plan warns that it was cut short, on every run, for nothing the user did.
            builder.config(MAX_TO_STRING_FIELDS, "1000");
        }
        if (master != null ? master.startsWith("local") : !submitted) {
            // One machine: no web UI to serve, and a handful of shuffle partitions instead of 200 near-empty ones.
            builder.config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", Integer.toString(
                            2 * Runtime.getRuntime().availableProcessors()));
        }
        // Ours if none was running: given --master beside a running session, getOrCreate returns that one.
        return new Started(builder.getOrCreate(), running.isEmpty());
    }
}
