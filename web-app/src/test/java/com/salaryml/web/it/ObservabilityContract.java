package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.web.Programs;
import com.salaryml.web.metrics.Samples;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Metrics and the OpenAPI document over real HTTP, against the built WAR in each container. The app is used
 * once, in a known way, before the first scrape, so the tests can expect exact counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ObservabilityContract extends DeployedContract {

    private static final String VETERAN = "{\"experience\":30,\"test_score\":9,\"interview_score\":6}";

    Http.Reply scrape;
    Samples metrics;

    @BeforeAll
    void deployUseAndScrape() throws Exception {
        app = container().deploy(Container.builtWar(), "/salary", Map.of());
        int sent = 0;
        sent += expect(200, http.get(at("")));
        sent += expect(200, http.get(at("?experience=2&test_score=9&interview_score=6")));
        sent += expect(200, http.get(at("?experience=30&test_score=9&interview_score=6")));
        sent += expect(400, http.get(at("?experience=abc&test_score=9&interview_score=6")));
        sent += expect(200, http.postJson(at("api/v1/predict"), SalaryAppContract.REFERENCE));
        sent += expect(200, http.postJson(at("api/v1/predict"),
                "{\"instances\":[" + SalaryAppContract.REFERENCE + "," + VETERAN + "]}"));
        sent += expect(400, http.postJson(at("api/v1/predict"), "{\"experience\":"));
        sent += expect(405, http.get(at("api/v1/predict")));
        sent += expect(200, http.get(at("api/v1/model")));
        sent += expect(200, http.get(at("health/ready")));
        sent += expect(200, http.get(at("health/live")));
        sent += expect(404, http.get(at("no/such/page")));
        sent += expect(200, http.get(at("page.css")));
        sent += expect(200, http.get(at("openapi.json")));
        scrape = scrapeWhenCounted(sent);
        metrics = Samples.parse(scrape.body());
    }

    /**
     * The first scrape that has counted every request sent. A request is counted once its response has gone
     * out, and a servlet that closes its output stream has sent the response before its thread gets back to
     * the filter, so a scrape right after the last response may come a moment too early. Polls a bounded
     * number of times; if the count never arrives, the exact assertions below say what is missing.
     */
    private Http.Reply scrapeWhenCounted(int sent) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Http.Reply reply = http.get(at("metrics"));
            double counted = Samples.parse(reply.body()).matching("salary_http_requests_total").stream()
                    .filter(sample -> !sample.labels().get("endpoint").equals("metrics"))
                    .mapToDouble(Samples.Sample::value)
                    .sum();
            if (counted >= sent || attempt == 100) {
                return reply;
            }
            Thread.sleep(10);
        }
    }

    // ---------------------------------------------------------------- metrics

    @Test
    void metricsAreServedInThePrometheusTextFormat() {
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(mediaType(scrape.header("Content-Type")))
                .containsExactlyInAnyOrder("text/plain", "version=0.0.4", "charset=utf-8");
        assertThat(scrape.header("Cache-Control")).isEqualTo("no-store");
        assertThat(scrape.body()).contains("# TYPE salary_http_requests_total counter",
                "# TYPE salary_http_request_duration_seconds histogram");
    }

    @Test
    void promtoolFindsNothingWrongWithTheMetrics() throws Exception {
        Path promtool = Programs.onPath("promtool").orElseGet(() -> fail("promtool is not installed; it checks the"
                + " metrics as Prometheus would. Install it with: apt-get install prometheus"));
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(scrape.body().getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Not a timing test: only a guard against a hung process.
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool check metrics said: " + report).isZero();
        assertThat(report).isBlank();
    }

    /**
     * The share of server errors, exactly as docs/metrics.md gives the query, evaluated by promtool over two
     * real scrapes of an app that has answered no 5xx: it must be 0, not an empty result, or an alert on it
     * would never see the first error coming.
     */
    @Test
    void theDocumentedServerErrorShareIsZeroBeforeTheFirstServerError() throws Exception {
        Path promtool = Programs.onPath("promtool").orElseGet(() -> fail("promtool is not installed; it evaluates the"
                + " documented queries as Prometheus would. Install it with: apt-get install prometheus"));
        String query = documentedQuery("{status=~\"5..\"}");
        expect(200, http.get(at("health/live")));
        Samples later = Samples.parse(http.get(at("metrics")).body());
        assertThat(later.matching("salary_http_requests_total").stream()
                .filter(sample -> sample.labels().get("status").startsWith("5")).mapToDouble(Samples.Sample::value)
                .sum()).as("server errors so far").isZero();

        var test = new StringBuilder("""
                rule_files: []
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                """);
        for (Samples.Sample sample : later.matching("salary_http_requests_total")) {
            var before = metrics.matching(sample.name()).stream()
                    .filter(earlier -> earlier.labels().equals(sample.labels())).findFirst();
            test.append("      - series: '").append(series(sample)).append("'\n        values: '")
                    .append(before.map(earlier -> Double.toString(earlier.value())).orElse("_")).append(' ')
                    .append(sample.value()).append("'\n");
        }
        test.append("""
                    promql_expr_test:
                      - expr: '%s'
                        eval_time: 1m
                        exp_samples:
                          - labels: '{}'
                            value: 0
                """.formatted(query));
        Path file = Files.createDirectories(Path.of("target", "promtool"))
                .resolve(getClass().getSimpleName() + "-server-error-share.yml");
        Files.writeString(file, test);
        Process process = new ProcessBuilder(promtool.toString(), "test", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool test rules " + file + " said: " + report).isZero();
        assertThat(report).contains("SUCCESS");
    }

    /** The one query in docs/metrics.md that contains {@code part}. */
    private static String documentedQuery(String part) throws IOException {
        var queries = Files.readAllLines(Path.of("..", "docs", "metrics.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(part) && !line.startsWith("#"))
                .toList();
        assertThat(queries).as("queries in docs/metrics.md with " + part).hasSize(1);
        return queries.get(0).strip();
    }

    /** A sample's series as promtool reads it: {@code name{label="value",...}}. */
    private static String series(Samples.Sample sample) {
        var labels = new java.util.StringJoiner(",", "{", "}");
        sample.labels().forEach((name, value) -> labels.add(name + "=\""
                + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return sample.name() + labels;
    }

    @Test
    void requestsAreCountedByEndpointAndStatus() {
        assertThat(requests("page", "200")).isEqualTo(3);
        assertThat(requests("page", "400")).isEqualTo(1);
        assertThat(requests("api_predict", "200")).isEqualTo(2);
        assertThat(requests("api_predict", "400")).isEqualTo(1);
        assertThat(requests("api_predict", "405")).isEqualTo(1);
        assertThat(requests("api_model", "200")).isEqualTo(1);
        assertThat(requests("health", "200")).isEqualTo(2);
        assertThat(requests("other", "404")).isEqualTo(1);
        assertThat(requests("static", "200")).isEqualTo(1);
        assertThat(requests("openapi", "200")).isEqualTo(1);
        assertThat(metrics.labelValues("salary_http_requests_total", "status")).contains("200", "400", "404", "405");
        // The unknown path is "other", never a label of its own.
        assertThat(metrics.labelValues("salary_http_requests_total", "endpoint"))
                .isSubsetOf("page", "api_predict", "api_model", "api_monitoring", "api_outcomes", "health", "v2", "metrics", "openapi", "static",
                        "other");
    }

    @Test
    void requestsAreTimedByEndpoint() {
        assertThat(metrics.value("salary_http_request_duration_seconds_count", "endpoint", "api_predict"))
                .isEqualTo(4);
        assertThat(metrics.value("salary_http_request_duration_seconds_bucket", "endpoint", "api_predict",
                "le", "+Inf")).isEqualTo(4);
        assertThat(metrics.value("salary_http_request_duration_seconds_sum", "endpoint", "api_predict"))
                .isPositive();
        assertThat(metrics.value("salary_http_request_duration_seconds_count", "endpoint", "v2")).isZero();
        // As Prometheus and its Go and Python clients spell bounds: a query on le="0.0005" must find them.
        assertThat(metrics.labelValues("salary_http_request_duration_seconds_bucket", "le")).containsExactly(
                "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5",
                "5.0", "10.0", "+Inf");
    }

    @Test
    void predictionsAreCountedPerInstanceByModelVersion() {
        // Two from the page, one single and a batch of two from the API; none from the refused requests.
        assertThat(metrics.value("salary_predictions_total", "model_version", "1.0.0")).isEqualTo(5);
        assertThat(metrics.matching("salary_predictions_total")).hasSize(1);
    }

    @Test
    void outOfRangeInputsAreCountedByFeature() {
        assertThat(metrics.value("salary_range_warnings_total", "feature", "experience")).isEqualTo(2);
        assertThat(metrics.labelValues("salary_range_warnings_total", "feature")).containsExactly("experience");
    }

    @Test
    void theServedModelAndItsLoadAreShown() {
        assertThat(metrics.value("salary_model_info", "name", "salary", "version", "1.0.0", "algorithm", "ols"))
                .isEqualTo(1);
        assertThat(metrics.value("salary_model_loads_total", "result", "success")).isEqualTo(1);
        assertThat(metrics.value("salary_model_loads_total", "result", "failure")).isZero();
        assertThat(metrics.total("salary_prediction_log_dropped_total")).isZero();
    }

    @Test
    void scrapesAreCountedToo() throws Exception {
        Samples next = Samples.parse(http.get(at("metrics")).body());
        assertThat(next.value("salary_http_requests_total", "endpoint", "metrics", "status", "200"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void eachDeploymentCountsOnlyItsOwnRequests() throws Exception {
        try (Deployment other = container().deploy(Container.builtWar(), "/other", Map.of())) {
            expect(200, http.postJson(other.base().resolve("api/v1/predict"), VETERAN));
            Samples others = Samples.parse(http.get(other.base().resolve("metrics")).body());
            assertThat(others.value("salary_predictions_total", "model_version", "1.0.0")).isEqualTo(1);
            assertThat(others.value("salary_range_warnings_total", "feature", "experience")).isEqualTo(1);
        }
        Samples ours = Samples.parse(http.get(at("metrics")).body());
        assertThat(ours.value("salary_predictions_total", "model_version", "1.0.0")).isEqualTo(5);
    }

    // ---------------------------------------------------------------- the OpenAPI document

    @Test
    void theOpenApiDocumentIsServedAsJson() throws Exception {
        var reply = http.get(at("openapi.json"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(mediaType(reply.header("Content-Type"))).first().isEqualTo("application/json");
        var document = new ObjectMapper().readTree(reply.body());
        assertThat(document.get("openapi").textValue()).startsWith("3.1.");
        assertThat(document.get("paths").has("/api/v1/predict")).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private double requests(String endpoint, String status) {
        return metrics.value("salary_http_requests_total", "endpoint", endpoint, "status", status);
    }

    /** Checks the status; returns 1, to count the request. */
    private static int expect(int status, Http.Reply reply) {
        assertThat(reply.status()).as("status, with body " + reply.body()).isEqualTo(status);
        return 1;
    }

    /** A content type's media type and parameters, lower case, without the spaces containers differ in. */
    private static java.util.List<String> mediaType(String contentType) {
        assertThat(contentType).isNotNull();
        return Arrays.stream(contentType.split(";"))
                .map(part -> part.strip().toLowerCase(Locale.ROOT).replace(" ", ""))
                .toList();
    }
}
