package com.salaryml.web.metrics;

import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionListener;
import com.salaryml.web.serving.RejectionReason;
import com.salaryml.web.monitoring.DriftMonitor;
import com.salaryml.web.monitoring.DriftReport;
import com.salaryml.web.outcomes.LiveErrors;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The app's metrics, kept by the Prometheus Java client in a registry of this app's own. Several apps may
 * share a JVM (a container with two deployments, or the integration tests); should the client ever come from
 * a class loader they share, its JVM-wide default registry would mix their numbers or refuse the second app's
 * metrics as duplicates. Every metric is listed in docs/metrics.md.
 *
 * <p>Recording is on the request path, so each series' label values are resolved once and the data point
 * kept: after the first time, a request finds its series in an array or a map by a value it already has, and
 * allocates nothing. The client's own counters and histograms are lock-free.
 */
public final class AppMetrics implements PredictionListener, ModelRegistry.Listener {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Info model;
    private final Counter predictions;
    private final Counter rangeWarnings;
    private final CounterDataPoint loadSuccesses;
    private final CounterDataPoint loadFailures;
    private final Map<RejectionReason, CounterDataPoint> rejections = new EnumMap<>(RejectionReason.class);
    private final Gauge approved;
    private final CounterDataPoint predictionLogDrops;

    /** Bounded by the versions and the features of the models loaded, not by anything a client sends. */
    private final ConcurrentMap<String, CounterDataPoint> predictionsByVersion = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CounterDataPoint> rangeWarningsByFeature = new ConcurrentHashMap<>();
    /** The label values {@link #model} shows, or null; guarded by this. */
    private String[] shownModel;
    /** The label values {@link #approved} shows, or null; guarded by this. */
    private String[] shownApproval;
    /** The drift monitor the gauges read; null when the app monitors nothing (an invalid configuration). */
    private volatile DriftMonitor drift;
    /** The live errors the outcome gauges read; null when the app records no outcomes. */
    private volatile LiveErrors outcomes;
    /** What the scrape under way reports, read by the gauges computed at scrape time; guarded by this. */
    private Scraped scraped = new Scraped(null, null, java.util.List.of());

    /**
     * The served model, its drift when the monitor keeps its window, and the live errors of every version with
     * outcomes, as of one scrape.
     */
    private record Scraped(ModelRegistry.Loaded serving, DriftReport drift, java.util.List<LiveErrors.Figures> live) {
    }

