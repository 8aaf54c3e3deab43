package com.salaryml.web.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.Approvals;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.config.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2026-11-27T10:15:30.123Z");
    private static final Map<String, Double> REFERENCE = Map.of("experience", 2.0, "test_score", 9.0,
            "interview_score", 6.0);

    /** Only a watchdog, so a hang fails the test instead of stalling the build; nothing is timed. */
    private static final long WATCHDOG_SECONDS = 60;

    private static Predictor model;

    @TempDir
    Path dir;

    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger restarts = new AtomicInteger();
    /** Counts into {@link #drops} and {@link #restarts}; {@link #restarted} opens at the first restart. */
    private final CountDownLatch restarted = new CountDownLatch(1);
    private final PredictionLog.Meter meter = new PredictionLog.Meter() {
        @Override
        public void dropped(DropReason reason, int records) {
            drops.addAndGet(records);
        }

        @Override
        public void writerRestarted() {
            restarts.incrementAndGet();
            restarted.countDown();
        }
    };

    @BeforeAll
    static void loadTheModel() throws Exception {
        try (var in = PredictionLogTest.class.getResourceAsStream("/models/salary-model-1.0.0.json")) {
            model = ModelFormat.read(in.readAllBytes(), "salary-model-1.0.0.json");
        }
    }

    private static AppConfig config(Path log, long maxBytes, int files, int queue) {
        return new AppConfig(Optional.empty(), Optional.empty(), Duration.ofSeconds(2), Stage.PRODUCTION, 1 << 20,
                10_000, Optional.of(log), maxBytes, files, queue, java.util.Set.of(), Optional.empty(), 10_000,
                Duration.ofHours(24), 0.2, 0.01, Optional.empty(), 1000, 100_000, Duration.ofDays(90),
                64L * 1024 * 1024, 5, false, 0.5, Optional.empty());
    }

    private static AppConfig config(Path log) {
        return config(log, 64L * 1024 * 1024, 5, 10_000);
    }

    /** An event of {@code rows} predictions of the reference instance with experience 0, 1, 2, … */
    private static PredictionEvent event(String requestId, int rows) {
        var inputs = new ArrayList<Map<String, Double>>();
        var predictions = new ArrayList<Prediction>();
        for (int i = 0; i < rows; i++) {
            var input = Map.of("experience", (double) (i % 50), "test_score", 9.0, "interview_score", 6.0);
            inputs.add(input);
            predictions.add(model.predict(input));
        }
        return new PredictionEvent(TIME, "v1", requestId, model.metadata(), Approvals.APPROVED, inputs, predictions);
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        return lines(Files.readString(file));
    }

    private static List<JsonNode> lines(String text) throws IOException {
        var lines = new ArrayList<JsonNode>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(text).as("every record ends its line").endsWith(text.isEmpty() ? "" : "\n");
        return lines;
    }

    private PredictionLog open(Path file, AppConfig config) {
        return PredictionLog.open(file, config, meter);
    }

    // ---------------------------------------------------------------- what a record holds

    @Test
    void eachInstanceIsOneLineWithInputsOutputAndModel() throws IOException {
        Path file = dir.resolve("predictions.jsonl");
        Prediction reference = model.predict(REFERENCE);
        var out = Map.of("experience", 30.0, "test_score", 9.0, "interview_score", 6.0);
        Prediction outside = model.predict(out);
        try (PredictionLog log = open(file, config(file))) {
            log.predicted(new PredictionEvent(TIME, "v2", "req-1", new com.salaryml.web.serving.OutcomeKey(17, 18),
                    model.metadata(), Approvals.APPROVED, List.of(REFERENCE, out), List.of(reference, outside)));
        }

        List<JsonNode> lines = lines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("record_version", "time", "request_id",
                "outcome_key", "endpoint", "model_name", "model_version", "approval", "index", "inputs", "output",
                "warnings");
        assertThat(first.get("record_version").intValue()).isEqualTo(2);
        assertThat(first.get("outcome_key").textValue()).isEqualTo(new com.salaryml.web.serving.OutcomeKey(17, 18).text());
        assertThat(first.get("time").textValue()).isEqualTo("2026-11-27T10:15:30.123Z");
        assertThat(first.get("request_id").textValue()).isEqualTo("req-1");
        assertThat(first.get("endpoint").textValue()).isEqualTo("v2");
        assertThat(first.get("model_name").textValue()).isEqualTo("salary");
        assertThat(first.get("model_version").textValue()).isEqualTo("1.0.0");
        JsonNode approval = first.get("approval");
        assertThat(approval.fieldNames()).toIterable()
                .containsExactly("status", "signer", "key_fingerprint", "signed_at", "model_sha256");
        assertThat(approval.get("status").textValue()).isEqualTo("approved");
        assertThat(approval.get("signer").textValue()).isEqualTo("CN=Alice Example,OU=Data Science,O=Example Org");
        assertThat(approval.get("key_fingerprint").textValue()).isEqualTo("sha256:" + "fedcba9876543210".repeat(4));
        assertThat(approval.get("signed_at").textValue()).isEqualTo("2026-11-29T10:15:30Z");
        assertThat(approval.get("model_sha256").textValue()).isEqualTo(Approvals.SHA256);
        assertThat(first.get("index").intValue()).isZero();
        assertThat(first.get("inputs").fieldNames()).toIterable()
                .containsExactly("experience", "test_score", "interview_score");
        assertThat(first.get("inputs").get("experience").doubleValue()).isEqualTo(2.0);
        assertThat(first.get("inputs").get("test_score").doubleValue()).isEqualTo(9.0);
        assertThat(first.get("inputs").get("interview_score").doubleValue()).isEqualTo(6.0);
        JsonNode output = first.get("output");
        assertThat(output.fieldNames()).toIterable()
                .containsExactly("salary", "interval", "baseline", "contributions");
        assertThat(output.get("salary").doubleValue()).isEqualTo(reference.value()).isBetween(52062.755, 52062.765);
        assertThat(output.get("interval").get("level").doubleValue()).isEqualTo(0.95);
        assertThat(output.get("interval").get("low").doubleValue()).isEqualTo(reference.interval().low());
        assertThat(output.get("interval").get("high").doubleValue()).isEqualTo(reference.interval().high());
        assertThat(output.get("baseline").doubleValue()).isEqualTo(reference.baseline());
        assertThat(output.get("contributions").fieldNames()).toIterable()
                .containsExactly("experience", "test_score", "interview_score");
        assertThat(output.get("contributions").get("test_score").doubleValue())
                .isEqualTo(reference.contributions().get(1).amount());
        assertThat(first.get("warnings").isArray()).isTrue();
        assertThat(first.get("warnings")).isEmpty();

        JsonNode second = lines.get(1);
        assertThat(second.get("index").intValue()).isEqualTo(1);
        assertThat(second.get("request_id").textValue()).isEqualTo("req-1");
        assertThat(second.get("output").get("salary").doubleValue()).isEqualTo(outside.value());
        assertThat(second.get("warnings")).hasSize(1);
        assertThat(second.get("warnings").get(0).get("feature").textValue()).isEqualTo("experience");
        assertThat(second.get("warnings").get(0).get("message").textValue())
                .isEqualTo(outside.warnings().get(0).message());
        assertThat(drops).hasValue(0);
    }

    @Test
    void aPredictionWithoutAnIntervalIsLoggedWithNull() throws IOException {
        Path file = dir.resolve("predictions.jsonl");
        Prediction reference = model.predict(REFERENCE);
        var noInterval = new Prediction(reference.value(), null, "ridge models have no exact interval",
                reference.baseline(), reference.contributions(), reference.warnings(), "salary", "1.0.0");
        try (PredictionLog log = open(file, config(file))) {
            log.predicted(new PredictionEvent(TIME, "page", "req-2", model.metadata(), Approvals.UNSIGNED,
                    List.of(REFERENCE), List.of(noInterval)));
        }

        JsonNode line = lines(file).get(0);
        // An unsigned model (development) is said to be one, without the API's note on every line.
        assertThat(line.get("approval").toString())
                .isEqualTo("{\"status\":\"unsigned\",\"model_sha256\":\"" + Approvals.SHA256 + "\"}");
        JsonNode output = line.get("output");
        assertThat(output.has("interval")).isTrue();
        assertThat(output.get("interval").isNull()).isTrue();
    }

    // ---------------------------------------------------------------- files

    @Test
    void parentFoldersAreCreatedAndAnExistingFileIsAppendedTo() throws IOException {
        Path file = dir.resolve("a/b/c/predictions.jsonl");
        try (PredictionLog log = open(file, config(file))) {
            log.predicted(event("first", 1));
        }
        try (PredictionLog log = open(file, config(file))) {
            log.predicted(event("second", 2));
        }

        assertThat(lines(file)).extracting(line -> line.get("request_id").textValue())
                .containsExactly("first", "second", "second");
    }

    @Test
    void aLineCutShortByAFailedDiskDoesNotSpoilTheNextOne() throws IOException {
        Path file = dir.resolve("predictions.jsonl");
        Files.writeString(file, "{\"time\":\"2026-11-27T10:00:00Z\",\"request_id\":\"cut");
        try (PredictionLog log = open(file, config(file))) {
            log.predicted(event("after", 1));
        }

        List<String> text = Files.readAllLines(file);
        assertThat(text).hasSize(2);
        assertThat(JSON.readTree(text.get(1)).get("request_id").textValue()).isEqualTo("after");
    }

    @Test
    void theFileRotatesBySizeKeepingTheConfiguredNumberOfFiles() throws IOException {
        Path file = dir.resolve("predictions.jsonl");
        long maxBytes = 2000;   // a record is 400 to 600 bytes
        int records = 40;
        try (PredictionLog log = open(file, config(file, maxBytes, 2, 10_000))) {
            log.predicted(event("rotation", records));
        }

        assertThat(file.resolveSibling("predictions.jsonl.1")).exists();
        assertThat(file.resolveSibling("predictions.jsonl.2")).exists();
        assertThat(file.resolveSibling("predictions.jsonl.3")).doesNotExist();
        for (String rotated : List.of("predictions.jsonl.1", "predictions.jsonl.2")) {
            Path path = file.resolveSibling(rotated);
            // A file rotates with the record that takes it to the size: below it before that record, not after.
            List<String> text = Files.readAllLines(path);
            long lastLine = text.get(text.size() - 1).getBytes(StandardCharsets.UTF_8).length + 1;
            assertThat(Files.size(path)).as(rotated).isGreaterThanOrEqualTo(maxBytes);
            assertThat(Files.size(path) - lastLine).as(rotated).isLessThan(maxBytes);
            assertThat(lines(path)).as(rotated).hasSizeGreaterThan(1);
        }
        assertThat(Files.size(file)).isLessThan(maxBytes);
        // Oldest first: .2, .1, then the current file, with no record missing in between.
        var kept = new ArrayList<Integer>();
        for (Path path : List.of(file.resolveSibling("predictions.jsonl.2"), file.resolveSibling("predictions.jsonl.1"),
                file)) {
            lines(path).forEach(line -> kept.add(line.get("index").intValue()));
        }
        assertThat(kept).last().isEqualTo(records - 1);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i)).isEqualTo(kept.get(i - 1) + 1);
        }
        assertThat(drops).hasValue(0);
    }

    // ---------------------------------------------------------------- never blocking, never losing silently

    @Test
    void aRequestIsTakenOrRefusedWholeAndABatchTakesAtMostHalfTheRoomLeft() throws Exception {
        var disk = new StuckDisk();
        // 16 records of room, one of them kept for single predictions.
        PredictionLog log = PredictionLog.open(dir.resolve("predictions.jsonl"), config(dir.resolve("x"), 1 << 20, 1, 16),
                meter, path -> disk);
        log.predicted(event("first", 1));
        // The writer has handed the first record to the file and is stuck flushing it, with the queue empty.
        assertThat(disk.entered.await(WATCHDOG_SECONDS, TimeUnit.SECONDS)).isTrue();

        // predicted() never waits for room, whatever it decides.
        assertTimeoutPreemptively(Duration.ofSeconds(WATCHDOG_SECONDS), () -> {
            log.predicted(event("eight", 8));   // 8 > (16 - 1) / 2: refused whole, though 15 places are free
            log.predicted(event("five", 5));    // 5 <= (16 - 1) / 2: taken; 11 free
            log.predicted(event("four", 4));    // 4 <= (11 - 1) / 2: taken; 7 free
            log.predicted(event("four-b", 4));  // 4 > (7 - 1) / 2: refused whole
            log.predicted(event("three", 3));   // 3 <= (7 - 1) / 2: taken; 4 free, the reserve and 3 more
            log.predicted(event("two", 2));     // 2 > (4 - 1) / 2: refused; batches never reach the reserve
            for (int i = 0; i < 4; i++) {
                log.predicted(event("single-" + i, 1));   // single predictions take the last places
            }
            log.predicted(event("single-4", 1));   // no room at all
        });
        assertThat(drops).hasValue(8 + 4 + 2 + 1);

        disk.release.countDown();
        log.close();
        List<JsonNode> written = lines(disk.text());
        assertThat(written).extracting(line -> line.get("request_id").textValue() + "/" + line.get("index"))
                .containsExactly("first/0", "five/0", "five/1", "five/2", "five/3", "five/4", "four/0", "four/1",
                        "four/2", "four/3", "three/0", "three/1", "three/2", "single-0/0", "single-1/0",
                        "single-2/0", "single-3/0");
        assertThat(drops).hasValue(15);
    }

    @Test
    void aFloodOfBatchesNeverCrowdsOutSinglePredictions() throws Exception {
        var disk = new StuckDisk();
        int capacity = 1000;
        PredictionLog log = PredictionLog.open(dir.resolve("predictions.jsonl"),
                config(dir.resolve("x"), 1 << 30, 1, capacity), meter, path -> disk);
        log.predicted(event("first", 1));
        // The writer is stuck flushing: nothing leaves the queue until the test lets the disk go.
        assertThat(disk.entered.await(WATCHDOG_SECONDS, TimeUnit.SECONDS)).isTrue();

        int flooders = 3;
        int batches = 20;
        int batchSize = 200;
        int singles = 40;
        PredictionEvent batch = event("flood", batchSize);
        var start = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int f = 0; f < flooders; f++) {
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < batches; i++) {
                    log.predicted(batch);
                }
            }));
        }
        // The genuine single predictions come from two threads of their own, amid the flood.
        for (int t = 0; t < 2; t++) {
            int first = t * singles / 2;
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int i = first; i < first + singles / 2; i++) {
                    log.predicted(event("single-" + i, 1));
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(WATCHDOG_SECONDS));
            assertThat(thread.isAlive()).as("a thread still predicting").isFalse();
        }
        int droppedInTheFlood = drops.get();

        disk.release.countDown();
        log.close();
        List<JsonNode> written = lines(disk.text());
        var singlesWritten = written.stream().map(line -> line.get("request_id").textValue())
                .filter(id -> id.startsWith("single-")).toList();
        long batchRecordsWritten = written.stream().filter(line -> line.get("request_id").textValue().equals("flood"))
                .count();
        assertThat(singlesWritten).as("every single prediction is logged").hasSize(singles).doesNotHaveDuplicates();
        assertThat(droppedInTheFlood).as("the flood was more than the queue holds").isPositive();
        assertThat(batchRecordsWritten % batchSize).as("batches are logged whole").isZero();
        assertThat(batchRecordsWritten + drops.get()).as("every batch record is written or counted")
                .isEqualTo((long) flooders * batches * batchSize);
        assertThat(drops).hasValue(droppedInTheFlood);
    }

    @Test
    void closeWritesEverythingQueuedFirst() throws IOException {
        Path file = dir.resolve("predictions.jsonl");
        PredictionLog log = open(file, config(file));
        for (int i = 0; i < 30; i++) {
            log.predicted(event("batch-" + i, 300));
        }
        log.close();

        assertThat(lines(file)).hasSize(30 * 300);
        assertThat(drops).hasValue(0);
        // After close nothing more is written, and what arrives is counted as dropped.
        log.predicted(event("late", 2));
        log.close();
        assertThat(lines(file)).hasSize(30 * 300);
        assertThat(drops).hasValue(2);
    }

    @Test
    void aFailingDiskNeverFailsTheCallerAndItsLossesAreCounted() throws Exception {
        var lost = new CountDownLatch(1);
        var good = new ByteArrayOutputStream();
        var opens = new AtomicInteger();
        var broken = new BrokenDisk();
        PredictionLog log = PredictionLog.open(dir.resolve("predictions.jsonl"), config(dir.resolve("x")),
                new PredictionLog.Meter() {
                    @Override
                    public void dropped(DropReason reason, int records) {
                        assertThat(reason).isEqualTo(DropReason.WRITE_FAILED);
                        drops.addAndGet(records);
                        lost.countDown();
                    }

                    @Override
                    public void writerRestarted() {
                        restarts.incrementAndGet();
                    }
                }, path -> opens.getAndIncrement() == 0 ? broken : good);
        assertThat(log.problem()).isEmpty();

        log.predicted(event("lost", 1));
        assertThat(lost.await(WATCHDOG_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(drops).hasValue(1);
        assertThat(log.problem()).hasValueSatisfying(problem -> assertThat(problem).startsWith("writing it failed"));
        // The broken file is not left open, though its last flush failed.
        assertThat(broken.closed).isTrue();

        // The disk works again: the next records are written to a file opened anew.
        log.predicted(event("kept", 2));
        log.close();
        assertThat(opens).hasValue(2);
        assertThat(lines(good.toString(StandardCharsets.UTF_8)))
                .extracting(line -> line.get("request_id").textValue()).containsExactly("kept", "kept");
        assertThat(drops).hasValue(1);
        assertThat(log.problem()).as("a flush succeeded since").isEmpty();
        assertThat(restarts).as("a failing disk does not kill the writer").hasValue(0);
    }

    @Test
    void aWriterThatDiesOfAnErrorIsReplacedCountedAndItsRecordsCountedAsDropped() throws Exception {
        var good = new ByteArrayOutputStream();
        var opens = new AtomicInteger();
        PredictionLog log = PredictionLog.open(dir.resolve("predictions.jsonl"), config(dir.resolve("x")), meter,
                path -> opens.getAndIncrement() == 0 ? new DyingDisk() : good);
        Thread first = log.writer();

        // Three records reach the file's buffer; flushing them kills the writer.
        log.predicted(event("lost", 3));
        assertThat(restarted.await(WATCHDOG_SECONDS, TimeUnit.SECONDS)).isTrue();
        first.join(TimeUnit.SECONDS.toMillis(WATCHDOG_SECONDS));
        assertThat(first.isAlive()).as("the first writer died").isFalse();
        assertThat(log.writer()).isNotSameAs(first);
        assertThat(log.writer().isAlive()).as("another took its place").isTrue();
        assertThat(restarts).hasValue(1);
        assertThat(drops).hasValue(3);
        assertThat(log.problem()).hasValueSatisfying(problem -> assertThat(problem).startsWith("writing it failed"));

        // The new writer opens the file anew and goes on.
        log.predicted(event("kept", 2));
        log.close();
        assertThat(opens).hasValue(2);
        assertThat(lines(good.toString(StandardCharsets.UTF_8)))
                .extracting(line -> line.get("request_id").textValue()).containsExactly("kept", "kept");
        assertThat(drops).hasValue(3);
        assertThat(restarts).hasValue(1);
        assertThat(log.problem()).isEmpty();
    }

    @Test
    void aWriterThatDiesInTheMiddleOfABatchCountsTheWholeBatch() throws Exception {
        var good = new ByteArrayOutputStream();
        var opens = new AtomicInteger();
        PredictionLog log = PredictionLog.open(dir.resolve("predictions.jsonl"), config(dir.resolve("x")), meter,
                path -> opens.getAndIncrement() == 0 ? new DyingDisk() : good);

        // 400 records are more than the file's buffer holds: the writer dies with some handed to the file and the
        // rest not yet written. Every one is counted, none twice.
        log.predicted(event("lost", 400));
        assertThat(restarted.await(WATCHDOG_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(drops).hasValue(400);

        // The room the dead writer held is given back: a batch that needs all of it (4,500 is half of the 9,000
        // places beside the reserve of 1,000) fits again.
        log.predicted(event("kept", 4500));
        log.close();
        assertThat(lines(good.toString(StandardCharsets.UTF_8))).hasSize(4500);
        assertThat(drops).hasValue(400);
        assertThat(restarts).hasValue(1);
    }

    @Test
    void aLogThatCannotBeOpenedLeavesTheAppRunningWithoutIt() throws IOException {
        Path notAFolder = dir.resolve("file");
        Files.writeString(notAFolder, "x");
        Path file = notAFolder.resolve("predictions.jsonl");

        PredictionLog log = open(file, config(file));
        log.predicted(event("nowhere", 3));
        log.close();

        assertThat(log.isOn()).isFalse();
        assertThat(log.path()).isEqualTo(file);
        assertThat(drops).hasValue(0);
        assertThat(log.problem()).hasValueSatisfying(problem -> assertThat(problem).startsWith("it could not be"
                + " opened at start"));
    }

    @Test
    void utf8LengthsAreCountedAsTheyAreWritten() {
        assertThat(CountingWriter.utf8Length('a')).isEqualTo(1);
        assertThat(CountingWriter.utf8Length('é')).isEqualTo(2);
        assertThat(CountingWriter.utf8Length('€')).isEqualTo(3);
        String emoji = "😀";
        assertThat(CountingWriter.utf8Length(emoji.charAt(0)) + CountingWriter.utf8Length(emoji.charAt(1)))
                .isEqualTo(emoji.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WATCHDOG_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("never started");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** What a writer may die of: an error no disk failure causes, as an OutOfMemoryError is. */
    private static final class InjectedError extends Error {
        private static final long serialVersionUID = 1L;

        InjectedError() {
            // No stack trace: the test's log stays short, and the writer needs none to die of it.
            super("injected by the test", null, false, false);
        }
    }

    /** A disk whose every write kills the thread writing to it. */
    private static final class DyingDisk extends OutputStream {
        @Override
        public void write(int b) {
            throw new InjectedError();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            throw new InjectedError();
        }
    }

    /** A disk whose first write hangs until the test lets it go. */
    private static final class StuckDisk extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            entered.countDown();
            try {
                if (!release.await(WATCHDOG_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the disk");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            synchronized (written) {
                written.write(bytes, offset, length);
            }
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** A disk that is full. */
    private static final class BrokenDisk extends OutputStream {
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void write(int b) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            throw new IOException("No space left on device");
        }
    }
}
