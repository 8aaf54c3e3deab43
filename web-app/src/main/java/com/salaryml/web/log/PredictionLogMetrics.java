package com.salaryml.web.log;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The prediction record's metrics, for the log file and the database alike: records that never reached it, writer threads that died and were
 * replaced, and whether the log is being written.
 */
public final class PredictionLogMetrics implements PredictionLog.Meter {

    private final Counter drops;
    private final Counter restarts;
    /** Why the record is not written, as the gauge reports it; null while it is off, and then it has no sample. */
    private volatile java.util.function.Supplier<java.util.Optional<String>> problem;

    /** Registered whether or not the log is on, so that a dashboard reads 0 rather than no data. */
    public PredictionLogMetrics(PrometheusRegistry registry) {
        drops = Counter.builder()
                .name("salary_prediction_log_dropped_total")
                .help("Prediction records that never reached the record (the log file or the database), by reason:"
                        + " queue_full (no room for their request: the writer fell behind, or the database is down),"
                        + " write_failed, writer_died, closing")
                .labelNames("reason")
                .withoutExemplars()
                .register(registry);
        // Every reason from the start, so that a rate over any of them reads 0 rather than no data.
        for (DropReason reason : DropReason.values()) {
            drops.labelValues(reason.label());
        }
        restarts = Counter.builder()
                .name("salary_prediction_log_writer_restarts_total")
                .help("Prediction log writer threads that died of an error and were replaced")
                .withoutExemplars()
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_prediction_log_writing")
                .help("1 while the prediction record is written (the log file, or the database), 0 while it cannot"
                        + " (failing disk, no writer, not opened at start, database down); no sample when it is off")
                .callback(callback -> {
                    var watched = problem;
                    if (watched != null) {
                        callback.call(watched.get().isEmpty() ? 1 : 0);
                    }
                })
                .register(registry);
    }

    /**
     * Reports whether the record is being written, by what {@code watched} says is wrong: the log file's or the
     * database's problem, empty while records are written. The app calls it once the record is configured.
     */
    public void watch(java.util.function.Supplier<java.util.Optional<String>> watched) {
        problem = watched;
    }

    @Override
    public void dropped(DropReason reason, int records) {
        drops.labelValues(reason.label()).inc(records);
    }

    @Override
    public void writerRestarted() {
        restarts.inc();
    }
}
