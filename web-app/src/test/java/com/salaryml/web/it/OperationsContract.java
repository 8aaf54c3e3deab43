package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.Approvers;
import com.salaryml.web.ModelFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating the deployed WAR: a watched model directory with hot swaps and rollback under load, stages,
 * and request limits. Subclasses name the container.
 */
abstract class OperationsContract {

    static final String REFERENCE = SalaryAppContract.REFERENCE;

    final Http http = new Http();

    @TempDir
    Path models;

    abstract Container container();

    @Test
    void modelDirectoryHotSwapsAndRollsBackWithoutAFailedRequest() throws Exception {
        ModelFiles.publish(models, ModelFiles.model("1.0.0", 0));
        try (Deployment app = container().deploy(Container.builtWar(), "/salary", Map.of(
                "salary.model", models.toString(), "salary.model.poll-ms", "100"))) {
            URI predict = app.base().resolve("api/v1/predict");
            double v1 = salary(http.postJson(predict, REFERENCE).json(), "1.0.0");
            assertThat(v1).isCloseTo(52062.76, within(0.005));
            Map<String, Double> expected = Map.of("1.0.0", v1, "2.0.0", v1 + 1000);

            var stop = new AtomicBoolean();
            var failures = new ConcurrentLinkedQueue<String>();
            var seen = ConcurrentHashMap.<String>newKeySet();
            var requests = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(6);
            var running = new ArrayList<Future<?>>();
            for (int c = 0; c < 6; c++) {
                boolean batch = c % 2 == 1;
                running.add(clients.submit(() -> {
                    String body = batch ? "{\"instances\":[" + REFERENCE + "," + REFERENCE + "," + REFERENCE + "]}"
                            : REFERENCE;
                    while (!stop.get()) {
                        try {
                            var reply = http.postJson(predict, body);
                            requests.incrementAndGet();
                            if (reply.status() != 200) {
                                failures.add("status " + reply.status() + ": " + reply.body());
                                continue;
                            }
                            JsonNode json = reply.json();
                            String version = json.get("model_version").textValue();
                            seen.add(version);
                            if (!version.equals(reply.header("X-Model-Version"))) {
                                failures.add("header " + reply.header("X-Model-Version") + " but body " + version);
                            }
                            Double want = expected.get(version);
                            if (want == null) {
                                failures.add("unexpected version " + version);
                                continue;
                            }
                            Iterable<JsonNode> predictions = batch ? json.get("predictions") : java.util.List.of(json);
                            for (JsonNode prediction : predictions) {
                                if (Math.abs(prediction.get("salary").doubleValue() - want) > 1e-6) {
                                    failures.add(version + " answered " + prediction.get("salary").doubleValue());
                                }
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                    return null;
                }));
            }
            try {
                // v2 is dropped in and served.
                ModelFiles.publish(models, ModelFiles.model("2.0.0", 1000));
                awaitServing(app, "2.0.0");
                // A corrupt v3 is rejected; v2 keeps serving.
                Files.writeString(models.resolve("salary-model-3.0.0.json"), "{\"format\":\"salaryml-model\",\"trunc");
                Thread.sleep(800);
                assertThat(servingVersion(app)).isEqualTo("2.0.0");
                assertThat(http.get(app.base().resolve("health/ready")).status()).isEqualTo(200);
                // Removing v2 rolls back to v1.
                Files.delete(models.resolve("salary-model-2.0.0.json"));
                awaitServing(app, "1.0.0");
                Thread.sleep(300);
            } finally {
                stop.set(true);
                for (Future<?> client : running) {
                    client.get(30, TimeUnit.SECONDS);
                }
                clients.shutdown();
            }
            assertThat(failures).isEmpty();
            assertThat(requests.get()).isGreaterThan(50);
            assertThat(seen).containsExactlyInAnyOrder("1.0.0", "2.0.0");
            JsonNode model = http.get(app.base().resolve("api/v1/model")).json();
            assertThat(model.get("available_versions").toString()).isEqualTo("[\"1.0.0\"]");
        }
    }

    @Test
    void aPinnedVersionIsServedFromTheDirectory() throws Exception {
        ModelFiles.publish(models, ModelFiles.model("1.0.0", 0));
        ModelFiles.publish(models, ModelFiles.model("2.0.0", 1000));
        try (Deployment app = container().deploy(Container.builtWar(), "/salary", Map.of(
                "salary.model", models.toString(), "salary.model.version", "1.0.0"))) {
            assertThat(servingVersion(app)).isEqualTo("1.0.0");
            JsonNode model = http.get(app.base().resolve("api/v1/model")).json();
            assertThat(model.get("available_versions").toString()).isEqualTo("[\"1.0.0\",\"2.0.0\"]");
        }
    }

    @Test
    void outsideProductionThePageShowsTheStageAndErrorsSayMore(@TempDir Path keys) throws Exception {
        Path broken = models.resolve("broken.json");
        Files.writeString(broken, "{}");
        // Staging serves approved models only, as production does: a signed one, and the approver's certificate.
        var approver = Approvers.ed25519(keys, "alice", "Alice Example");
        Path signed = Approvers.publishSigned(models, ModelFiles.model("1.0.0", 0), approver);
        try (Deployment staging = container().deploy(Container.builtWar(), "/salary", Map.of(
                "salary.environment", "staging", "salary.model", signed.toString(),
                "salary.trust", Approvers.pem(keys.resolve("approvers.pem"), approver).toString()))) {
            String page = http.get(staging.base()).body();
            assertThat(page).contains("id=\"stage-banner\"").contains("Staging environment");
            JsonNode model = http.get(staging.base().resolve("api/v1/model")).json();
            assertThat(model.get("environment").textValue()).isEqualTo("staging");
            assertThat(model.get("approval").get("status").textValue()).isEqualTo("approved");
        }
        try (Deployment development = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.environment", "development", "salary.model", broken.toString()))) {
            var ready = http.get(development.base().resolve("health/ready"));
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("reason").textValue()).contains("failed to load");
        }
        try (Deployment production = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.environment", "production", "salary.model", broken.toString()))) {
            assertThat(http.get(production.base()).body()).doesNotContain("stage-banner");
            var ready = http.get(production.base().resolve("health/ready"));
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).doesNotContain("broken.json").doesNotContain("failed to load");
        }
    }

    @Test
    void requestLimitsAreConfigurable() throws Exception {
        try (Deployment app = container().deploy(Container.builtWar(), "/salary", Map.of(
                "salary.max-batch", "2", "salary.max-body-bytes", "2048"))) {
            URI predict = app.base().resolve("api/v1/predict");
            assertThat(http.postJson(predict, "{\"instances\":[" + REFERENCE + "," + REFERENCE + "]}").status())
                    .isEqualTo(200);
            var tooMany = http.postJson(predict, "{\"instances\":[" + REFERENCE + "," + REFERENCE + "," + REFERENCE + "]}");
            SalaryAppContract.assertProblem(tooMany, 413);
            assertThat(tooMany.body()).contains("holds 3 instances; at most 2").contains("salary.max-batch");
            var tooLarge = http.postJson(predict, "{\"instances\":[" + (REFERENCE + ",").repeat(60) + REFERENCE + "]}");
            SalaryAppContract.assertProblem(tooLarge, 413);
            assertThat(tooLarge.body()).contains("2048 bytes");
        }
    }

    @Test
    void aPredictionLogThatCannotWriteLeavesTheAppReadyButDegradedAndSaysWhy(@TempDir Path logs) throws Exception {
        // A log file under a regular file cannot be opened: the app runs without the log, and says so.
        Path notAFolder = Files.writeString(logs.resolve("not-a-folder"), "x");
        try (Deployment app = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.prediction-log", notAFolder.resolve("predictions.jsonl").toString()))) {
            var ready = http.get(app.base().resolve("health/ready"));
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.json().get("status").textValue()).isEqualTo("DEGRADED");
            assertThat(ready.json().get("model_version").textValue()).isEqualTo("1.0.0");
            assertThat(ready.json().get("degraded").get("prediction_log").textValue())
                    .startsWith("it could not be opened at start").doesNotContain("not-a-folder");
            assertThat(http.postJson(app.base().resolve("api/v1/predict"), REFERENCE).status()).isEqualTo(200);
            assertThat(http.get(app.base().resolve("metrics")).body())
                    .containsPattern("(?m)^salary_prediction_log_writing 0(\\.0)?$");
        }
        try (Deployment app = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.prediction-log", logs.resolve("predictions.jsonl").toString()))) {
            var ready = http.get(app.base().resolve("health/ready"));
            assertThat(ready.json().get("status").textValue()).isEqualTo("READY");
            assertThat(ready.json().has("degraded")).isFalse();
            assertThat(http.get(app.base().resolve("metrics")).body())
                    .containsPattern("(?m)^salary_prediction_log_writing 1(\\.0)?$");
        }
    }

