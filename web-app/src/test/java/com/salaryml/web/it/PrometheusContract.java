package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Prometheus (Debian's {@code prometheus} package) scraping the built WAR every second, with the shipped
 * alerting rules loaded: inputs drawn from the training data keep every PSI under 0.1 and the drift alert quiet;
 * inputs with one feature shifted by two standard deviations raise that feature's PSI above 0.2, the app calls
 * it drifted, and Prometheus fires {@code SalaryInputDrift}; outcomes drawn from the model's own noise give a live interval coverage between
 * 90% and 99%, and {@code SalaryLowCoverage} stays quiet. The rules are the shipped file with every {@code for:} set
 * to 0s, so that the test waits for an evaluation, not fifteen minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PrometheusContract extends DeployedContract {

    /** The app's window: small, so that the shifted inputs replace the training-like ones entirely. */
    private static final int WINDOW = 1_000;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Outcomes reported: enough for the coverage alert to judge (it needs 100). */
    private static final int OUTCOMES = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    Process prometheus;
    URI prometheusBase;
    List<double[]> trainingRows;
    double experienceStd;

    Path dir;

    @BeforeAll
    void deployAndScrape() throws Exception {
        dir = Files.createTempDirectory("prometheus-it");
        app = container().deploy(Container.builtWar(), "/salary", Map.of("salary.monitoring.window",
                Integer.toString(WINDOW), "salary.prediction-log", dir.resolve("predictions.jsonl").toString()));
        trainingRows = Files.readAllLines(Path.of("..", "data", "hiring.csv"), StandardCharsets.UTF_8).stream()
                .skip(1).filter(line -> !line.isBlank()).map(line -> line.split(","))
                .map(cells -> new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1]),
                        Double.parseDouble(cells[2])}).toList();
        experienceStd = http.get(app.base().resolve("api/v1/model")).json()
                .at("/training_data/features/experience/std").doubleValue();

        String rules = Files.readString(Path.of("..", "monitoring", "prometheus", "salary-alerts.yml"))
                .replaceAll("(?m)^(\\s*)for: \\S+$", "$1for: 0s");
        Path rulesFile = Files.writeString(dir.resolve("salary-alerts.yml"), rules);
        URI metrics = app.base().resolve("metrics");
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.format(Locale.ROOT, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: salary
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s:%d']
                """, rulesFile, metrics.getPath(), metrics.getHost(), metrics.getPort()));
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        prometheusBase = URI.create("http://127.0.0.1:" + port + "/");
        Path log = Files.createDirectories(Path.of("target", "test-logs")).resolve(getClass().getSimpleName()
                + "-prometheus.log");
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitQuery("up{job=\"salary\"} == 1", "Prometheus scraping the app (its log: " + log + ")");
    }

    @AfterAll
    @Override
    void undeploy() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (app != null) {
            app.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void inputsLikeTheTrainingDataKeepEveryPsiUnderOneTenth() throws Exception {
        predict(2 * WINDOW, 0);

        JsonNode psi = awaitQuery("salary_drift_psi and on (model_version) salary_drift_window_predictions >= "
                + WINDOW, "drift figures over a full window");
        assertThat(psi.size()).as("one PSI per feature").isEqualTo(3);
        for (JsonNode series : psi) {
            assertThat(value(series)).as(series.get("metric").toString()).isLessThan(0.1);
        }
        assertThat(value(awaitQuery("salary_prediction_drift_psi", "prediction drift").get(0))).isLessThan(0.1);
        JsonNode detected = query("salary_drift_detected");
        assertThat(detected).as("one verdict per feature").hasSize(3);
        for (JsonNode series : detected) {
            assertThat(value(series)).as(series.get("metric").toString()).isZero();
        }
        assertThat(query("ALERTS{alertname=\"SalaryInputDrift\"}")).as("no drift alert").isEmpty();
    }

    @Test
    @Order(2)
    void aShiftOfTwoStandardDeviationsInOneFeatureFiresTheDriftAlert() throws Exception {
        predict(2 * WINDOW, 2 * experienceStd);

        JsonNode firing = awaitQuery("ALERTS{alertname=\"SalaryInputDrift\", alertstate=\"firing\"}",
                "the drift alert firing");
        assertThat(firing).hasSize(1);
        assertThat(firing.get(0).at("/metric/feature").textValue()).isEqualTo("experience");
        double experience = value(query("salary_drift_psi{feature=\"experience\"}").get(0));
        assertThat(experience).isGreaterThan(0.2);
        for (String other : List.of("test_score", "interview_score")) {
            assertThat(value(query("salary_drift_psi{feature=\"" + other + "\"}").get(0))).as(other).isLessThan(0.1);
        }
    }

    @Test
    @Order(3)
    void outcomesDrawnFromTheModelsOwnNoiseGiveACoverageBetweenNinetyAndNinetyNinePercent() throws Exception {
        var random = new Random(31);
        var instances = new ArrayList<String>();
        for (int i = 0; i < OUTCOMES; i++) {
            double[] row = trainingRows.get(random.nextInt(trainingRows.size()));
            instances.add(String.format(Locale.ROOT, "{\"experience\":%s,\"test_score\":%s,\"interview_score\":%s}",
                    row[0], row[1], row[2]));
        }
        var predicted = http.send(java.net.http.HttpRequest.newBuilder(app.base().resolve("api/v1/predict"))
                .header("Content-Type", "application/json").header("X-Request-Id", "coverage")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"instances\":[" + String.join(",", instances) + "]}")));
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        var outcomes = new ArrayList<String>();
        int index = 0;
        String key = predicted.json().get("outcome_key").textValue();
        for (JsonNode prediction : predicted.json().get("predictions")) {
            double low = prediction.at("/interval/low").doubleValue();
            double high = prediction.at("/interval/high").doubleValue();
            // The normal distribution the model's own 95% interval describes.
            double actual = prediction.get("salary").doubleValue()
                    + (high - low) / 2 / 1.959963984540054 * random.nextGaussian();
            outcomes.add(String.format(Locale.ROOT, "{\"outcome_key\":\"%s\",\"index\":%d,\"actual\":%.2f}",
                    key, index++, actual));
        }
        var reported = http.postJson(app.base().resolve("api/v1/outcomes"),
                "{\"outcomes\":[" + String.join(",", outcomes) + "]}");
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);

        JsonNode coverage = awaitQuery("salary_live_interval_coverage and on (model_version) salary_live_outcomes >= "
                + OUTCOMES, "live coverage over every outcome");
        assertThat(value(coverage.get(0))).isBetween(0.90, 0.99);
        assertThat(query("ALERTS{alertname=\"SalaryLowCoverage\"}")).as("no coverage alert").isEmpty();
    }

    /** {@code count} instances resampled from the training rows, with {@code shift} added to experience. */
    private void predict(int count, double shift) throws Exception {
        var random = new Random(29);
        for (int sent = 0; sent < count; sent += 500) {
            var instances = new ArrayList<String>();
            for (int i = 0; i < 500; i++) {
                double[] row = trainingRows.get(random.nextInt(trainingRows.size()));
                instances.add(String.format(Locale.ROOT,
                        "{\"experience\":%s,\"test_score\":%s,\"interview_score\":%s}", row[0] + shift, row[1], row[2]));
            }
            var reply = http.postJson(app.base().resolve("api/v1/predict"),
                    "{\"instances\":[" + String.join(",", instances) + "]}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
    }

    /** Polls an instant query until it returns a series, after at least one scrape that follows this call. */
    private JsonNode awaitQuery(String promql, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        // Two scrape intervals, so that what was just sent is in a sample and the rules saw it.
        Thread.sleep(2_500);
        JsonNode result = query(promql);
        while (result.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            result = query(promql);
        }
        assertThat(result).as("waited %s s for %s: %s", PATIENCE.toSeconds(), what, promql).isNotEmpty();
        return result;
    }

    private JsonNode query(String promql) throws IOException, InterruptedException {
        Http.Reply reply;
        try {
            reply = http.get(prometheusBase.resolve("api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // Not listening yet.
            return JSON.createArrayNode();
        }
        if (reply.status() != 200) {
            return JSON.createArrayNode();
        }
        return reply.json().at("/data/result");
    }

    private static double value(JsonNode series) {
        return Double.parseDouble(series.get("value").get(1).textValue());
    }
}
