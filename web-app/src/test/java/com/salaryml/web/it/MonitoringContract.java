package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.web.metrics.Samples;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Drift monitoring over real HTTP against the built WAR: seeded inputs whose experience lies far outside the
 * training data, the rest drawn from the training rows, through every way of predicting; then what
 * {@code /api/v1/monitoring}, {@code /metrics} and the page say about them. Also that every metric the Grafana
 * dashboard and the alerting rules name is one the app exports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MonitoringContract extends DeployedContract {

    /** Predictions sent: a batch, one single, one V2 request of two rows and one page. */
    private static final int BATCH = 150;
    private static final int PREDICTIONS = BATCH + 1 + 2 + 1;

    JsonNode monitoring;
    Samples metrics;
    Path logFolder;
    String scrape;
    String page;

    @BeforeAll
    void deployAndPredict() throws Exception {
        // With the prediction log, so that an outcome can be reported and the live error gauges have a sample.
        logFolder = Files.createTempDirectory("monitoring-it");
        app = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.prediction-log", logFolder.resolve("predictions.jsonl").toString()));
        List<String[]> rows = trainingRows();
        var random = new Random(13);
        var instances = new ArrayList<String>();
        for (int i = 0; i < BATCH; i++) {
            String[] row = rows.get(random.nextInt(rows.size()));
            instances.add("{\"experience\":30,\"test_score\":" + row[1] + ",\"interview_score\":" + row[2] + "}");
        }
        expect(200, http.postJson(at("api/v1/predict"), "{\"instances\":[" + String.join(",", instances) + "]}"));
        Http.Reply single = http.postJson(at("api/v1/predict"), SalaryAppContract.REFERENCE);
        expect(200, single);
        expect(200, http.postJson(at("api/v1/outcomes"), "{\"outcome_key\":\""
                + single.json().get("outcome_key").textValue() + "\",\"actual\":52000}"));
        expect(200, http.postJson(at("v2/models/salary/infer"), V2ProtocolContract.TWO_ROWS));
        expect(200, http.get(at("?experience=2&test_score=9&interview_score=6")));
        Http.Reply reply = http.get(at("api/v1/monitoring"));
        expect(200, reply);
        monitoring = reply.json();
        scrape = http.get(at("metrics")).body();
        metrics = Samples.parse(scrape);
        page = http.get(at("")).body();
    }

    /** The training data's rows, without the header: what the default model learned from. */
    private static List<String[]> trainingRows() throws Exception {
        return Files.readAllLines(Path.of("..", "data", "hiring.csv"), StandardCharsets.UTF_8).stream()
                .skip(1).filter(line -> !line.isBlank()).map(line -> line.split(",")).toList();
    }

    @AfterAll
    @Override
    void undeploy() throws Exception {
        if (app != null) {
            app.close();
        }
        if (logFolder != null) {
            try (var files = Files.walk(logFolder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void expect(int status, Http.Reply reply) {
        assertThat(reply.status()).as("status, with body " + reply.body()).isEqualTo(status);
    }

    @Test
    void theMonitoringEndpointReportsEveryPredictionAndTheDriftedFeature() {
        assertThat(monitoring.get("model_name").textValue()).isEqualTo("salary");
        assertThat(monitoring.get("model_version").textValue()).isEqualTo("1.0.0");
        assertThat(monitoring.get("window").get("predictions").intValue()).isEqualTo(PREDICTIONS);
        assertThat(monitoring.get("window").get("max_predictions").intValue()).isEqualTo(10_000);
        assertThat(monitoring.get("window").get("max_hours").intValue()).isEqualTo(24);
        assertThat(monitoring.get("threshold").doubleValue()).isEqualTo(0.2);
        assertThat(monitoring.get("significance").doubleValue()).isEqualTo(0.01);
        // Three features and the predictions share the 1%.
        double limit = monitoring.get("p_value_limit").doubleValue();
        assertThat(limit).isEqualTo(0.0025);
        assertThat(monitoring.get("status").textValue()).isEqualTo("drift");

        JsonNode experience = monitoring.get("features").get("experience");
        assertThat(experience.get("status").textValue()).isEqualTo("drift");
        assertThat(experience.get("psi").doubleValue()).isGreaterThan(0.2);
        assertThat(experience.get("p_value").doubleValue()).isLessThan(limit);
        assertThat(experience.get("chi_square").doubleValue()).isPositive();
        assertThat(experience.get("degrees_of_freedom").intValue()).isPositive();
        for (String feature : List.of("test_score", "interview_score")) {
            JsonNode quantity = monitoring.get("features").get(feature);
            assertThat(quantity.get("status").textValue()).as(feature).isEqualTo("ok");
            assertThat(quantity.get("psi").doubleValue()).as(feature).isLessThan(0.2);
            assertThat(quantity.get("p_value").doubleValue()).as(feature).isGreaterThan(limit);
        }
        for (JsonNode quantity : List.of(experience, monitoring.get("predictions"))) {
            double expected = 0;
            double live = 0;
            for (JsonNode bin : quantity.get("bins")) {
                expected += bin.get("expected_share").doubleValue();
                live += bin.get("live_share").doubleValue();
            }
            assertThat(expected).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(live).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
            var last = quantity.get("bins").get(quantity.get("bins").size() - 1);
            assertThat(last.has("upper_edge")).as("the last bin has no upper end").isFalse();
        }
    }

    @Test
    void theMonitoringEndpointSendsTheFieldsTheDocumentNames() throws Exception {
        var document = OpenApiDocument.servedBy(http, app.base());
        V2ProtocolContract.assertAsDocumented(document, "/api/v1/monitoring", http.get(at("api/v1/monitoring")));
    }

    @Test
    void theGaugesShowTheWindowAndTheDrift() {
        assertThat(metrics.value("salary_model_ready")).isEqualTo(1);
        assertThat(metrics.value("salary_drift_window_predictions", "model_version", "1.0.0"))
                .isEqualTo(PREDICTIONS);
        assertThat(metrics.value("salary_drift_psi", "feature", "experience", "model_version", "1.0.0"))
                .isEqualTo(monitoring.get("features").get("experience").get("psi").doubleValue());
        assertThat(metrics.labelValues("salary_drift_psi", "feature"))
                .containsExactlyInAnyOrder("experience", "test_score", "interview_score");
        assertThat(metrics.value("salary_drift_p_value", "feature", "experience", "model_version", "1.0.0"))
                .isEqualTo(monitoring.get("features").get("experience").get("p_value").doubleValue());
        assertThat(metrics.value("salary_prediction_drift_p_value", "model_version", "1.0.0"))
                .isEqualTo(monitoring.get("predictions").get("p_value").doubleValue());
        assertThat(metrics.value("salary_drift_detected", "feature", "experience", "model_version", "1.0.0"))
                .isEqualTo(1);
        assertThat(metrics.value("salary_drift_detected", "feature", "test_score", "model_version", "1.0.0"))
                .isZero();
        assertThat(metrics.value("salary_prediction_drift_psi", "model_version", "1.0.0"))
                .isEqualTo(monitoring.get("predictions").get("psi").doubleValue());
        // The build's output timestamp, with which the build trains the default model (SOURCE_DATE_EPOCH).
        assertThat(metrics.value("salary_model_trained_timestamp_seconds", "model_version", "1.0.0"))
                .isEqualTo(java.time.Instant.parse("2026-11-27T00:00:00Z").getEpochSecond());
    }

    @Test
    void thePageWarnsOfTheDriftedFeature() {
        assertThat(page).containsPattern("Recent inputs differ from the training data: experience \\(PSI [0-9.]+\\)\\.");
        assertThat(page).doesNotContain("test score (PSI").doesNotContain("interview score (PSI");
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
        var exported = new TreeSet<String>();
        for (Samples.Sample sample : metrics.all()) {
            exported.add(sample.name().replaceFirst("_(bucket|count|sum)$", ""));
        }
        Path monitoringFolder = Path.of("..", "monitoring");
        for (Path file : List.of(monitoringFolder.resolve("grafana/salary-dashboard.json"),
                monitoringFolder.resolve("prometheus/salary-alerts.yml"))) {
            var named = new TreeSet<String>();
            Matcher matcher = Pattern.compile("salary_[a-z_]+").matcher(Files.readString(file));
            while (matcher.find()) {
                named.add(matcher.group().replaceFirst("_(bucket|count|sum)$", ""));
            }
            assertThat(named).as("metrics named in " + file).isNotEmpty();
            assertThat(exported).as("metrics exported, against those named in " + file).containsAll(named);
        }
    }
}
