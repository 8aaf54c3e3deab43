package com.salaryml.web.metrics;

import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.RejectionReason;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The model registry's metrics: model files loaded and refused, and the model served (which, its approval,
 * whether there is one, and when it was trained).
 */
public final class ModelMetrics implements ModelRegistry.Listener, AppMetrics.ScrapeTime {

    private final Info model;
    private final Gauge approved;
    private final CounterDataPoint loadSuccesses;
    private final CounterDataPoint loadFailures;
    private final Map<RejectionReason, CounterDataPoint> rejections = new HashMap<>();
    /** The label values {@link #model} shows, or null; guarded by this. */
    private String[] shownModel;
    /** The label values {@link #approved} shows, or null; guarded by this. */
    private String[] shownApproval;
    /** The model served as of the scrape under way, read by the gauges computed at scrape time. */
    private volatile ModelRegistry.Loaded scraped;

    public ModelMetrics(PrometheusRegistry registry) {
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
        // Every reason from the start at 0, so that increase() sees a refusal after the first scrape. One while the
        // app starts is counted before any scrape: readiness shows it (docs/metrics.md, "A model refused at start").
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
        registerServed(registry);
    }

    /** The gauges computed at scrape time from the model served then. */
    private void registerServed(PrometheusRegistry registry) {
        GaugeWithCallback.builder()
                .name("salary_model_ready")
                .help("1 while a model is served, 0 while none is (the app is then not ready)")
                .callback(callback -> callback.call(scraped != null ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_model_trained_timestamp_seconds")
                .help("When the served model was trained (its provenance's trained_at), in Unix seconds;"
                        + " absent when its model file does not say")
                .unit(Unit.SECONDS)
                .labelNames("model_version")
                .callback(callback -> {
                    ModelRegistry.Loaded serving = scraped;
                    if (serving != null && serving.predictor().metadata().provenance().trainedAt() != null) {
                        ModelMetadata meta = serving.predictor().metadata();
                        callback.call(java.time.Instant.parse(meta.provenance().trainedAt()).toEpochMilli() / 1000.0,
                                meta.version());
                    }
                })
                .register(registry);
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
     * The registry tells its listeners which model it serves but not that it stopped serving one (every model
     * file removed), so the scrape sets the info metric and the approval gauge from what is served at that
     * moment: they never name a model that is gone.
     */
    @Override
    public void scraping(ModelRegistry.Loaded serving) {
        showModel(serving);
        scraped = serving;
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
