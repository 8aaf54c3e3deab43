package com.salaryml.training.spark;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.apache.spark.sql.SparkSession;

/** One Spark session in local[2] for all of this module's tests: starting one costs seconds. */
final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            SparkSessions.javaLinearAlgebra();
            // Spark bridges java.util.logging to its own logging and removes the root logger's handlers on the way,
            // among them the one that puts each test class's log in target/test-logs; it is put back.
            Logger root = Logger.getLogger("");
            List<Handler> handlers = List.of(root.getHandlers());
            session = SparkSession.builder().master("local[2]").appName("model-training-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            for (Handler handler : handlers) {
                if (!List.of(root.getHandlers()).contains(handler)) {
                    root.addHandler(handler);
                }
            }
            SparkSession.setActiveSession(session);
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        SparkSession.setActiveSession(session);
        return session;
    }
}
