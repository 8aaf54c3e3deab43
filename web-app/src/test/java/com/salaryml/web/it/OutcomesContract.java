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
 * outcomes drawn from the model's own noise, reported under the outcome key the prediction's answer gave, and
 * what {@code /api/v1/monitoring}, {@code /metrics} and the outcomes file say about them; the refusals; the
 * attacks a caller's own request id allowed (taking over another's outcome, reporting first, learning which ids
 * exist); and that without the prediction log every outcome is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutcomesContract extends DeployedContract {

    private static final int OUTCOMES = 400;
    private static final String BATCH_ID = "outcomes-it";

    Deployment withoutLog;
    Path folder;
    Path log;
    Path outcomesFile;
    /** Actual minus predicted, for each outcome posted, and whether it fell inside its interval. */
    final List<Double> errors = new ArrayList<>();
    int inside;
    String batchKey;
    JsonNode recorded;
    JsonNode liveAfterBatch;
    Samples metricsAfterBatch;

    @BeforeAll
    void deployPredictAndReport() throws Exception {
        folder = Files.createTempDirectory("outcomes-it");
        log = folder.resolve("predictions.jsonl");
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
        batchKey = predicted.json().get("outcome_key").textValue();
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
            outcomes.add(outcome(batchKey, index++, actual));
        }
        Http.Reply reply = http.postJson(at("api/v1/outcomes"), "{\"outcomes\":[" + String.join(",", outcomes) + "]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        recorded = reply.json();
        // Read now, before the tests report outcomes of their own into the same window.
        liveAfterBatch = http.get(at("api/v1/monitoring")).json().get("outcomes");
        metricsAfterBatch = Samples.parse(http.get(at("metrics")).body());
    }

    private static String outcome(String key, int index, double actual) {
        return "{\"outcome_key\":\"" + key + "\",\"index\":" + index + ",\"actual\":" + actual + "}";
    }

    private Http.Reply predict(String body, String requestId) throws Exception {
        return predict(app, body, requestId);
    }

    private Http.Reply predict(Deployment on, String body, String requestId) throws Exception {
        return http.send(HttpRequest.newBuilder(on.base().resolve("api/v1/predict"))
                .header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A key of the right form that the app never issued. */
    private static String unissuedKey() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Http.Reply report(String body) throws Exception {
        return http.postJson(at("api/v1/outcomes"), body);
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
            assertThat(outcome.get("outcome_key").textValue()).isEqualTo(batchKey);
            reportedInside += outcome.get("inside_interval").booleanValue() ? 1 : 0;
        }
        assertThat(reportedInside).isEqualTo(inside);
    }

    @Test
    void liveCoverageOfTheModelsOwnNoiseIsNearNinetyFivePercentAndTheErrorsAreThoseSent() throws Exception {
        JsonNode live = liveAfterBatch;
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

        Samples metrics = metricsAfterBatch;
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
        var ours = lines.stream().filter(line -> line.contains("\"" + batchKey + "\"")).toList();
        assertThat(ours).hasSize(OUTCOMES);
        for (String text : ours) {
            JsonNode line = mapper.readTree(text);
            var names = new ArrayList<String>();
            line.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("record_version", "time", "outcome_key", "index", "actual",
                    "model_version");
            assertThat(line.get("record_version").intValue()).isEqualTo(2);
            assertThat(java.time.Instant.parse(line.get("time").textValue())).isNotNull();
            assertThat(line.get("index").isIntegralNumber()).isTrue();
            assertThat(line.get("actual").isNumber()).isTrue();
            assertThat(line.get("model_version").textValue()).isEqualTo("1.0.0");
        }
    }

    @Test
    void thePredictionLogHoldsTheKeyBesideTheCallersRequestId() throws Exception {
        var mapper = new ObjectMapper();
        JsonNode line = null;
        // The log is written by its own thread: the batch's lines are there once it has caught up.
        for (int tries = 0; tries < 100 && line == null; tries++) {
            for (String text : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (text.contains("\"" + batchKey + "\"")) {
                    line = mapper.readTree(text);
                    break;
                }
            }
            if (line == null) {
                Thread.sleep(50);
            }
        }
        assertThat(line).as("a logged line of the batch").isNotNull();
        assertThat(line.get("record_version").intValue()).isEqualTo(2);
        assertThat(line.get("request_id").textValue()).isEqualTo(BATCH_ID);
        assertThat(line.get("outcome_key").textValue()).isEqualTo(batchKey);
    }

    @Test
    void anOutcomeGivenAgainIsRefusedAsAKeyNeverIssuedIs() throws Exception {
        Http.Reply again = report(outcome(batchKey, 3, 50000));
        Http.Reply never = report(outcome(unissuedKey(), 3, 50000));
        assertThat(again.status()).as(again.body()).isEqualTo(422);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(again.json()).as("no reply tells a given outcome from an unknown key").isEqualTo(never.json());
    }

    @Test
    void aSecondPredictionUnderTheSameRequestIdCannotTakeTheFirstsOutcome() throws Exception {
        // The victim, then the attacker, under one X-Request-Id: each gets its own key, and the victim's outcome
        // joins to the victim's prediction, whatever the attacker sent.
        Http.Reply victim = predict(SalaryAppContract.REFERENCE, "order-17");
        Http.Reply attacker = predict("{\"experience\":0,\"test_score\":4,\"interview_score\":4}", "order-17");
        assertThat(victim.status()).isEqualTo(200);
        assertThat(attacker.status()).isEqualTo(200);
        assertThat(attacker.header("X-Request-Id")).isEqualTo(victim.header("X-Request-Id")).isEqualTo("order-17");
        String victimKey = victim.json().get("outcome_key").textValue();
        assertThat(victimKey).hasSize(22).isNotEqualTo(attacker.json().get("outcome_key").textValue());

        Http.Reply real = report(outcome(victimKey, 0, 52000));
        assertThat(real.status()).as(real.body()).isEqualTo(200);
        assertThat(real.json().get("outcomes").get(0).get("predicted").doubleValue())
                .isEqualTo(victim.json().get("salary").doubleValue())
                .isNotEqualTo(attacker.json().get("salary").doubleValue());
    }

    @Test
    void reportingFirstNeedsTheKeyAndAGuessGetsNoPredictionBack() throws Exception {
        Http.Reply victim = predict(SalaryAppContract.REFERENCE, "order-18");
        // What took the victim's outcome before: the request id. It is no longer a field of an outcome.
        Http.Reply byId = report("{\"request_id\":\"order-18\",\"actual\":0.01}");
        assertProblem(byId, 400, "request_id");
        Http.Reply guessed = report(outcome(unissuedKey(), 0, 0.01));
        assertThat(guessed.status()).isEqualTo(422);
        assertThat(guessed.body()).doesNotContain("predicted").doesNotContain("model_version")
                .doesNotContain(String.valueOf(victim.json().get("salary").doubleValue()));
        // The real outcome, reported later, is still taken.
        Http.Reply real = report(outcome(victim.json().get("outcome_key").textValue(), 0, 52000));
        assertThat(real.status()).as(real.body()).isEqualTo(200);
    }

    @Test
    void aRefusedBatchDoesNotSayWhichKeysExist() throws Exception {
        String open = predict(SalaryAppContract.REFERENCE, "exists").json().get("outcome_key").textValue();
        Http.Reply mixed = report("{\"outcomes\":[" + outcome(open, 0, 52000) + "," + outcome(unissuedKey(), 0, 1)
                + "]}");
        Http.Reply none = report("{\"outcomes\":[" + outcome(unissuedKey(), 0, 52000) + "," + outcome(unissuedKey(), 0, 1)
                + "]}");
        Http.Reply reversed = report("{\"outcomes\":[" + outcome(unissuedKey(), 0, 1) + "," + outcome(open, 0, 52000)
                + "]}");
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(422);
        assertThat(mixed.json()).isEqualTo(none.json()).isEqualTo(reversed.json());
        assertThat(mixed.json().path("errors").size()).as("no position named").isZero();
        // Nothing of the batches was recorded: the open one still takes its outcome.
        assertThat(report(outcome(open, 0, 52000)).status()).isEqualTo(200);
    }

    @Test
    void aBatchWithOneBadOutcomeRecordsNone() throws Exception {
        Http.Reply single = predict(SalaryAppContract.REFERENCE, "all-or-nothing");
        assertThat(single.status()).isEqualTo(200);
        String key = single.json().get("outcome_key").textValue();
        assertThat(report("{\"outcomes\":[" + outcome(key, 0, 52000) + "," + outcome(unissuedKey(), 0, 1) + "]}")
                .status()).isEqualTo(422);
        assertProblem(report("{\"outcomes\":[" + outcome(key, 0, 52000) + ",{\"outcome_key\":\"" + key
                + "\",\"actual\":1e999}]}"), 400, "outcomes[1].actual");
        assertProblem(report("{\"outcomes\":[" + outcome(key, 0, 52000) + "," + outcome(key, 0, 52001) + "]}"), 422,
                "outcomes[1].outcome_key");
        Http.Reply alone = report(outcome(key, 0, 52000));
        assertThat(alone.status()).as(alone.body()).isEqualTo(200);
    }

    @Test
    void anActualOutsideTheTargetsRangeIsRefusedForKnownAndUnknownKeysAlike() throws Exception {
        // The served model was trained on data/hiring.schema.json, whose salary is 0 or more.
        Http.Reply single = predict(SalaryAppContract.REFERENCE, "negative-salary");
        String key = single.json().get("outcome_key").textValue();
        for (String refused : new String[] {outcome(key, 0, -1), outcome(unissuedKey(), 0, -1)}) {
            Http.Reply reply = report(refused);
            assertProblem(reply, 400, "actual");
            assertThat(reply.body()).contains("below 0, the smallest valid salary (USD)");
        }
        assertProblem(report("{\"outcomes\":[" + outcome(key, 0, 52000) + "," + outcome(key, 0, -0.01) + "]}"),
                400, "outcomes[1].actual");
        Http.Reply accepted = report(outcome(key, 0, 0));
        assertThat(accepted.status()).as("0 is inside the range: " + accepted.body()).isEqualTo(200);
    }

    @Test
    void theV2AnswerCarriesTheKeyInItsParametersAndEachRowTakesItsOutcome() throws Exception {
        Http.Reply inferred = http.postJson(at("v2/models/salary/infer"), "{\"id\":\"v2-outcomes\",\"inputs\":["
                + "{\"name\":\"experience\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[2,10]},"
                + "{\"name\":\"test_score\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[9,5]},"
                + "{\"name\":\"interview_score\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[6,8]}]}");
        assertThat(inferred.status()).as(inferred.body()).isEqualTo(200);
        String key = inferred.json().get("parameters").get("outcome_key").textValue();
        assertThat(key).hasSize(22);
        Http.Reply reply = report("{\"outcomes\":[" + outcome(key, 0, 52000) + "," + outcome(key, 1, 90000) + "]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("outcomes").get(1).get("predicted").doubleValue())
                .isEqualTo(inferred.json().get("outputs").get(0).get("data").get(1).doubleValue());
    }

    @Test
    void badBodiesAreRefusedNamingTheField() throws Exception {
        assertProblem(report("{\"outcome_key\":\"" + batchKey + "\",\"actual\":\"61000\"}"), 400, "actual");
        assertProblem(report("{\"outcome_key\":\"order-17\",\"actual\":61000}"), 400, "outcome_key");
        assertThat(report("{\"outcome_key\":").status()).isEqualTo(400);
        assertThat(http.post(at("api/v1/outcomes"), "text/plain", "x".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(415);
    }

    @Test
    void anOutcomeReportedAfterARestartStillFindsItsLoggedPrediction() throws Exception {
        Path restartLog = folder.resolve("restart.jsonl");
        String key;
        try (Deployment before = container().deploy(Container.builtWar(), "/before",
                Map.of("salary.prediction-log", restartLog.toString()))) {
            Http.Reply predicted = predict(before, SalaryAppContract.REFERENCE, "before-restart");
            assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
            key = predicted.json().get("outcome_key").textValue();
        }
        try (Deployment after = container().deploy(Container.builtWar(), "/after",
                Map.of("salary.prediction-log", restartLog.toString()))) {
            Http.Reply reply = http.postJson(after.base().resolve("api/v1/outcomes"), outcome(key, 0, 52500));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("\"inside_interval\":true");
        }
    }

    @Test
    void withoutThePredictionLogEveryOutcomeIsAConflictSayingWhyAndNoKeyIsGiven() throws Exception {
        Http.Reply reply = http.postJson(withoutLog.base().resolve("api/v1/outcomes"), outcome(batchKey, 0, 1));
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").textValue()).contains("salary.prediction-log is not set");
        JsonNode live = http.get(withoutLog.base().resolve("api/v1/monitoring")).json().get("outcomes");
        assertThat(live.get("recording").booleanValue()).isFalse();
        Http.Reply predicted = predict(withoutLog, SalaryAppContract.REFERENCE, "no-log");
        assertThat(predicted.json().has("outcome_key")).as("nothing could be reported under it").isFalse();
    }

    @Test
    void theAnswersAreAsTheDocumentSays() throws Exception {
        var document = OpenApiDocument.servedBy(http, app.base());
        V2ProtocolContract.assertAsDocumented(document, "/api/v1/monitoring", http.get(at("api/v1/monitoring")));
        Http.Reply predicted = predict(SalaryAppContract.REFERENCE, "documented");
        String key = predicted.json().get("outcome_key").textValue();
        assertPostAsDocumented(document, "/api/v1/outcomes", report(outcome(key, 0, 52000)));
        assertPostAsDocumented(document, "/api/v1/outcomes", report(outcome(key, 0, 52000)));
    }

    private static void assertPostAsDocumented(OpenApiDocument document, String template, Http.Reply reply) {
        var fields = document.fields(document.schema(template, "post", reply.status()));
        var sent = new java.util.TreeSet<String>();
        reply.json().fieldNames().forEachRemaining(sent::add);
        assertThat(sent).as("the fields of " + reply.body()).containsAll(fields.required())
                .isSubsetOf(fields.properties());
    }

    private static void assertProblem(Http.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        var fields = new ArrayList<String>();
        reply.json().get("errors").forEach(error -> fields.add(error.get("field").textValue()));
        assertThat(fields).contains(field);
    }
}
