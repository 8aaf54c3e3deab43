package com.salaryml.web.metrics;

import com.salaryml.artifact.Prediction;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionListener;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What was predicted: instances by model version, and inputs outside the training range by feature. On the
 * request path, so each series' data point is resolved once and kept: after the first time a request finds its
 * series in a map by a value it already has, and allocates nothing.
 */
public final class PredictionMetrics implements PredictionListener {

    private final Counter predictions;
    private final Counter rangeWarnings;
    /** Bounded by the versions and the features of the models loaded, not by anything a client sends. */
    private final ConcurrentMap<String, CounterDataPoint> predictionsByVersion = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CounterDataPoint> rangeWarningsByFeature = new ConcurrentHashMap<>();

    public PredictionMetrics(PrometheusRegistry registry) {
        predictions = Counter.builder()
                .name("salary_predictions_total")
                .help("Instances predicted, by the version of the model that predicted them")
                .labelNames("model_version")
                .withoutExemplars()
                .register(registry);
        rangeWarnings = Counter.builder()
                .name("salary_range_warnings_total")
                .help("Predicted instances with an input outside the range seen in training, by feature")
                .labelNames("feature")
                .withoutExemplars()
                .register(registry);
    }

    @Override
    public void predicted(PredictionEvent event) {
        int size = event.size();
        resolved(predictionsByVersion, predictions, event.model().version()).inc(size);
        // Straight from the batch's columns: a metric must not build a thousand objects per request.
        for (int i = 0; i < size; i++) {
            for (Prediction.Warning warning : event.warnings(i)) {
                resolved(rangeWarningsByFeature, rangeWarnings, warning.feature()).inc();
            }
        }
    }

    /** A plain read when the series is known, as it nearly always is; no lock and no capturing lambda. */
    private static CounterDataPoint resolved(ConcurrentMap<String, CounterDataPoint> known, Counter counter,
                                             String labelValue) {
        CounterDataPoint dataPoint = known.get(labelValue);
        return dataPoint != null ? dataPoint : known.computeIfAbsent(labelValue, counter::labelValues);
    }
}
