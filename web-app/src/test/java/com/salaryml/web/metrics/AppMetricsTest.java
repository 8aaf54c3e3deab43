package com.salaryml.web.metrics;

import com.salaryml.artifact.signing.ApprovalException.Reason;
import com.salaryml.web.http.Endpoint;
import com.salaryml.web.http.RequestMetrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.web.serving.ApprovalStatus;
import com.salaryml.web.Approvals;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.RejectionReason;
import com.salaryml.web.log.DropReason;
import com.salaryml.web.log.PredictionLogMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppMetricsTest {

    private static final Model MODEL = load();
    private static final ModelMetadata META = MODEL.metadata();
    private static final Map<String, Double> REFERENCE =
            Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0);
    private static final Map<String, Double> VETERAN =
            Map.of("experience", 30.0, "test_score", 9.0, "interview_score", 6.0);

    private final AppMetrics metrics = new AppMetrics();
    private final RequestMetrics requests = new RequestMetrics(metrics.registry());
    private final PredictionLogMetrics drops = new PredictionLogMetrics(metrics.registry());

    @Test
    void countsRequestsByEndpointAndStatusAndTimesThem() throws IOException {
        requests.completed(Endpoint.PAGE, 200, 2_000_000);
        requests.completed(Endpoint.PAGE, 200, 3_000_000);
        requests.completed(Endpoint.API_PREDICT, 400, 700_000);
        requests.completed(Endpoint.OTHER, 404, 100_000);

        Samples samples = scrape(Optional.of(META));
        assertThat(samples.value("salary_http_requests_total", "endpoint", "page", "status", "200")).isEqualTo(2);
        assertThat(samples.value("salary_http_requests_total", "endpoint", "api_predict", "status", "400"))
                .isEqualTo(1);
        assertThat(samples.value("salary_http_requests_total", "endpoint", "other", "status", "404")).isEqualTo(1);
        assertThat(samples.matching("salary_http_requests_total").stream().filter(sample -> sample.value() > 0))
                .hasSize(3);
        assertThat(samples.value("salary_http_request_duration_seconds_count", "endpoint", "page")).isEqualTo(2);
        assertThat(samples.value("salary_http_request_duration_seconds_sum", "endpoint", "page"))
                .isEqualTo(0.005, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(samples.value("salary_http_request_duration_seconds_bucket", "endpoint", "page", "le", "0.0025"))
                .isEqualTo(1);
        assertThat(samples.value("salary_http_request_duration_seconds_bucket", "endpoint", "page", "le", "0.005"))
                .isEqualTo(2);
        // Every endpoint has its latency series from the start, so a quiet one reads 0, not "no data".
        assertThat(samples.labelValues("salary_http_request_duration_seconds_count", "endpoint"))
                .containsExactlyInAnyOrder("page", "api_predict", "api_model", "api_monitoring", "api_outcomes", "health", "v2", "metrics",
                        "openapi", "static", "other");
        assertThat(samples.value("salary_http_request_duration_seconds_count", "endpoint", "v2")).isZero();
    }

    @Test
    void countsAStatusOutsideTheUsualRangeToo() throws IOException {
        completedInANanosecond(Endpoint.OTHER, 999, 999);
        completedInANanosecond(Endpoint.STATIC, 599, 100);

        Samples samples = scrape(Optional.of(META));
        assertThat(samples.value("salary_http_requests_total", "endpoint", "other", "status", "999")).isEqualTo(2);
        assertThat(samples.value("salary_http_requests_total", "endpoint", "static", "status", "599")).isEqualTo(1);
        assertThat(samples.value("salary_http_requests_total", "endpoint", "static", "status", "100")).isEqualTo(1);
    }

    @Test
    void countsPredictedInstancesByModelVersionAndWarningsByFeature() throws IOException {
        metrics.predictions().predicted(event("v1", List.of(REFERENCE, VETERAN, VETERAN)));
        metrics.predictions().predicted(event("page", List.of(VETERAN)));
        metrics.predictions().predicted(event("v2", List.of(REFERENCE)));

        Samples samples = scrape(Optional.of(META));
        assertThat(samples.value("salary_predictions_total", "model_version", "1.0.0")).isEqualTo(5);
        assertThat(samples.value("salary_range_warnings_total", "feature", "experience")).isEqualTo(3);
        assertThat(samples.matching("salary_range_warnings_total")).hasSize(1);
    }

    @Test
    void countsModelLoadsAndRejectionsFromZero() throws IOException {
        Samples before = scrape(Optional.empty());
        assertThat(before.value("salary_model_loads_total", "result", "success")).isZero();
        assertThat(before.value("salary_model_loads_total", "result", "failure")).isZero();

        metrics.models().loaded(META, "a.json");
        metrics.models().loaded(META, "b.json");
        metrics.models().rejected("c.json", RejectionReason.INVALID_MODEL, "the format version is 9");

        Samples after = scrape(Optional.of(META));
        assertThat(after.value("salary_model_loads_total", "result", "success")).isEqualTo(2);
        assertThat(after.value("salary_model_loads_total", "result", "failure")).isEqualTo(1);
    }

    @Test
    void countsRejectionsByReasonEachFromZero() throws IOException {
        Samples before = scrape(Optional.empty());
        // Every reason has its series at 0 from the start, so an alert on any of them works from the first scrape.
        assertThat(before.labelValues("salary_model_rejections_total", "reason")).containsExactlyInAnyOrder(
                "invalid_model", "duplicate_version", "symbolic_link", "trust_not_set", "unsigned",
                "malformed_signature", "modified", "signature_of_another_model", "bad_signature", "untrusted_signer",
                "certificate_not_valid", "certificate_not_for_signing", "issuer_not_a_ca", "weak_key");
        assertThat(before.matching("salary_model_rejections_total")).allSatisfy(sample ->
                assertThat(sample.value()).isZero());

        metrics.models().rejected("a.json", RejectionReason.of(Reason.UNTRUSTED_SIGNER), "signed by CN=Mallory");
        metrics.models().rejected("b.json", RejectionReason.of(Reason.UNTRUSTED_SIGNER), "signed by CN=Mallory");
        metrics.models().rejected("c.json", RejectionReason.of(Reason.MODIFIED), "changed after it was signed");

        Samples after = scrape(Optional.empty());
        assertThat(after.value("salary_model_rejections_total", "reason", "untrusted_signer")).isEqualTo(2);
        assertThat(after.value("salary_model_rejections_total", "reason", "modified")).isEqualTo(1);
        assertThat(after.value("salary_model_rejections_total", "reason", "unsigned")).isZero();
        // The older counter of every refusal goes on counting them all.
        assertThat(after.value("salary_model_loads_total", "result", "failure")).isEqualTo(3);
    }

    @Test
    void theApprovalGaugeSaysWhetherTheServedModelIsApproved() throws IOException {
        assertThat(scrape(Optional.empty()).matching("salary_model_approved")).isEmpty();

        Samples approved = scrapeServing(Optional.of(loaded(META, Approvals.APPROVED)));
        assertThat(approved.matching("salary_model_approved")).singleElement().satisfies(sample -> {
            assertThat(sample.labels()).containsEntry("version", "1.0.0").containsEntry("status", "approved");
            assertThat(sample.value()).isEqualTo(1);
        });

        Samples unsigned = scrapeServing(Optional.of(loaded(META.withVersion("1.1.0"), Approvals.UNSIGNED)));
        assertThat(unsigned.matching("salary_model_approved")).singleElement().satisfies(sample -> {
            assertThat(sample.labels()).containsEntry("version", "1.1.0").containsEntry("status", "unsigned");
            assertThat(sample.value()).isZero();
        });

        assertThat(scrape(Optional.empty()).matching("salary_model_approved")).isEmpty();
    }

    @Test
    void infoNamesTheServedModelAndOnlyWhileItIsServed() throws IOException {
        assertThat(scrape(Optional.empty()).matching("salary_model_info")).isEmpty();

        metrics.models().serving(loaded(META, Approvals.APPROVED));
        Samples serving = scrape(Optional.of(META));
        assertThat(serving.value("salary_model_info", "name", "salary", "version", "1.0.0", "algorithm", "ols"))
                .isEqualTo(1);
        assertThat(serving.matching("salary_model_info")).hasSize(1);

        // Every model file removed: the registry serves nothing and says so only through its snapshot.
        assertThat(scrape(Optional.empty()).matching("salary_model_info")).isEmpty();
    }

    @Test
    void infoFollowsASwapToAnotherVersion() throws IOException {
        ModelMetadata next = META.withVersion("1.1.0");
        metrics.models().serving(loaded(META, Approvals.APPROVED));
        metrics.models().serving(loaded(next, Approvals.APPROVED));

        Samples samples = scrape(Optional.of(next));
        assertThat(samples.matching("salary_model_info")).singleElement()
                .satisfies(sample -> assertThat(sample.labels()).containsEntry("version", "1.1.0"));
    }

    @Test
    void everyEndpointHasAServerErrorSeriesAtZeroFromTheStart() throws IOException {
        Samples fresh = scrape(Optional.of(META));
        // So that the share of server errors is 0 before the first one, not an empty result.
        assertThat(fresh.matching("salary_http_requests_total"))
                .allSatisfy(sample -> assertThat(sample.labels().get("status")).isEqualTo("500"))
                .extracting(sample -> sample.labels().get("endpoint"))
                .containsExactlyInAnyOrder("page", "api_predict", "api_model", "api_monitoring", "api_outcomes", "health", "v2", "metrics", "openapi",
                        "static", "other");
        assertThat(fresh.matching("salary_http_requests_total"))
                .allSatisfy(sample -> assertThat(sample.value()).isZero());
        requests.completed(Endpoint.V2, 500, 1_000);
        assertThat(scrape(Optional.of(META)).value("salary_http_requests_total", "endpoint", "v2", "status", "500"))
                .isEqualTo(1);
    }

    @Test
    void bucketBoundsAreWrittenAsPrometheusAndItsOtherClientsWriteThem() throws IOException {
        requests.completed(Endpoint.API_PREDICT, 200, 300_000);
        Samples samples = scrape(Optional.of(META));
        // Exactly these strings: Prometheus 2 matches le as text, so le="5.0E-4" would be a series of its own.
        assertThat(samples.matching("salary_http_request_duration_seconds_bucket", "endpoint", "api_predict"))
                .extracting(sample -> sample.labels().get("le"))
                .containsExactly("0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
                        "1.0", "2.5", "5.0", "10.0", "+Inf");
        assertThat(samples.value("salary_http_request_duration_seconds_bucket", "endpoint", "api_predict",
                "le", "0.0005")).isEqualTo(1);
    }

    @Test
    void countsPredictionLogWriterRestartsAndHasNoWritingSampleWhileTheLogIsOff() throws IOException {
        assertThat(scrape(Optional.empty()).value("salary_prediction_log_writer_restarts_total")).isZero();
        drops.writerRestarted();
        Samples samples = scrape(Optional.empty());
        assertThat(samples.value("salary_prediction_log_writer_restarts_total")).isEqualTo(1);
        assertThat(samples.matching("salary_prediction_log_writing")).isEmpty();
    }

    @Test
    void countsDroppedPredictionLogRecords() throws IOException {
        Samples before = scrape(Optional.empty());
        for (DropReason reason : DropReason.values()) {
            assertThat(before.value("salary_prediction_log_dropped_total", "reason", reason.label())).isZero();
        }
        drops.dropped(DropReason.QUEUE_FULL, 1);
        drops.dropped(DropReason.QUEUE_FULL, 2);
        drops.dropped(DropReason.CLOSING, 4);
        Samples after = scrape(Optional.empty());
        assertThat(after.value("salary_prediction_log_dropped_total", "reason", "queue_full")).isEqualTo(3);
        assertThat(after.value("salary_prediction_log_dropped_total", "reason", "closing")).isEqualTo(4);
        assertThat(after.value("salary_prediction_log_dropped_total", "reason", "write_failed")).isZero();
    }

    @Test
    void eachAppHasItsOwnRegistryAndTheJvmWideDefaultIsLeftAlone() throws IOException {
        var other = new AppMetrics();
        new RequestMetrics(other.registry());
        requests.completed(Endpoint.PAGE, 200, 1);
        metrics.predictions().predicted(event("v1", List.of(REFERENCE)));

        Samples others = Samples.parse(text(other, Optional.of(loaded(META, Approvals.APPROVED))));
        assertThat(others.matching("salary_http_requests_total", "endpoint", "page", "status", "200")).isEmpty();
        assertThat(others.matching("salary_http_requests_total"))
                .allSatisfy(sample -> assertThat(sample.value()).isZero());
        assertThat(others.matching("salary_predictions_total")).isEmpty();
        var defaults = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(defaults, PrometheusRegistry.defaultRegistry.scrape());
        assertThat(defaults.toString(StandardCharsets.UTF_8)).doesNotContain("salary_");
    }

    /** A scrape while the model of this metadata is served, approved; or while none is. */
    private Samples scrape(Optional<ModelMetadata> serving) throws IOException {
        return Samples.parse(text(metrics, serving.map(meta -> loaded(meta, Approvals.APPROVED))));
    }

    private Samples scrapeServing(Optional<ModelRegistry.Loaded> serving) throws IOException {
        return Samples.parse(text(metrics, serving));
    }

    /** The exposition as GET /metrics writes it. */
    private static String text(AppMetrics metrics, Optional<ModelRegistry.Loaded> serving) throws IOException {
        var out = new ByteArrayOutputStream();
        PrometheusText.write(out, metrics.scrape(serving));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The test model under this metadata, loaded with this approval. */
    private static ModelRegistry.Loaded loaded(ModelMetadata meta, ApprovalStatus approval) {
        return new ModelRegistry.Loaded(new Model(meta, MODEL.kind(), MODEL.interval()),
                "salary-model-" + meta.version() + ".json", approval);
    }

    private static PredictionEvent event(String endpoint, List<Map<String, Double>> inputs) {
        List<Prediction> predictions = inputs.stream().map(MODEL::predict).toList();
        return new PredictionEvent(Instant.now(), endpoint, "test", META, Approvals.APPROVED, inputs, predictions);
    }

    private static Model load() {
        try (InputStream in = AppMetricsTest.class.getResourceAsStream("/models/salary-model-1.0.0.json")) {
            return ModelFormat.read(in.readAllBytes(), "salary-model-1.0.0.json");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void completedInANanosecond(Endpoint endpoint, int... statuses) {
        for (int status : statuses) {
            requests.completed(endpoint, status, 1);
        }
    }
}
