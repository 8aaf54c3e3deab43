package com.salaryml.web.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.outcomes.OutcomeRecorder.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeRecorderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private final PredictionIndex index = new PredictionIndex(100);

    private Path file() {
        return folder.resolve("logs/predictions.jsonl.outcomes");
    }

    private OutcomeRecorder open(LiveErrors live) throws Exception {
        return OutcomeRecorder.open(file(), index, live, CLOCK);
    }

    /** Predictions of 100 with the interval 90 to 110 under a, b, c; none for d. */
    private void logged(String... ids) {
        for (String id : ids) {
            index.put(id, 0, new PredictionIndex.Logged("1.0.0", 100, 90, 110));
        }
    }

    @Test
    void theIndexHoldsTheMostRecentPredictionsAndTheLatestOfAKey() {
        var small = new PredictionIndex(2);
        small.put("a", 0, new PredictionIndex.Logged("1", 1, Double.NaN, Double.NaN));
        small.put("b", 0, new PredictionIndex.Logged("1", 2, Double.NaN, Double.NaN));
        small.put("a", 0, new PredictionIndex.Logged("2", 3, 0, 5));
        small.put("c", 0, new PredictionIndex.Logged("1", 4, Double.NaN, Double.NaN));
        assertThat(small.get("b", 0)).as("the oldest left; a, logged again, counts as new").isEmpty();
        assertThat(small.get("a", 0)).get().extracting(PredictionIndex.Logged::value).isEqualTo(3.0);
        assertThat(small.get("a", 1)).isEmpty();
        assertThat(small.get("c", 0)).isPresent();
        assertThat(small.size()).isEqualTo(2);
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
        logged("a", "b");
        var live = new LiveErrors(1000);
        try (var recorder = open(live)) {
            var recorded = recorder.record(List.of(new Outcome("a", 0, 105), new Outcome("b", 0, 130)), true);
            assertThat(recorded).extracting(OutcomeRecorder.Recorded::inside).containsExactly(true, false);
        }
        assertThat(live.figures().get(0).coverage()).isEqualTo(0.5);
        assertThat(live.figures().get(0).mae()).isEqualTo(17.5);
        assertThat(Files.readAllLines(file())).hasSize(2);
    }

    @Test
    void everyLineHasExactlyTheFieldsTrainingReadsWithTheirTypes() throws Exception {
        logged("order-17");
        index.put("order-17", 2, new PredictionIndex.Logged("1.0.0", 100, 90, 110));
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome("order-17", 0, 61000), new Outcome("order-17", 2, 58500.5)), true);
        }
        var mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        for (String text : lines) {
            JsonNode line = mapper.readTree(text);
            assertThat(line.isObject()).isTrue();
            assertThat(iterable(line.fieldNames())).containsExactly("record_version", "time", "request_id", "index",
                    "actual", "model_version");
            assertThat(line.get("record_version").intValue()).isEqualTo(1);
            assertThat(Instant.parse(line.get("time").textValue())).isEqualTo(CLOCK.instant());
            assertThat(line.get("request_id").isTextual()).isTrue();
            assertThat(line.get("index").isIntegralNumber()).isTrue();
            assertThat(line.get("actual").isNumber()).isTrue();
            assertThat(line.get("model_version").textValue()).isEqualTo("1.0.0");
        }
        assertThat(lines.get(0)).isEqualTo("{\"record_version\":1,\"time\":\"2026-11-30T10:00:00Z\",\"request_id\":\"order-17\",\"index\":0,"
                + "\"actual\":61000.0,\"model_version\":\"1.0.0\"}");
        assertThat(mapper.readTree(lines.get(1)).get("index").intValue()).isEqualTo(2);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        var list = new java.util.ArrayList<String>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void anOutcomeGivenTwiceIsRefusedTheSecondTime() throws Exception {
        logged("a");
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome("a", 0, 100)), false);
            assertThatThrownBy(() -> recorder.record(List.of(new Outcome("a", 0, 101)), false))
                    .isInstanceOfSatisfying(OutcomeRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutcomeRefusedException.Reason.ALREADY_GIVEN);
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("request_id");
                    });
        }
        assertThat(Files.readAllLines(file())).hasSize(1);
    }

    @Test
    void anUnknownRequestIdIsRefused() throws Exception {
        try (var recorder = open(new LiveErrors(10))) {
            assertThatThrownBy(() -> recorder.record(List.of(new Outcome("nobody", 0, 100)), false))
                    .isInstanceOfSatisfying(OutcomeRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutcomeRefusedException.Reason.UNKNOWN_PREDICTION);
                        assertThat(e.errors().get(0).message()).contains("no logged prediction at index 0");
                    });
        }
        assertThat(Files.readString(file())).isEmpty();
    }

    @Test
    void aBatchWithOneBadOutcomeRecordsNothing() throws Exception {
        logged("a", "b", "c");
        var live = new LiveErrors(10);
        try (var recorder = open(live)) {
            assertThatThrownBy(() -> recorder.record(List.of(new Outcome("a", 0, 100), new Outcome("d", 0, 100),
                    new Outcome("b", 0, 100)), true))
                    .isInstanceOfSatisfying(OutcomeRefusedException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("outcomes[1].request_id"));
            assertThatThrownBy(() -> recorder.record(List.of(new Outcome("c", 0, 100), new Outcome("c", 0, 100)), true))
                    .isInstanceOfSatisfying(OutcomeRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutcomeRefusedException.Reason.ALREADY_GIVEN);
                        assertThat(e.errors().get(0).field()).isEqualTo("outcomes[1].request_id");
                        assertThat(e.errors().get(0).message()).contains("also at outcomes[0]");
                    });
            // Nothing of either was recorded, so every one can still be given.
            recorder.record(List.of(new Outcome("a", 0, 100), new Outcome("b", 0, 100), new Outcome("c", 0, 100)),
                    true);
        }
        assertThat(live.figures().get(0).total()).isEqualTo(3);
        assertThat(Files.readAllLines(file())).hasSize(3);
    }

    @Test
    void aRestartRebuildsWhatWasGivenFromTheFile() throws Exception {
        logged("a", "b");
        try (var recorder = open(new LiveErrors(10))) {
            recorder.record(List.of(new Outcome("a", 0, 100)), false);
        }
        try (var restarted = open(new LiveErrors(10))) {
            assertThatThrownBy(() -> restarted.record(List.of(new Outcome("a", 0, 100)), false))
                    .isInstanceOf(OutcomeRefusedException.class);
            restarted.record(List.of(new Outcome("b", 0, 100)), false);
        }
        assertThat(Files.readAllLines(file())).hasSize(2);
    }

    @Test
    void aTornLastLineIsCutOffAtStartAndItsOutcomeCanBeGivenAgain() throws Exception {
        logged("a", "b");
        Files.createDirectories(file().getParent());
        String complete = "{\"time\":\"2026-11-30T09:00:00Z\",\"request_id\":\"a\",\"index\":0,\"actual\":1.0,"
                + "\"model_version\":\"1.0.0\"}\n";
        Files.writeString(file(), complete + "{\"time\":\"2026-11-30T09:00:01Z\",\"request_id\":\"b\",\"ind");
        try (var recorder = open(new LiveErrors(10))) {
            assertThat(Files.readString(file())).isEqualTo(complete);
            assertThatThrownBy(() -> recorder.record(List.of(new Outcome("a", 0, 100)), false))
                    .isInstanceOf(OutcomeRefusedException.class);
            recorder.record(List.of(new Outcome("b", 0, 100)), false);
        }
        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("request_id").textValue()).isEqualTo("b");
    }

    @Test
    void aFileWithNoLineBreakAtAllIsEmptiedAtStart() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"request_id\":\"a\"");
        try (var recorder = open(new LiveErrors(10))) {
            assertThat(recorder).as("opened on the torn file").isNotNull();
            assertThat(Files.size(file())).isZero();
        }
    }

    @Test
    void anOutcomeMustBeFinite() {
        assertThatThrownBy(() -> new Outcome("a", 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome("a", 0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome("a", -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