    @Test
    void anInvalidSettingLeavesTheAppNotReadyAndNamesIt() throws Exception {
        try (Deployment app = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.environment", "prod"))) {
            assertThat(http.get(app.base().resolve("health/live")).status()).isEqualTo(200);
            assertThat(http.get(app.base().resolve("health/ready")).status()).isEqualTo(503);
        }
    }

    @Test
    void traceIsRefusedAndThereAreNoDirectoryListings() throws Exception {
        try (Deployment app = container().deploy(Container.builtWar(), "/salary", Map.of())) {
            for (String path : new String[] {"", "api/v1/predict", "health/live"}) {
                var trace = http.send(java.net.http.HttpRequest.newBuilder(app.base().resolve(path))
                        .method("TRACE", java.net.http.HttpRequest.BodyPublishers.noBody()));
                // Jetty refuses TRACE itself with 403 before the app sees it; Tomcat and the app answer 405.
                assertThat(trace.status()).as("TRACE %s", path).isIn(403, 405);
                assertThat(trace.body()).doesNotContain("TRACE /");
            }
            for (String directory : new String[] {"META-INF/", "WEB-INF/", "WEB-INF/lib/"}) {
                var listing = http.get(app.base().resolve(directory));
                assertThat(listing.status()).as(directory).isEqualTo(404);
                assertThat(listing.body()).doesNotContain(".jar").doesNotContain("MANIFEST");
            }
        }
    }

