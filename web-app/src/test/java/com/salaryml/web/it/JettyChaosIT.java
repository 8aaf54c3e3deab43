package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.web.metrics.Samples;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.web.ModelFiles;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20,000 mixed requests (page, single, batch and V2) from 32 threads while a new model version is published
 * every 50 ms and old ones are removed, with the prediction log on. Passes only if no request fails, every
 * answer equals what the version it names predicts (recomputed here from that version's known shift), and
 * the log holds exactly one record per prediction: none lost, none twice.
 */
class JettyChaosIT {

    static final int REQUESTS = 20_000;
    static final int THREADS = 32;
    static final int BATCH = 4;

    /** Version n.0.0 predicts the shipped model's value plus n × 100. */
    static double shift(String version) {
        return Integer.parseInt(version.substring(0, version.indexOf('.'))) * 100.0;
    }

    @TempDir
    Path models;

    @TempDir
    Path logs;

    final Http http = new Http();
    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void mixedLoadWithSwapsEvery50MillisecondsLosesNothingAndMixesNothing() throws Exception {
        ModelFiles.publish(models, ModelFiles.model("1.0.0", 100));
        Path log = logs.resolve("predictions.jsonl");
        Deployment app = new JettyContainer().deploy(Container.builtWar(), "/salary", Map.of(
                "salary.model", models.toString(), "salary.model.poll-ms", "50",
                "salary.prediction-log", log.toString(), "salary.prediction-log.queue", "1000000",
                "salary.prediction-log.max-bytes", "1000000000"));
        double base;
        var failures = new ConcurrentLinkedQueue<String>();
        var instancesById = new ConcurrentHashMap<String, Integer>();
        var seenVersions = ConcurrentHashMap.<String>newKeySet();
        try {
            base = http.postJson(app.base().resolve("api/v1/predict"), SalaryAppContract.REFERENCE).json()
                    .get("salary").doubleValue() - shift("1.0.0");
            var stop = new AtomicBoolean();
            Thread publisher = new Thread(() -> publishEvery50Milliseconds(stop, failures));
            publisher.start();
            var next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            var running = new ArrayList<Future<?>>();
            for (int t = 0; t < THREADS; t++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                        String id = "chaos-" + i;
                        try {
                            int instances = request(app.base(), i % 4, id, base, failures, seenVersions);
                            if (instances > 0) {
                                instancesById.put(id, instances);
                            }
                        } catch (Exception e) {
                            failures.add(id + ": " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(10, TimeUnit.MINUTES);
            }
            clients.shutdown();
            stop.set(true);
            publisher.join();
            String metrics = http.get(app.base().resolve("metrics")).body();
            assertThat(Samples.parse(metrics).total("salary_prediction_log_dropped_total")).isZero();
        } finally {
            // Stopping the app closes the log, which writes out everything still queued.
            app.close();
        }
        assertThat(failures).as("failed or wrong answers").isEmpty();
        assertThat(instancesById).hasSize(REQUESTS);
        assertThat(seenVersions.size()).as("versions served during the run").isGreaterThan(3);

        Map<String, Integer> logged = new HashMap<>();
        Map<String, java.util.Set<Integer>> indexes = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode record = mapper.readTree(line);
            String id = record.get("request_id").textValue();
            if (!id.startsWith("chaos-")) {
                continue;
            }
            logged.merge(id, 1, Integer::sum);
            assertThat(indexes.computeIfAbsent(id, k -> new java.util.HashSet<>()).add(record.get("index").intValue()))
                    .as("record %s #%d written twice", id, record.get("index").intValue()).isTrue();
            double expected = base + shift(record.get("model_version").textValue());
            assertThat(Math.abs(record.get("output").get("salary").doubleValue() - expected)).isLessThan(1e-6);
        }
        assertThat(logged).as("one log record per prediction").isEqualTo(instancesById);
    }

    /** One request of the given kind; returns how many predictions it made. */
    private int request(URI base, int kind, String id, double reference, ConcurrentLinkedQueue<String> failures,
                        java.util.Set<String> versions) throws Exception {
        String single = SalaryAppContract.REFERENCE;
        switch (kind) {
            case 0 -> {
                var reply = http.send(HttpRequest.newBuilder(base.resolve("?experience=2&test_score=9&interview_score=6"))
                        .header("X-Request-Id", id).GET());
                if (reply.status() != 200) {
                    failures.add(id + " page: " + reply.status());
                    return 0;
                }
                Matcher version = Pattern.compile("Model salary version ([0-9.]+)").matcher(reply.body());
                Matcher estimate = Pattern.compile("id=\"estimate\">\\$([0-9,.]+)<").matcher(reply.body());
                if (!version.find() || !estimate.find()) {
                    failures.add(id + " page without an estimate");
                    return 0;
                }
                versions.add(version.group(1));
                double shown = Double.parseDouble(estimate.group(1).replace(",", ""));
                check(id, version.group(1), shown, reference, 0.005, failures);
                return 1;
            }
            case 1, 2 -> {
                boolean batch = kind == 2;
                String body = batch ? "{\"instances\":[" + String.join(",", java.util.Collections.nCopies(BATCH, single))
                        + "]}" : single;
                var reply = http.send(HttpRequest.newBuilder(base.resolve("api/v1/predict"))
                        .header("Content-Type", "application/json").header("X-Request-Id", id)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                if (reply.status() != 200) {
                    failures.add(id + " v1: " + reply.status() + " " + reply.body());
                    return 0;
                }
                JsonNode json = reply.json();
                String version = json.get("model_version").textValue();
                versions.add(version);
                if (!version.equals(reply.header("X-Model-Version"))) {
                    failures.add(id + " header " + reply.header("X-Model-Version") + " but body " + version);
                }
                List<JsonNode> predictions = new ArrayList<>();
                if (batch) {
                    json.get("predictions").forEach(predictions::add);
                } else {
                    predictions.add(json);
                }
                for (JsonNode prediction : predictions) {
                    check(id, version, prediction.get("salary").doubleValue(), reference, 1e-6, failures);
                }
                return predictions.size();
            }
            default -> {
                String body = "{\"id\":\"" + id + "\",\"inputs\":["
                        + "{\"name\":\"experience\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[2,2]},"
                        + "{\"name\":\"test_score\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[9,9]},"
                        + "{\"name\":\"interview_score\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[6,6]}]}";
                var reply = http.send(HttpRequest.newBuilder(base.resolve("v2/models/salary/infer"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
                if (reply.status() != 200) {
                    failures.add(id + " v2: " + reply.status() + " " + reply.body());
                    return 0;
                }
                JsonNode json = reply.json();
                String version = json.get("model_version").textValue();
                versions.add(version);
                JsonNode data = json.get("outputs").get(0).get("data");
                for (JsonNode value : data) {
                    check(id, version, value.doubleValue(), reference, 1e-6, failures);
                }
                return data.size();
            }
        }
    }

    private static void check(String id, String version, double answer, double reference, double tolerance,
                              ConcurrentLinkedQueue<String> failures) {
        double expected = reference + shift(version);
        if (Math.abs(answer - expected) > tolerance) {
            failures.add(id + ": version " + version + " answered " + answer + ", expected " + expected);
        }
    }

    /** Publishes version 2, 3, 4, … every 50 ms, keeping the newest three files, so swaps and rollbacks mix. */
    private void publishEvery50Milliseconds(AtomicBoolean stop, ConcurrentLinkedQueue<String> failures) {
        var published = new ArrayList<Path>();
        published.add(models.resolve("salary-model-1.0.0.json"));
        int version = 2;
        try {
            while (!stop.get()) {
                Thread.sleep(50);
                published.add(ModelFiles.publish(models, ModelFiles.model(version + ".0.0", version * 100.0)));
                version++;
                if (published.size() > 3) {
                    Files.deleteIfExists(published.remove(0));
                }
            }
        } catch (Exception e) {
            failures.add("publisher: " + e);
        }
    }
}
