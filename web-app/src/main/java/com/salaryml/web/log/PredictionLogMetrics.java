package com.salaryml.web.log;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The prediction log's metric: records that never reached the disk. */
public final class PredictionLogMetrics implements PredictionLog.DropCounter {

    private final Counter drops;

    /** Registered whether or not the log is on, so that a dashboard reads 0 rather than no data. */
    public PredictionLogMetrics(PrometheusRegistry registry) {
        drops = Counter.builder()
                .name("salary_prediction_log_dropped_total")
                .help("Prediction log records dropped because the log's queue was full")
                .withoutExemplars()
                .register(registry);
    }

    @Override
    public void dropped() {
        drops.inc();
    }
}
