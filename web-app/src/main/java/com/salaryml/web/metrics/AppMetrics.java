package com.salaryml.web.metrics;

import com.salaryml.web.serving.ModelRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The app's metrics, kept by the Prometheus Java client in a registry of this app's own. Several apps may
 * share a JVM (a container with two deployments, or the integration tests); should the client ever come from
 * a class loader they share, its JVM-wide default registry would mix their numbers or refuse the second app's
 * metrics as duplicates. Every metric is listed in docs/metrics.md.
 *
 * <p>Each part of the app registers the metrics it keeps in {@link #registry()}, beside its own code (the
 * drift monitor's, the outcomes', the prediction log's); a new part adds its own and changes nothing here. The
 * predictions and the registry's models are counted by {@link PredictionMetrics} and {@link ModelMetrics}.
 */
public final class AppMetrics {

    /**
     * A part whose gauges are computed at scrape time: it is told what is served as each scrape begins, so
     * that all its gauges report the same moment.
     */
    public interface ScrapeTime {
        /** @param serving the model served as of this scrape; null while none is */
        void scraping(ModelRegistry.Loaded serving);
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PredictionMetrics predictions = new PredictionMetrics(registry);
    private final ModelMetrics models = new ModelMetrics(registry);
    private final List<ScrapeTime> scrapeTime = new CopyOnWriteArrayList<>(List.of(models));

    /** The app's own registry, where each part registers the metrics it keeps. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** What the app predicted; it listens to every prediction. */
    public PredictionMetrics predictions() {
        return predictions;
    }

    /** The models loaded, refused and served; it listens to the model registry. */
    public ModelMetrics models() {
        return models;
    }

    /** Tells {@code part} what is served at the start of every scrape. */
    public void atScrape(ScrapeTime part) {
        scrapeTime.add(part);
    }

    /** Every metric's current value, for the given model being served. */
    synchronized MetricSnapshots scrape(Optional<ModelRegistry.Loaded> serving) {
        ModelRegistry.Loaded loaded = serving.orElse(null);
        for (ScrapeTime part : scrapeTime) {
            part.scraping(loaded);
        }
        return registry.scrape();
    }
}
