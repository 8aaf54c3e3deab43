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
    /** The log whose state the gauge reports; null while the log is off, and then the gauge has no sample. */
    private volatile PredictionLog log;

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
                .help("1 while the prediction log writes its records, 0 while it cannot (failing disk, no writer,"
                        + " or not opened at start); no sample when the log is off")
                .callback(callback -> {
                    PredictionLog watched = log;
                    if (watched != null) {
                        callback.call(watched.problem().isEmpty() ? 1 : 0);
                    }
                })
                .register(registry);
    }

    /** Reports whether {@code watched} is being written; the app calls it once the log is configured. */
    public void watch(PredictionLog watched) {
        log = watched;
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
