package com.salaryml.web.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.outcomes.OutcomeStore.Outcome;
import com.salaryml.web.serving.OutcomeKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeRecorderTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final OutcomeKey A = new OutcomeKey(1, 1);
    private static final OutcomeKey B = new OutcomeKey(2, 2);
    private static final OutcomeKey C = new OutcomeKey(3, 3);
    private static final OutcomeKey NOBODY = new OutcomeKey(4, 4);

    @TempDir
    Path folder;

    private final TestClock clock = new TestClock(NOW);
    private final PredictionIndex index = new PredictionIndex(new PredictionIndex.Limits(100, Duration.ofDays(30)),
            clock);

    private Path file() {
        return folder.resolve("logs/predictions.jsonl.outcomes");
    }

    private OutcomeRecorder open(LiveErrors live) throws Exception {
        return open(live, index, 1 << 20);
    }

    private OutcomeRecorder open(LiveErrors live, PredictionIndex into, long maxBytes) throws Exception {
        return OutcomeRecorder.open(new OutcomeRecorder.FileSettings(file(), maxBytes, 2), into, live, clock);
    }

    /** Predictions of 100 with the interval 90 to 110, made an hour ago, under each key at index 0. */
    private void logged(OutcomeKey... keys) {
        for (OutcomeKey key : keys) {
            index.put(key, 0, new PredictionIndex.Logged("1.0.0", 100, 90, 110), NOW.minusSeconds(3600));
        }
    }

    private static void refusedAsNotOpen(ThrowingRecord record) {
        assertThatThrownBy(record::run).isInstanceOfSatisfying(OutcomeRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(OutcomeRefusedException.Reason.NOT_OPEN);
            assertThat(e.errors()).as("which outcome is not said").isEmpty();
        });
    }

    @FunctionalInterface
    private interface ThrowingRecord {
        void run() throws Exception;
    }

    @Test
    void theWindowFiguresAreThoseComputedByHand() {
        var live = new LiveErrors(3);
        live.add("1.0.0", 10, true);
        live.add("1.0.0", -20, false);
        live.add("1.0.0", 5, true);
        live.add("1.0.0", 2, null);
        live.add("2.0.0", 4, true);
        LiveErrors.Figures first = live.figures().get(0);
        // The window of 3 holds -20, 5, 2 (10 left); 2 had no interval.
        assertThat(first.modelVersion()).isEqualTo("1.0.0");
        assertThat(first.outcomes()).isEqualTo(3);
        assertThat(first.withInterval()).isEqualTo(2);
        assertThat(first.rmse()).isCloseTo(Math.sqrt((400 + 25 + 4) / 3.0), within(1e-12));
        assertThat(first.mae()).isCloseTo(27 / 3.0, within(1e-12));
        assertThat(first.coverage()).isEqualTo(0.5);
        assertThat(first.total()).isEqualTo(4);
        LiveErrors.Figures second = live.figures().get(1);
        assertThat(second.modelVersion()).isEqualTo("2.0.0");
        assertThat(second.rmse()).isEqualTo(4);
        assertThat(second.coverage()).isEqualTo(1);
    }

    @Test
    void anOutcomeIsJoinedWrittenAndCounted() throws Exception {
        logged(A, B);
        var live = new LiveErrors(1000);
        try (var recorder = open(live)) {
            var recorded = recorder.record(List.of(new Outcome(A, 0, 105), new Outcome(B, 0, 130)), true);
            assertThat(recorded).extracting(OutcomeRecorder.Recorded::inside).containsExactly(true, false);
        }
        assertThat(live.figures().get(0).coverage()).isEqualTo(0.5);
        assertThat(live.figures().get(0).mae()).isEqualTo(17.5);
        assertThat(Files.readAllLines(file())).hasSize(2);
    }

    @Test
    void everyLineHasExactlyTheFieldsTrainingReadsWithTheirTypes() throws Exception {
        logged(A);
        index.put(A, 2, new PredictionIndex.Logged("1.0.0", 100, 90, 110), NOW);
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome(A, 0, 61000), new Outcome(A, 2, 58500.5)), true);
        }
        var mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        for (String text : lines) {
            JsonNode line = mapper.readTree(text);
            assertThat(line.isObject()).isTrue();
            assertThat(iterable(line.fieldNames())).containsExactly("record_version", "time", "outcome_key", "index",
                    "actual", "model_version");
            assertThat(line.get("record_version").intValue()).isEqualTo(2);
            assertThat(Instant.parse(line.get("time").textValue())).isEqualTo(NOW);
            assertThat(line.get("outcome_key").textValue()).isEqualTo(A.text());
            assertThat(line.get("index").isIntegralNumber()).isTrue();
            assertThat(line.get("actual").isNumber()).isTrue();
            assertThat(line.get("model_version").textValue()).isEqualTo("1.0.0");
        }
        assertThat(lines.get(0)).isEqualTo("{\"record_version\":2,\"time\":\"2026-11-30T10:00:00Z\",\"outcome_key\":\""
                + A.text() + "\",\"index\":0,\"actual\":61000.0,\"model_version\":\"1.0.0\"}");
        assertThat(mapper.readTree(lines.get(1)).get("index").intValue()).isEqualTo(2);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        var list = new java.util.ArrayList<String>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void anOutcomeGivenTwiceIsRefusedTheSecondTimeAsAnUnknownKeyIs() throws Exception {
        logged(A);
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome(A, 0, 100)), false);
            OutcomeRefusedException given = catchRefusal(() -> recorder.record(List.of(new Outcome(A, 0, 101)), false));
            OutcomeRefusedException unknown = catchRefusal(() -> recorder.record(List.of(new Outcome(NOBODY, 0, 101)),
                    false));
            // Nothing tells the two apart: not the reason, the errors, nor the message.
            assertThat(given.reason()).isEqualTo(unknown.reason()).isEqualTo(OutcomeRefusedException.Reason.NOT_OPEN);
            assertThat(given.errors()).isEqualTo(unknown.errors()).isEmpty();
            assertThat(given.getMessage()).isEqualTo(unknown.getMessage());
        }
        assertThat(Files.readAllLines(file())).hasSize(1);
    }

    private static OutcomeRefusedException catchRefusal(ThrowingRecord record) {
        try {
            record.run();
        } catch (OutcomeRefusedException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("recorded");
    }

    @Test
    void anOutcomeForAnIndexNotPredictedIsRefused() throws Exception {
        logged(A);
        try (var recorder = open(new LiveErrors(10))) {
            refusedAsNotOpen(() -> recorder.record(List.of(new Outcome(A, 1, 100)), false));
        }
        assertThat(Files.readString(file())).isEmpty();
    }

    @Test
    void aBatchWithOneBadOutcomeRecordsNothingAndDoesNotSayWhichExist() throws Exception {
        logged(A, B, C);
        var live = new LiveErrors(10);
        try (var recorder = open(live)) {
            refusedAsNotOpen(() -> recorder.record(List.of(new Outcome(A, 0, 100), new Outcome(NOBODY, 0, 100),
                    new Outcome(B, 0, 100)), true));
            assertThatThrownBy(() -> recorder.record(List.of(new Outcome(C, 0, 100), new Outcome(C, 0, 101)), true))
                    .isInstanceOfSatisfying(OutcomeRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutcomeRefusedException.Reason.TWICE_IN_BATCH);
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("outcomes[1].outcome_key");
                        assertThat(e.errors().get(0).message()).contains("also at outcomes[0]");
                    });
            // Nothing of either was recorded, so every one can still be given.
            recorder.record(List.of(new Outcome(A, 0, 100), new Outcome(B, 0, 100), new Outcome(C, 0, 100)), true);
        }
        assertThat(live.figures().get(0).total()).isEqualTo(3);
        assertThat(Files.readAllLines(file())).hasSize(3);
    }

    @Test
    void aRestartRebuildsWhatWasGivenFromTheFile() throws Exception {
        logged(A, B);
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome(A, 0, 100)), false);
        }
        var restartedIndex = new PredictionIndex(index.limits(), clock);
        restartedIndex.put(A, 0, new PredictionIndex.Logged("1.0.0", 100, 90, 110), NOW.minusSeconds(3600));
        restartedIndex.put(B, 0, new PredictionIndex.Logged("1.0.0", 100, 90, 110), NOW.minusSeconds(3600));
        try (var restarted = open(new LiveErrors(10), restartedIndex, 1 << 20)) {
            refusedAsNotOpen(() -> restarted.record(List.of(new Outcome(A, 0, 100)), false));
            restarted.record(List.of(new Outcome(B, 0, 100)), false);
        }
        assertThat(Files.readAllLines(file())).hasSize(2);
    }

    @Test
    void anOutcomeIsGivenOnlyWithinTheAgeLimit() throws Exception {
        logged(A, B);
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome(A, 0, 100)), false);
            clock.advance(Duration.ofDays(30));
            refusedAsNotOpen(() -> recorder.record(List.of(new Outcome(B, 0, 100)), false));
        }
        assertThat(index.size()).as("both left the index").isZero();
        assertThat(index.leftWithoutOutcome()).as("B never had its outcome").isEqualTo(1);
    }

    @Test
    void theFileRotatesBySizeKeepingItsRotatedFiles() throws Exception {
        var keys = new OutcomeKey[8];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new OutcomeKey(100, i);
            logged(keys[i]);
        }
        // A line is about 130 bytes: each file takes two and rotates.
        try (var recorder = open(new LiveErrors(10), index, 200)) {
            for (OutcomeKey key : keys) {
                recorder.record(List.of(new Outcome(key, 0, 100)), false);
            }
        }
        Path first = file().resolveSibling(file().getFileName() + ".1");
        Path second = file().resolveSibling(file().getFileName() + ".2");
        assertThat(file().resolveSibling(file().getFileName() + ".3")).as("two rotated files kept").doesNotExist();
        assertThat(Files.readAllLines(file())).isEmpty();
        assertThat(Files.readAllLines(first)).hasSize(2).allMatch(line -> line.contains(keys[7].text())
                || line.contains(keys[6].text()));
        assertThat(Files.readAllLines(second)).hasSize(2).allMatch(line -> line.contains(keys[5].text())
                || line.contains(keys[4].text()));
        // Given before the restart, in a rotated file: still refused after it.
        var restartedIndex = new PredictionIndex(index.limits(), clock);
        restartedIndex.put(keys[6], 0, new PredictionIndex.Logged("1.0.0", 100, 90, 110), NOW.minusSeconds(3600));
        try (var restarted = open(new LiveErrors(10), restartedIndex, 200)) {
            refusedAsNotOpen(() -> restarted.record(List.of(new Outcome(keys[6], 0, 100)), false));
        }
    }

    @Test
    void aFileOverTheLimitAtStartIsRotatedAtOnce() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"record_version\":2,\"time\":\"2026-11-30T09:00:00Z\",\"outcome_key\":\""
                + A.text() + "\",\"index\":0,\"actual\":1,\"model_version\":\"1.0.0\"}\n".repeat(3));
        logged(A, B);
        try (var recorder = open(new LiveErrors(10), index, 200)) {
            assertThat(Files.size(file())).isZero();
            refusedAsNotOpen(() -> recorder.record(List.of(new Outcome(A, 0, 100)), false));
            recorder.record(List.of(new Outcome(B, 0, 100)), false);
        }
        assertThat(Files.readAllLines(file().resolveSibling(file().getFileName() + ".1"))).hasSize(3);
        assertThat(Files.readAllLines(file())).hasSize(1);
    }

    @Test
    void outcomesFilesLastWrittenBeforeTheOldestHeldPredictionAreNotRead() throws Exception {
        Files.createDirectories(file().getParent());
        // A rotated file written before the oldest held prediction was made: its outcomes cannot be for it, so
        // it is not read; here it even holds that prediction's key, which shows that it was not.
        Path old = file().resolveSibling(file().getFileName() + ".1");
        Files.writeString(old, "{\"record_version\":2,\"time\":\"2026-11-01T00:00:00Z\",\"outcome_key\":\""
                + A.text() + "\",\"index\":0,\"actual\":1,\"model_version\":\"1.0.0\"}\n");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(2))));
        logged(A);
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome(A, 0, 100)), false);
        }
    }

    @Test
    void outcomesOfTheFirstVersionAndUnreadableLinesArePassedOver() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"time\":\"2026-11-30T09:00:00Z\",\"request_id\":\"a\",\"index\":0,\"actual\":1.0}\n"
                + "not an outcome\n" + "x".repeat(10_000) + "\n");
        logged(A);
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome(A, 0, 100)), false);
        }
        assertThat(Files.readAllLines(file())).hasSize(4);
    }

    @Test
    void aTornLastLineIsCutOffAtStartAndItsOutcomeCanBeGivenAgain() throws Exception {
        logged(A, B);
        Files.createDirectories(file().getParent());
        String complete = "{\"record_version\":2,\"time\":\"2026-11-30T09:00:00Z\",\"outcome_key\":\"" + A.text()
                + "\",\"index\":0,\"actual\":1.0,\"model_version\":\"1.0.0\"}\n";
        Files.writeString(file(), complete + "{\"record_version\":2,\"time\":\"2026-11-30T09:00:01Z\",\"outcome_key\":\""
                + B.text() + "\",\"ind");
        try (var recorder = open(new LiveErrors(10))) {
            assertThat(Files.readString(file())).isEqualTo(complete);
            refusedAsNotOpen(() -> recorder.record(List.of(new Outcome(A, 0, 100)), false));
            recorder.record(List.of(new Outcome(B, 0, 100)), false);
        }
        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("outcome_key").textValue()).isEqualTo(B.text());
    }

    @Test
    void aFileWithNoLineBreakAtAllIsEmptiedAtStart() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"outcome_key\":\"a\"");
        try (var recorder = open(new LiveErrors(10))) {
            assertThat(recorder).as("opened on the torn file").isNotNull();
            assertThat(Files.size(file())).isZero();
        }
    }

    @Test
    void anOutcomeMustBeFinite() {
        assertThatThrownBy(() -> new Outcome(A, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome(A, 0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome(A, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