    @Test
    void crossOriginCallsAreRefusedUnlessTheOriginIsListed() throws Exception {
        try (Deployment closed = container().deploy(Container.builtWar(), "/salary", Map.of())) {
            var reply = http.send(java.net.http.HttpRequest.newBuilder(closed.base().resolve("api/v1/predict"))
                    .header("Origin", "https://evil.example").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(REFERENCE)));
            assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
        }
        try (Deployment open = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.cors.allowed-origins", "https://hr.example.com"))) {
            URI predict = open.base().resolve("api/v1/predict");
            var preflight = http.send(java.net.http.HttpRequest.newBuilder(predict)
                    .header("Origin", "https://hr.example.com").header("Access-Control-Request-Method", "POST")
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://hr.example.com");
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
            var listed = http.send(java.net.http.HttpRequest.newBuilder(predict)
                    .header("Origin", "https://hr.example.com").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(REFERENCE)));
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo("https://hr.example.com");
            var other = http.send(java.net.http.HttpRequest.newBuilder(predict)
                    .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    private double salary(JsonNode json, String version) {
        assertThat(json.get("model_version").textValue()).isEqualTo(version);
        return json.get("salary").doubleValue();
    }

    private String servingVersion(Deployment app) throws Exception {
        var reply = http.get(app.base().resolve("health/ready"));
        return reply.status() == 200 ? reply.json().get("model_version").textValue() : null;
    }

    private void awaitServing(Deployment app, String version) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!version.equals(servingVersion(app))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("version " + version + " was not served within 20 s; serving "
                        + servingVersion(app));
            }
            Thread.sleep(50);
        }
    }

}
