package com.salaryml.training;

import org.apache.spark.sql.SparkSession;

/** One Spark session in local[2] for all of this module's tests: starting one costs seconds. */
final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            SparkSessions.javaLinearAlgebra();
            session = SparkSession.builder().master("local[2]").appName("model-training-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            SparkSession.setActiveSession(session);
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        SparkSession.setActiveSession(session);
        return session;
    }
}
