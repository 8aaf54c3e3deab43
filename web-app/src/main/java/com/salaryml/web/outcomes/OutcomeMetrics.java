package com.salaryml.web.outcomes;

import com.salaryml.web.metrics.AppMetrics;
import com.salaryml.web.serving.ModelRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * The outcomes' metrics: live error and interval coverage by model version, computed at each scrape. They have
 * a sample only for versions with outcomes: no outcomes is no figure, never 0.
 */
public final class OutcomeMetrics implements AppMetrics.ScrapeTime {

    /** Where the live figures and this replica's counts come from; null while the app records no outcomes. */
    private volatile OutcomeStore store;
    /** The predictions outcomes can be given for; null while the app records no outcomes. */
    private volatile PredictionIndex index;
    /** The figures of the scrape under way. */
    private volatile List<LiveErrors.Figures> scraped = List.of();
    private volatile java.util.Map<String, Long> counted = java.util.Map.of();

    public OutcomeMetrics(PrometheusRegistry registry) {
        GaugeWithCallback.builder()
                .name("salary_live_outcomes")
                .help("Outcomes in the live error window (the last salary.monitoring.outcome-window), by the version"
                        + " of the model whose predictions they are the outcomes of")
                .labelNames("model_version")
                .callback(callback -> scraped.forEach(live -> callback.call(live.outcomes(), live.modelVersion())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_live_rmse")
                .help("Root mean squared error of the predictions against their outcomes in the live window,"
                        + " in the target's unit")
                .labelNames("model_version")
                .callback(callback -> scraped.forEach(live -> callback.call(live.rmse(), live.modelVersion())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_live_mae")
                .help("Mean absolute error of the predictions against their outcomes in the live window, in the"
                        + " target's unit")
                .labelNames("model_version")
                .callback(callback -> scraped.forEach(live -> callback.call(live.mae(), live.modelVersion())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_live_interval_coverage")
                .help("Share of the outcomes in the live window that fall inside their prediction's 95% interval;"
                        + " absent when none of their predictions had an interval")
                .labelNames("model_version")
                .callback(callback -> scraped.forEach(live -> {
                    if (!Double.isNaN(live.coverage())) {
                        callback.call(live.coverage(), live.modelVersion());
                    }
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("salary_outcomes_total")
                .help("Outcomes this instance recorded since it started, by the version of the model that made the"
                        + " prediction")
                .labelNames("model_version")
                .callback(callback -> counted.forEach((version, total) -> callback.call(total, version)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("salary_outcome_index_predictions")
                .help("Logged predictions held in memory for their outcomes, at most salary.outcome-index, none older"
                        + " than salary.outcome-index.max-age-hours; 0 with a database, which holds them instead")
                .callback(callback -> {
                    PredictionIndex held = index;
                    callback.call(held == null ? 0 : held.size());
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("salary_outcome_index_left_total")
                .help("Logged predictions that left the outcome index, full or too old, before their outcome was"
                        + " given; an outcome for one of them is refused")
                .callback(callback -> {
                    PredictionIndex held = index;
                    callback.call(held == null ? 0 : held.leftWithoutOutcome());
                })
                .register(registry);
    }

    /**
     * Reports the live error and coverage of outcomes from {@code outcomes}, and the index they join to.
     *
     * @param predictions the in-memory index of the predictions outcomes join to; null when a database holds them
     */
    public void watch(OutcomeStore outcomes, PredictionIndex predictions) {
        store = outcomes;
        index = predictions;
    }

    @Override
    public void scraping(ModelRegistry.Loaded serving) {
        OutcomeStore watched = store;
        scraped = watched == null ? List.of() : watched.live().figures();
        counted = watched == null ? java.util.Map.of() : watched.recordedHere();
    }
}
