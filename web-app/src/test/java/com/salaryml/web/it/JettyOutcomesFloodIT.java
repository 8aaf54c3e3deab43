package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.web.metrics.Samples;
import java.io.BufferedWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcome index, the memory of given outcomes and the reading back at start stay within their bounds under a
 * flood, in an app with a small heap (-Xmx128m) in a JVM of its own: batches of predictions at the batch limit,
 * far more than the prediction log's queue or the index hold, then batches of outcomes; then a restart on the
 * same files with an outcomes file of 600,000 lines, whose keys alone once took more than that heap.
 */
class JettyOutcomesFloodIT {

    private static final int MAX_BATCH = 5000;
    private static final int INDEX = 20_000;
    private static final int PREDICT_REQUESTS = 24;
    /**
     * The prediction log's queue, in records. The log takes a batch only while it needs at most half of the room
     * left beside the tenth kept for single predictions, so a batch at the limit is taken only when the queue is
     * nearly empty: a flood is partly taken, partly dropped, as the writer keeps up.
     */
    private static final int QUEUE = 12_000;
    /** Newest logged predictions left without an outcome, to be given one after the restart. */
    private static final int KEPT_FOR_AFTER = 10;

    @TempDir
    Path dir;

    final Http http = new Http();
    final ObjectMapper json = new ObjectMapper();
    Process child;

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
    }

    /** Starts the app in a JVM of its own with a 128 MiB heap; its output goes to a file of the test's. */
    private URI start(String name) throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        var settings = new TreeMap<String, String>(Map.of(
                "salary.environment", "development",
                "salary.prediction-log", log.toString(),
                "salary.prediction-log.max-bytes", String.valueOf(8 * 1024 * 1024),
                "salary.prediction-log.files", "2",
                "salary.prediction-log.queue", String.valueOf(QUEUE),
                "salary.max-batch", String.valueOf(MAX_BATCH),
                "salary.outcome-index", String.valueOf(INDEX),
                "salary.outcome-log.max-bytes", String.valueOf(1024 * 1024),
                "salary.outcome-log.files", "3",
                "salary.war", Container.builtWar().toString()));
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path")));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(ChildServer.class.getName());
        Path out = dir.resolve(name + ".out");
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            for (String line : Files.exists(out) ? Files.readAllLines(out) : List.<String>of()) {
                if (line.startsWith(ChildServer.LISTENING)) {
                    return URI.create("http://127.0.0.1:" + line.substring(ChildServer.LISTENING.length()).strip()
                            + "/salary/");
                }
            }
            assertThat(child.isAlive()).as("the app is starting: " + Files.readString(out)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the app did not start within 90 seconds: " + Files.readString(out));
    }

    private void assertAlive(String name) throws Exception {
        assertThat(child.isAlive()).as("the app is still running: " + Files.readString(dir.resolve(name + ".out")))
                .isTrue();
    }

    /** One request's answer: its outcome key and how many instances it predicted. */
    private record Answered(String key, int instances) {
    }

    @Test
    void aFloodKeepsTheAppAnsweringWithinItsBoundsAndARestartOnItsFilesServes() throws Exception {
        URI app = start("first");
        String batch = batchOf(MAX_BATCH);

        // Two callers flooding predictions at the batch limit: 120,000 instances for a queue of 12,000 and an
        // index of 20,000.
        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<Answered> answered = new ArrayList<>();
        try {
            var futures = new ArrayList<Future<Answered>>();
            for (int i = 0; i < PREDICT_REQUESTS; i++) {
                futures.add(callers.submit(() -> {
                    Http.Reply reply = http.postJson(app.resolve("api/v1/predict"), batch);
                    assertThat(reply.status()).as(reply.body().length() > 300 ? reply.body().substring(0, 300)
                            : reply.body()).isEqualTo(200);
                    JsonNode answer = json.readTree(reply.body());
                    return new Answered(answer.get("outcome_key").textValue(), answer.get("predictions").size());
                }));
            }
            for (Future<Answered> future : futures) {
                answered.add(future.get());
            }
        } finally {
            callers.shutdownNow();
        }
        assertAlive("first");
        long offered = answered.stream().mapToInt(Answered::instances).sum();
        assertThat(offered).isEqualTo((long) PREDICT_REQUESTS * MAX_BATCH);

        // Every instance offered to the log is either dropped, and counted, or held in the index, or left it.
        Samples flooded = metrics(app);
        double dropped = flooded.total("salary_prediction_log_dropped_total");
        double held = flooded.value("salary_outcome_index_predictions");
        double left = flooded.value("salary_outcome_index_left_total");
        assertThat(offered - dropped).as("the log took more than the index holds, so the index had to let go")
                .isGreaterThan(INDEX);
        assertThat(held).isEqualTo(Math.min(INDEX, offered - dropped));
        assertThat(held + left + dropped).isEqualTo(offered);
        assertReady(app);

        // The newest logged predictions are the ones the index holds: their outcomes are taken, in batches at the
        // limit from two callers, all but a few kept for after the restart.
        List<String> logged = awaitLogged((long) (offered - dropped));
        List<String> newest = logged.subList(logged.size() - (int) held, logged.size());
        List<String> reported = newest.subList(0, newest.size() - KEPT_FOR_AFTER);
        List<String> keptForAfter = newest.subList(newest.size() - KEPT_FOR_AFTER, newest.size());
        callers = Executors.newFixedThreadPool(2);
        try {
            var futures = new ArrayList<Future<Http.Reply>>();
            for (int from = 0; from < reported.size(); from += MAX_BATCH) {
                List<String> part = reported.subList(from, Math.min(reported.size(), from + MAX_BATCH));
                futures.add(callers.submit(() -> http.postJson(app.resolve("api/v1/outcomes"), outcomes(part, 52000))));
            }
            for (Future<Http.Reply> future : futures) {
                Http.Reply reply = future.get();
                assertThat(reply.status()).as(reply.body().length() > 300 ? reply.body().substring(0, 300)
                        : reply.body()).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        // One that left the index, and one given before, are refused alike.
        if (logged.size() > held) {
            Http.Reply gone = http.postJson(app.resolve("api/v1/outcomes"), outcomes(List.of(logged.get(0)), 1));
            assertThat(gone.status()).as(gone.body()).isEqualTo(422);
        }
        Http.Reply again = http.postJson(app.resolve("api/v1/outcomes"), outcomes(reported.subList(0, 1), 1));
        assertThat(again.status()).as(again.body()).isEqualTo(422);
        assertAlive("first");
        Samples after = metrics(app);
        assertThat(after.value("salary_outcomes_total", "model_version", "1.0.0")).isEqualTo(reported.size());
        assertThat(after.value("salary_outcome_index_predictions")).isLessThanOrEqualTo(INDEX);
        assertReady(app);

        // Stopped, and an outcomes file of 600,000 lines beside it: about 80 MB, whose keys as they were once
        // held (some 243 bytes each) are more than the whole heap.
        child.destroy();
        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the app stopped").isTrue();
        seedOutcomes(dir.resolve("predictions.jsonl.outcomes"), 600_000);

        URI restarted = start("second");
        assertReady(restarted);
        Http.Reply repeated = http.postJson(restarted.resolve("api/v1/outcomes"),
                outcomes(reported.subList(reported.size() - 1, reported.size()), 1));
        assertThat(repeated.status()).as("given before the restart: " + repeated.body()).isEqualTo(422);
        Http.Reply kept = http.postJson(restarted.resolve("api/v1/outcomes"), outcomes(keptForAfter, 53000));
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        Http.Reply predicted = http.postJson(restarted.resolve("api/v1/predict"), SalaryAppContract.REFERENCE);
        assertThat(predicted.status()).isEqualTo(200);
        Samples restartedMetrics = metrics(restarted);
        assertThat(restartedMetrics.value("salary_outcome_index_predictions")).isBetween(1.0, (double) INDEX);
        assertAlive("second");
    }

    private static String batchOf(int instances) {
        var all = new ArrayList<String>(instances);
        for (int i = 0; i < instances; i++) {
            all.add("{\"experience\":" + i % 11 + ",\"test_score\":" + (5 + i % 5) + ",\"interview_score\":"
                    + (5 + i % 6) + "}");
        }
        return "{\"instances\":[" + String.join(",", all) + "]}";
    }

    /** An outcomes batch for logged lines given as {@code key index}. */
    private static String outcomes(List<String> keysAndIndexes, double actual) {
        var all = new ArrayList<String>(keysAndIndexes.size());
        for (String keyAndIndex : keysAndIndexes) {
            String[] parts = keyAndIndex.split(" ");
            all.add("{\"outcome_key\":\"" + parts[0] + "\",\"index\":" + parts[1] + ",\"actual\":" + actual + "}");
        }
        return "{\"outcomes\":[" + String.join(",", all) + "]}";
    }

    private Samples metrics(URI app) throws Exception {
        Http.Reply reply = http.get(app.resolve("metrics"));
        assertThat(reply.status()).isEqualTo(200);
        return Samples.parse(reply.body());
    }

    private void assertReady(URI app) throws Exception {
        Http.Reply ready = http.get(app.resolve("health/ready"));
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().get("status").textValue()).isEqualTo("READY");
    }

    /**
     * The key and index of every line the prediction log still holds, oldest first, once its writer has written
     * all it took: the files stop growing. {@code taken} lines were taken; rotation has deleted the oldest.
     */
    private List<String> awaitLogged(long taken) throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        List<Path> files = List.of(log.resolveSibling("predictions.jsonl.2"), log.resolveSibling("predictions.jsonl.1"),
                log);
        long size = -1;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            long now = 0;
            for (Path file : files) {
                now += Files.exists(file) ? Files.size(file) : 0;
            }
            if (now == size) {
                break;
            }
            assertThat(Instant.now()).as("the prediction log settles").isBefore(deadline);
            size = now;
            Thread.sleep(500);
        }
        var lines = new ArrayList<String>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    JsonNode read = json.readTree(line);
                    lines.add(read.get("outcome_key").textValue() + " " + read.get("index").intValue());
                }
            }
        }
        assertThat((long) lines.size()).as("lines logged, at most those taken").isLessThanOrEqualTo(taken)
                .isGreaterThanOrEqualTo(Math.min(taken, INDEX));
        return lines;
    }

    /** Appends {@code count} outcomes of keys never issued, as an outcomes file grown without bound would hold. */
    private static void seedOutcomes(Path file, int count) throws Exception {
        var random = new SecureRandom();
        byte[] bytes = new byte[16];
        var counted = new AtomicLong();
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < count; i++) {
                random.nextBytes(bytes);
                writer.write("{\"record_version\":2,\"time\":\"2026-12-01T10:00:00Z\",\"outcome_key\":\""
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
                        + "\",\"index\":0,\"actual\":52000.0,\"model_version\":\"1.0.0\"}\n");
                counted.incrementAndGet();
            }
        }
        assertThat(counted.get()).isEqualTo(count);
    }
}
