package com.salaryml.web.log;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The prediction log's metrics: records that never reached the disk, writer threads that died and were
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
                .help("Prediction log records that never reached the disk: the log's queue had no room for their"
                        + " request, the disk failed, or the writer thread died")
                .withoutExemplars()
                .register(registry);
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
    public void dropped(int records) {
        drops.inc(records);
    }

    @Override
    public void writerRestarted() {
        restarts.inc();
    }
}
