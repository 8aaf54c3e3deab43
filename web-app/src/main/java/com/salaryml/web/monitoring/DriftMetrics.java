package com.salaryml.web.monitoring;

import com.salaryml.web.metrics.AppMetrics;
import com.salaryml.web.serving.ModelRegistry;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The drift monitor's gauges, computed at each scrape from the served model's window: one report per scrape. */
public final class DriftMetrics implements AppMetrics.ScrapeTime {

    private final DriftMonitor monitor;
    /** The served model's drift as of the scrape under way; null when none is served. */
    private volatile DriftReport scraped;

    /** Registers the gauges in {@code registry}, reading {@code monitor}. */
    public DriftMetrics(PrometheusRegistry registry, DriftMonitor monitor) {
        this.monitor = monitor;
        GaugeWithCallback.builder()
                .name("salary_drift_window_predictions")
                .help("Predictions in the drift window of the served model")
                .labelNames("model_version")
                .callback(callback -> {
                    DriftReport report = scraped;
                    if (report != null) {
                        callback.call(report.predictions(), report.model().version());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_drift_psi")
                .help("Population stability index of each feature's inputs in the drift window against its training"
                        + " distribution; absent while it is unavailable")
                .labelNames("feature", "model_version")
                .callback(callback -> {
                    DriftReport report = scraped;
                    if (report != null) {
                        for (DriftReport.Quantity feature : report.features()) {
                            if (feature.status() != DriftReport.Status.UNAVAILABLE) {
                                callback.call(feature.psi(), feature.name(), report.model().version());
                            }
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_prediction_drift_psi")
                .help("Population stability index of the predictions in the drift window against the training"
                        + " predictions; absent while it is unavailable")
                .labelNames("model_version")
                .callback(callback -> {
                    DriftReport report = scraped;
                    if (report != null && report.predicted().status() != DriftReport.Status.UNAVAILABLE) {
                        callback.call(report.predicted().psi(), report.model().version());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_drift_p_value")
                .help("p-value of the chi-square test of each feature's inputs in the drift window against its"
                        + " training counts: the chance that sampling noise alone differs as much; absent while it is"
                        + " unavailable")
                .labelNames("feature", "model_version")
                .callback(callback -> {
                    DriftReport report = scraped;
                    if (report != null) {
                        for (DriftReport.Quantity feature : report.features()) {
                            if (feature.status() != DriftReport.Status.UNAVAILABLE) {
                                callback.call(feature.chiSquare().pValue(), feature.name(), report.model().version());
                            }
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_prediction_drift_p_value")
                .help("p-value of the chi-square test of the predictions in the drift window against the training"
                        + " predictions; absent while it is unavailable")
                .labelNames("model_version")
                .callback(callback -> {
                    DriftReport report = scraped;
                    if (report != null && report.predicted().status() != DriftReport.Status.UNAVAILABLE) {
                        callback.call(report.predicted().chiSquare().pValue(), report.model().version());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_input_missing_share")
                .help("Share of the drift window's predictions whose input for the feature was missing and filled"
                        + " in; only for features whose model fills in a missing value")
                .labelNames("feature", "model_version")
                .callback(callback -> {
                    DriftReport report = scraped;
                    if (report != null) {
                        for (DriftReport.Quantity feature : report.features()) {
                            if (feature.missing() != null) {
                                callback.call(feature.missing().live(), feature.name(), report.model().version());
                            }
                        }
                    }
                })
                .register(registry);
        // The app's own verdict, so that the alerting rule follows the PSI threshold and the significance as
        // configured instead of repeating them.
        GaugeWithCallback.builder()
                .name("salary_drift_detected")
                .help("1 when a feature's inputs in the drift window have drifted (PSI above the threshold and a"
                        + " chi-square p-value under the limit), 0 when not; absent while it is unavailable")
                .labelNames("feature", "model_version")
                .callback(callback -> {
                    DriftReport report = scraped;
                    if (report != null) {
                        for (DriftReport.Quantity feature : report.features()) {
                            if (feature.status() != DriftReport.Status.UNAVAILABLE) {
                                callback.call(feature.status() == DriftReport.Status.DRIFT ? 1 : 0, feature.name(),
                                        report.model().version());
                            }
                        }
                    }
                })
                .register(registry);
    }

    @Override
    public void scraping(ModelRegistry.Loaded serving) {
        scraped = serving == null ? null : monitor.report(serving.predictor().metadata()).orElse(null);
    }
}
