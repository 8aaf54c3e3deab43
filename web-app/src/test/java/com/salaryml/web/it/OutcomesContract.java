package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.web.metrics.Samples;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Outcomes over real HTTP against the built WAR with the prediction log on: a batch of predictions, then their
 * outcomes drawn from the model's own noise, and what {@code /api/v1/monitoring}, {@code /metrics} and the
 * outcomes file say about them; the refusals; and that without the prediction log every outcome is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutcomesContract extends DeployedContract {

    private static final int OUTCOMES = 400;
    private static final String BATCH_ID = "outcomes-it";

    Deployment withoutLog;
    Path folder;
    Path outcomesFile;
    /** Actual minus predicted, for each outcome posted, and whether it fell inside its interval. */
    final List<Double> errors = new ArrayList<>();
    int inside;
    JsonNode recorded;

    @BeforeAll
    void deployPredictAndReport() throws Exception {
        folder = Files.createTempDirectory("outcomes-it");
        Path log = folder.resolve("predictions.jsonl");
        outcomesFile = folder.resolve("predictions.jsonl.outcomes");
        app = container().deploy(Container.builtWar(), "/salary", Map.of("salary.prediction-log", log.toString()));
        withoutLog = container().deploy(Container.builtWar(), "/bare", Map.of());

        var random = new Random(13);
        var instances = new ArrayList<String>();
        for (int i = 0; i < OUTCOMES; i++) {
            instances.add("{\"experience\":" + random.nextInt(11) + ",\"test_score\":" + (4 + random.nextInt(7))
                    + ",\"interview_score\":" + (4 + random.nextInt(7)) + "}");
        }
        Http.Reply predicted = predict("{\"instances\":[" + String.join(",", instances) + "]}", BATCH_ID);
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        var outcomes = new ArrayList<String>();
        int index = 0;
        for (JsonNode prediction : predicted.json().get("predictions")) {
            double value = prediction.get("salary").doubleValue();
            JsonNode interval = prediction.get("interval");
            double low = interval.get("low").doubleValue();
            double high = interval.get("high").doubleValue();
            // The model's own noise: the normal distribution its 95% interval describes. The residual standard
            // error alone would be too narrow: trained on 8 rows, the interval's t quantile (4 degrees of
            // freedom) and each prediction's own uncertainty make it 1.5 times wider than 1.96 of them.
            double spread = (high - low) / 2 / 1.959963984540054;
            double actual = Math.round((value + spread * random.nextGaussian()) * 100) / 100.0;
            errors.add(actual - value);
            if (actual >= low && actual <= high) {
                inside++;
            }
            outcomes.add("{\"request_id\":\"" + BATCH_ID + "\",\"index\":" + index++ + ",\"actual\":" + actual + "}");
        }
        Http.Reply reply = http.postJson(at("api/v1/outcomes"), "{\"outcomes\":[" + String.join(",", outcomes) + "]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        recorded = reply.json();
    }

    private Http.Reply predict(String body, String requestId) throws Exception {
        return http.send(HttpRequest.newBuilder(at("api/v1/predict")).header("Content-Type", "application/json")
                .header("X-Request-Id", requestId).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @AfterAll
    @Override
    void undeploy() throws Exception {
        if (app != null) {
            app.close();
        }
        if (withoutLog != null) {
            withoutLog.close();
        }
        if (folder != null) {
            try (var files = Files.walk(folder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void everyOutcomeIsRecordedWithItsModelVersionAndWhetherItFellInside() {
        assertThat(recorded.get("recorded").intValue()).isEqualTo(OUTCOMES);
        int reportedInside = 0;
        for (JsonNode outcome : recorded.get("outcomes")) {
            assertThat(outcome.get("model_version").textValue()).isEqualTo("1.0.0");
            reportedInside += outcome.get("inside_interval").booleanValue() ? 1 : 0;
        }
        assertThat(reportedInside).isEqualTo(inside);
    }

    @Test
    void liveCoverageOfTheModelsOwnNoiseIsNearNinetyFivePercentAndTheErrorsAreThoseSent() throws Exception {
        JsonNode live = http.get(at("api/v1/monitoring")).json().get("outcomes");
        assertThat(live.get("recording").booleanValue()).isTrue();
        assertThat(live.get("max_outcomes").intValue()).isEqualTo(1000);
        JsonNode figures = live.get("by_model_version").get("1.0.0");
        assertThat(figures.get("outcomes").intValue()).isEqualTo(OUTCOMES);
        double coverage = figures.get("interval_coverage").doubleValue();
        assertThat(coverage).isBetween(0.90, 0.99).isEqualTo((double) inside / OUTCOMES);
        double squares = 0;
        double absolutes = 0;
        for (double error : errors) {
            squares += error * error;
            absolutes += Math.abs(error);
        }
        assertThat(figures.get("rmse").doubleValue()).isCloseTo(Math.sqrt(squares / OUTCOMES), within(1e-6));
        assertThat(figures.get("mae").doubleValue()).isCloseTo(absolutes / OUTCOMES, within(1e-6));

        Samples metrics = Samples.parse(http.get(at("metrics")).body());
        assertThat(metrics.value("salary_live_interval_coverage", "model_version", "1.0.0")).isEqualTo(coverage);
        assertThat(metrics.value("salary_live_outcomes", "model_version", "1.0.0")).isEqualTo(OUTCOMES);
        assertThat(metrics.value("salary_live_rmse", "model_version", "1.0.0"))
                .isCloseTo(figures.get("rmse").doubleValue(), within(1e-6));
        assertThat(metrics.value("salary_live_mae", "model_version", "1.0.0"))
                .isCloseTo(figures.get("mae").doubleValue(), within(1e-6));
        assertThat(metrics.value("salary_outcomes_total", "model_version", "1.0.0")).isGreaterThanOrEqualTo(OUTCOMES);
    }

    @Test
    void theOutcomesFileHoldsALineWithExactlyTheFieldsTrainingReadsForEachOutcome() throws Exception {
        var mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(outcomesFile, StandardCharsets.UTF_8);
        var ours = lines.stream().filter(line -> line.contains("\"" + BATCH_ID + "\"")).toList();
        assertThat(ours).hasSize(OUTCOMES);
        for (String text : ours) {
            JsonNode line = mapper.readTree(text);
            var names = new ArrayList<String>();
            line.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("record_version", "time", "request_id", "index", "actual",
                    "model_version");
            assertThat(line.get("record_version").intValue()).isEqualTo(1);
            assertThat(java.time.Instant.parse(line.get("time").textValue())).isNotNull();
            assertThat(line.get("index").isIntegralNumber()).isTrue();
            assertThat(line.get("actual").isNumber()).isTrue();
            assertThat(line.get("model_version").textValue()).isEqualTo("1.0.0");
        }
    }

    @Test
    void anOutcomeGivenAgainIsAConflict() throws Exception {
        Http.Reply reply = http.postJson(at("api/v1/outcomes"),
                "{\"request_id\":\"" + BATCH_ID + "\",\"index\":3,\"actual\":50000}");
        assertProblem(reply, 409, "request_id");
    }

    @Test
    void anUnknownRequestIdIsUnprocessable() throws Exception {
        assertProblem(http.postJson(at("api/v1/outcomes"), "{\"request_id\":\"never-predicted\",\"actual\":50000}"),
                422, "request_id");
    }

    @Test
    void aBatchWithOneBadOutcomeRecordsNone() throws Exception {
        Http.Reply single = predict(SalaryAppContract.REFERENCE, "all-or-nothing");
        assertThat(single.status()).isEqualTo(200);
        assertProblem(http.postJson(at("api/v1/outcomes"), "{\"outcomes\":[{\"request_id\":\"all-or-nothing\","
                + "\"actual\":52000},{\"request_id\":\"never-predicted\",\"actual\":1}]}"), 422, "outcomes[1].request_id");
        assertProblem(http.postJson(at("api/v1/outcomes"), "{\"outcomes\":[{\"request_id\":\"all-or-nothing\","
                + "\"actual\":52000},{\"request_id\":\"all-or-nothing\",\"actual\":1e999}]}"), 400, "outcomes[1].actual");
        Http.Reply alone = http.postJson(at("api/v1/outcomes"), "{\"request_id\":\"all-or-nothing\",\"actual\":52000}");
        assertThat(alone.status()).as(alone.body()).isEqualTo(200);
    }

    @Test
    void badBodiesAreRefusedNamingTheField() throws Exception {
        assertProblem(http.postJson(at("api/v1/outcomes"), "{\"request_id\":\"x\",\"actual\":\"61000\"}"), 400, "actual");
        assertThat(http.postJson(at("api/v1/outcomes"), "{\"request_id\":").status()).isEqualTo(400);
        assertThat(http.post(at("api/v1/outcomes"), "text/plain", "x".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(415);
    }

    @Test
    void anOutcomeReportedAfterARestartStillFindsItsLoggedPrediction() throws Exception {
        Path log = folder.resolve("restart.jsonl");
        try (Deployment before = container().deploy(Container.builtWar(), "/before",
                Map.of("salary.prediction-log", log.toString()))) {
            Http.Reply predicted = http.send(HttpRequest.newBuilder(before.base().resolve("api/v1/predict"))
                    .header("Content-Type", "application/json").header("X-Request-Id", "before-restart")
                    .POST(HttpRequest.BodyPublishers.ofString(SalaryAppContract.REFERENCE)));
            assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        }
        try (Deployment after = container().deploy(Container.builtWar(), "/after",
                Map.of("salary.prediction-log", log.toString()))) {
            Http.Reply reply = http.postJson(after.base().resolve("api/v1/outcomes"),
                    "{\"request_id\":\"before-restart\",\"actual\":52500}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("\"inside_interval\":true");
        }
    }

    @Test
    void withoutThePredictionLogEveryOutcomeIsAConflictSayingWhy() throws Exception {
        Http.Reply reply = http.postJson(withoutLog.base().resolve("api/v1/outcomes"),
                "{\"request_id\":\"x\",\"actual\":1}");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").textValue()).contains("salary.prediction-log is not set");
        JsonNode live = http.get(withoutLog.base().resolve("api/v1/monitoring")).json().get("outcomes");
        assertThat(live.get("recording").booleanValue()).isFalse();
    }

    @Test
    void theAnswersAreAsTheDocumentSays() throws Exception {
        var document = OpenApiDocument.servedBy(http, app.base());
        V2ProtocolContract.assertAsDocumented(document, "/api/v1/monitoring", http.get(at("api/v1/monitoring")));
    }

    private static void assertProblem(Http.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        var fields = new ArrayList<String>();
        reply.json().get("errors").forEach(error -> fields.add(error.get("field").textValue()));
        assertThat(fields).contains(field);
    }
}
