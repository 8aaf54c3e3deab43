package com.salaryml.web.http;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request metrics, by {@link Endpoint} and status, which the {@link RequestMetricsFilter} feeds. Recording is
 * on every request's path, so each series is resolved once and its data point kept: after the first time, a
 * request finds its series in an array by numbers it already has, and allocates nothing.
 */
public final class RequestMetrics {

    /** Request latency buckets, in seconds: a prediction takes microseconds, a batch of 10,000 some milliseconds. */
    private static final double[] LATENCY_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final int LOWEST_STATUS = 100;
    private static final int STATUSES = 500;
    private static final int SERVER_ERROR = 500;

    private final Counter requests;
    /** Latency by endpoint ordinal. */
    private final DistributionDataPoint[] latency;
    /** Request counts by endpoint ordinal and status, filled in as each pair first occurs. */
    private final AtomicReferenceArray<CounterDataPoint> requestsByStatus =
            new AtomicReferenceArray<>(Endpoint.values().length * STATUSES);

    /** Registers the request metrics with the app's {@code registry}. */
    public RequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder()
                .name("salary_http_requests_total")
                .help("HTTP requests answered, by endpoint and status code")
                .labelNames("endpoint", "status")
                .withoutExemplars()
                .register(registry);
        Histogram duration = Histogram.builder()
                .name("salary_http_request_duration_seconds")
                .help("Time from the request reaching the app to the app handing back the response, by endpoint")
                .unit(Unit.SECONDS)
                .labelNames("endpoint")
                // Classic buckets only: the text format cannot carry native histograms, so keeping them
                // would cost every request for nothing.
                .classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS)
                .withoutExemplars()
                .register(registry);
        // Every endpoint from the start, so a rate over a quiet endpoint is 0 rather than missing. Likewise a
        // 500 for every endpoint: the share of server errors (docs/metrics.md) is then 0 until one happens,
        // where a 5xx series that does not exist yet would make it an empty result.
        latency = new DistributionDataPoint[Endpoint.values().length];
        for (Endpoint endpoint : Endpoint.values()) {
            latency[endpoint.ordinal()] = duration.labelValues(endpoint.label());
            requestsByStatus.set(slot(endpoint, SERVER_ERROR), requests.labelValues(endpoint.label(),
                    Integer.toString(SERVER_ERROR)));
        }
    }

    /** One HTTP request finished. */
    public void completed(Endpoint endpoint, int status, long nanos) {
        latency[endpoint.ordinal()].observe(nanos / 1e9);
        if (status < LOWEST_STATUS || status >= LOWEST_STATUS + STATUSES) {
            // Not a status HTTP knows; rare enough not to cache.
            requests.labelValues(endpoint.label(), Integer.toString(status)).inc();
            return;
        }
        int slot = slot(endpoint, status);
        CounterDataPoint counter = requestsByStatus.get(slot);
        if (counter == null) {
            // Two threads may both get here; the client hands both the same data point.
            counter = requests.labelValues(endpoint.label(), Integer.toString(status));
            requestsByStatus.set(slot, counter);
        }
        counter.inc();
    }

    /** Where the request counter of this endpoint and status is kept, for a status HTTP knows. */
    private static int slot(Endpoint endpoint, int status) {
        return endpoint.ordinal() * STATUSES + status - LOWEST_STATUS;
    }
}