    public AppMetrics() {
        predictions = Counter.builder()
                .name("salary_predictions_total")
                .help("Instances predicted, by the version of the model that predicted them")
                .labelNames("model_version")
                .withoutExemplars()
                .register(registry);
        Counter loads = Counter.builder()
                .name("salary_model_loads_total")
                .help("Model files loaded and warmed up (success) or rejected (failure)")
                .labelNames("result")
                .withoutExemplars()
                .register(registry);
        loadSuccesses = loads.labelValues("success");
        loadFailures = loads.labelValues("failure");
        Counter rejected = Counter.builder()
                .name("salary_model_rejections_total")
                .help("Model files refused and not served, by reason")
                .labelNames("reason")
                .withoutExemplars()
                .register(registry);
        // Every reason from the start at 0, so an alert on any of them works from the first scrape.
        for (RejectionReason reason : RejectionReason.values()) {
            rejections.put(reason, rejected.labelValues(reason.label()));
        }
        approved = Gauge.builder()
                .name("salary_model_approved")
                .help("1 when the served model's signature by a trusted approver was verified, 0 when it is served"
                        + " without (development only: unsigned or not verified); absent while none is served")
                .labelNames("version", "status")
                .withoutExemplars()
                .register(registry);
        model = Info.builder()
                .name("salary_model_info")
                .help("The model being served; absent while none is")
                .labelNames("name", "version", "algorithm")
                .register(registry);
        rangeWarnings = Counter.builder()
                .name("salary_range_warnings_total")
                .help("Predicted instances with an input outside the range seen in training, by feature")
                .labelNames("feature")
                .withoutExemplars()
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_model_ready")
                .help("1 while a model is served, 0 while none is (the app is then not ready)")
                .callback(callback -> callback.call(scraped.serving() != null ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_model_trained_timestamp_seconds")
                .help("When the served model was trained (its provenance's trained_at), in Unix seconds;"
                        + " absent when its model file does not say")
                .unit(Unit.SECONDS)
                .labelNames("model_version")
                .callback(callback -> {
                    ModelRegistry.Loaded serving = scraped.serving();
                    if (serving != null && serving.predictor().metadata().provenance().trainedAt() != null) {
                        ModelMetadata meta = serving.predictor().metadata();
                        callback.call(java.time.Instant.parse(meta.provenance().trainedAt()).toEpochMilli() / 1000.0,
                                meta.version());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_drift_window_predictions")
                .help("Predictions in the drift window of the served model")
                .labelNames("model_version")
                .callback(callback -> {
                    DriftReport report = scraped.drift();
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
                    DriftReport report = scraped.drift();
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
                    DriftReport report = scraped.drift();
                    if (report != null && report.predicted().status() != DriftReport.Status.UNAVAILABLE) {
                        callback.call(report.predicted().psi(), report.model().version());
                    }
                })
                .register(registry);
        // The outcome metrics have a sample only for versions with outcomes: no outcomes is no figure, never 0.
        GaugeWithCallback.builder()
                .name("salary_live_outcomes")
                .help("Outcomes in the live error window (the last salary.monitoring.outcome-window), by the version"
                        + " of the model whose predictions they are the outcomes of")
                .labelNames("model_version")
                .callback(callback -> scraped.live().forEach(live -> callback.call(live.outcomes(),
                        live.modelVersion())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_live_rmse")
                .help("Root mean squared error of the predictions against their outcomes in the live window,"
                        + " in the target's unit")
                .labelNames("model_version")
                .callback(callback -> scraped.live().forEach(live -> callback.call(live.rmse(), live.modelVersion())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_live_mae")
                .help("Mean absolute error of the predictions against their outcomes in the live window, in the"
                        + " target's unit")
                .labelNames("model_version")
                .callback(callback -> scraped.live().forEach(live -> callback.call(live.mae(), live.modelVersion())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_live_interval_coverage")
                .help("Share of the outcomes in the live window that fall inside their prediction's 95% interval;"
                        + " absent when none of their predictions had an interval")
                .labelNames("model_version")
                .callback(callback -> scraped.live().forEach(live -> {
                    if (!Double.isNaN(live.coverage())) {
                        callback.call(live.coverage(), live.modelVersion());
                    }
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("salary_outcomes_total")
                .help("Outcomes recorded since the app started, by the version of the model that made the prediction")
                .labelNames("model_version")
                .callback(callback -> scraped.live().forEach(live -> callback.call(live.total(), live.modelVersion())))
                .register(registry);
        predictionLogDrops = Counter.builder()
                .name("salary_prediction_log_dropped_total")
                .help("Prediction log records dropped because the log's queue was full")
                .withoutExemplars()
                .register(registry);
    }

    /** The app's own registry, where each part registers the metrics it keeps. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Reports the drift of the served model from this monitor. */
    public void monitor(DriftMonitor monitor) {
        drift = monitor;
    }

    /** Reports the live error and coverage of outcomes from these figures. */
    public void outcomes(LiveErrors live) {
        outcomes = live;
    }

    /** The prediction log dropped a record because its queue was full. */
    public void predictionLogDropped() {
        predictionLogDrops.inc();
    }

    @Override
    public void predicted(PredictionEvent event) {
        int size = event.size();
        resolved(predictionsByVersion, predictions, event.model().version()).inc(size);
        // Straight from the batch's columns: a metric must not build a thousand objects per request.
        for (int i = 0; i < size; i++) {
            for (Prediction.RangeWarning warning : event.warnings(i)) {
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

    @Override
    public void loaded(ModelMetadata loaded, String source) {
        loadSuccesses.inc();
    }

    @Override
    public void rejected(String source, RejectionReason reason, String message) {
        loadFailures.inc();
        rejections.get(reason).inc();
    }

    @Override
    public void serving(ModelRegistry.Loaded serving) {
        showModel(serving);
    }

    /**
     * Every metric's current value, for the given model being served. The registry tells its listeners
     * which model it serves but not that it stopped serving one (every model file removed), so the scrape
     * sets the info metric and the approval gauge from what is served at that moment: they never name a model
     * that is gone.
     */
    synchronized MetricSnapshots scrape(Optional<ModelRegistry.Loaded> serving) {
        ModelRegistry.Loaded loaded = serving.orElse(null);
        showModel(loaded);
        DriftMonitor monitor = drift;
        DriftReport report = loaded == null || monitor == null ? null
                : monitor.report(loaded.predictor().metadata()).orElse(null);
        LiveErrors live = outcomes;
        scraped = new Scraped(loaded, report, live == null ? java.util.List.of() : live.figures());
        return registry.scrape();
    }

    /** Called on the loading thread and on scrapes, never on a request's path: the lock costs no request. */
    private synchronized void showModel(ModelRegistry.Loaded serving) {
        if (serving == null) {
            if (shownModel != null) {
                model.remove(shownModel);
                shownModel = null;
            }
            if (shownApproval != null) {
                approved.remove(shownApproval);
                shownApproval = null;
            }
            return;
        }
        ModelMetadata meta = serving.predictor().metadata();
        String[] values = {meta.name(), meta.version(), meta.algorithm()};
        if (!Arrays.equals(values, shownModel)) {
            model.setLabelValues(values);
            shownModel = values;
        }
        String[] approval = {meta.version(), serving.approval().status()};
        if (!Arrays.equals(approval, shownApproval)) {
            if (shownApproval != null) {
                approved.remove(shownApproval);
            }
            approved.labelValues(approval).set(serving.approval().approved() ? 1 : 0);
            shownApproval = approval;
        }
    }
}
