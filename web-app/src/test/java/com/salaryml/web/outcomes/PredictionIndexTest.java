package com.salaryml.web.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.web.serving.OutcomeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index of predictions outcomes can still be given for: bounded by count and age, and read back from the
 * prediction log on disk within those bounds, so that outcomes still join after a restart.
 */
class PredictionIndexTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final PredictionIndex.Logged ONE = new PredictionIndex.Logged("1", 1, Double.NaN, Double.NaN);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(NOW);

    private PredictionIndex index(int capacity, Duration maxAge) {
        return new PredictionIndex(new PredictionIndex.Limits(capacity, maxAge), clock);
    }

    private static OutcomeKey key(int i) {
        return new OutcomeKey(7, i);
    }

    @Test
    void theIndexHoldsTheMostRecentPredictions() {
        var small = index(2, Duration.ofDays(1));
        small.put(key(1), 0, ONE, NOW);
        small.put(key(2), 0, ONE, NOW);
        small.put(key(3), 0, ONE, NOW);
        assertThat(small.open(key(1), 0)).as("the oldest left").isEmpty();
        assertThat(small.open(key(2), 0)).isPresent();
        assertThat(small.open(key(2), 1)).isEmpty();
        assertThat(small.open(key(3), 0)).isPresent();
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.leftWithoutOutcome()).isEqualTo(1);
    }

    @Test
    void aPredictionLeavesOnceOlderThanTheLimitAndIsNotOpenAMomentBefore() {
        var aged = index(100, Duration.ofHours(2));
        aged.put(key(1), 0, ONE, NOW.minus(Duration.ofHours(3)));
        aged.put(key(2), 0, ONE, NOW);
        // Made out of order by a moment: held behind a younger one, but never joined once too old.
        aged.put(key(3), 0, ONE, NOW.minus(Duration.ofMinutes(90)));
        assertThat(aged.size()).as("the old end went at once").isEqualTo(2);
        assertThat(aged.open(key(3), 0)).isPresent();
        clock.advance(Duration.ofMinutes(31));
        assertThat(aged.open(key(3), 0)).isEmpty();
        assertThat(aged.open(key(2), 0)).isPresent();
        clock.advance(Duration.ofHours(2));
        assertThat(aged.open(key(2), 0)).isEmpty();
        assertThat(aged.size()).isZero();
    }

    @Test
    void aPredictionWithItsOutcomeIsNoLongerOpen() {
        var index = index(10, Duration.ofDays(1));
        index.put(key(1), 0, ONE, NOW);
        index.given(key(1), 0);
        index.given(key(9), 0);
        assertThat(index.open(key(1), 0)).isEmpty();
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void limitsArePositive() {
        assertThatThrownBy(() -> new PredictionIndex.Limits(0, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PredictionIndex.Limits(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rebuildsFromTheLogAndItsRotatedFilesInTheOrderTheyWereMade() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        Files.writeString(log.resolveSibling("predictions.jsonl.2"), line(key(1), 0, "1.0.0", 50000, 40000, 60000, 50));
        Files.writeString(log.resolveSibling("predictions.jsonl.1"), line(key(2), 1, "1.0.0", 51000, 41000, 61000, 40)
                + line(key(3), 0, "1.0.0", 1, 0, 2, 30));
        // Not a prediction, one without a key (written before keys), and a last line torn by a crash.
        Files.writeString(log, line(key(4), 0, "1.1.0", 52000, 42000, 62000, 20) + "not a prediction\n"
                + line(key(5), 0, "1.1.0", 1, 0, 2, 10).replace("\"outcome_key\":\"" + key(5).text() + "\",", "")
                        .replace("\"record_version\":2", "\"record_version\":1")
                + "{\"record_version\":2,\"request_id\":\"c\",\"index\":0,\"model_vers");

        var index = index(100, Duration.ofDays(1));
        long read = index.rebuildFrom(log, 5);

        assertThat(read).isEqualTo(4);
        assertThat(index.open(key(1), 0)).contains(new PredictionIndex.Logged("1.0.0", 50000, 40000, 60000));
        assertThat(index.open(key(2), 1)).contains(new PredictionIndex.Logged("1.0.0", 51000, 41000, 61000));
        assertThat(index.open(key(4), 0)).contains(new PredictionIndex.Logged("1.1.0", 52000, 42000, 62000));
        assertThat(index.open(key(5), 0)).isEmpty();
        assertThat(index.oldest()).contains(NOW.minus(Duration.ofMinutes(50)));
    }

    @Test
    void readsOnlyTheNewestPredictionsWhenTheLogHoldsMoreThanTheIndex() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        var older = new StringBuilder();
        var newer = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            older.append(line(key(i), 0, "1.0.0", 50000 + i, Double.NaN, Double.NaN, 100 - i));
            newer.append(line(key(10 + i), 0, "1.0.0", 50000 + i, Double.NaN, Double.NaN, 50 - i));
        }
        Files.writeString(log.resolveSibling("predictions.jsonl.1"), older);
        Files.writeString(log, newer);
        // Full after the newest file: the rotated one is not even opened, which a file it cannot read shows.
        Files.writeString(log.resolveSibling("predictions.jsonl.2"), "");
        log.resolveSibling("predictions.jsonl.2").toFile().setReadable(false);

        var index = index(3, Duration.ofDays(1));
        assertThat(index.rebuildFrom(log, 5)).isEqualTo(3);

        assertThat(index.open(key(16), 0)).isEmpty();
        assertThat(index.open(key(19), 0)).hasValueSatisfying(logged -> assertThat(logged.hasInterval()).isFalse());
        assertThat(index.open(key(17), 0)).isPresent();
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.oldest()).contains(NOW.minus(Duration.ofMinutes(43)));

        var spanning = index(13, Duration.ofDays(1));
        assertThat(spanning.rebuildFrom(log, 1)).isEqualTo(13);
        assertThat(spanning.open(key(6), 0)).isEmpty();
        assertThat(spanning.open(key(7), 0)).isPresent();
        assertThat(spanning.oldest()).as("the rotated file's newest three first").contains(NOW.minus(
                Duration.ofMinutes(93)));
    }

    @Test
    void readsNoPredictionOlderThanTheLimitNorAFileLastWrittenBeforeIt() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        Path rotated = log.resolveSibling("predictions.jsonl.1");
        Files.writeString(rotated, line(key(1), 0, "1.0.0", 1, 0, 2, 30));
        Files.setLastModifiedTime(rotated, FileTime.from(NOW.minus(Duration.ofHours(3))));
        Files.writeString(log, line(key(2), 0, "1.0.0", 1, 0, 2, 150) + line(key(3), 0, "1.0.0", 1, 0, 2, 60));
        Files.setLastModifiedTime(log, FileTime.from(NOW.minus(Duration.ofMinutes(59))));

        var index = index(100, Duration.ofHours(2));
        assertThat(index.rebuildFrom(log, 5)).isEqualTo(1);
        assertThat(index.open(key(3), 0)).isPresent();
        assertThat(index.open(key(2), 0)).as("older than the limit").isEmpty();
        assertThat(index.open(key(1), 0)).as("in a file last written before the limit").isEmpty();
    }

    @Test
    void aLineLongerThanAnyPredictionIsSkippedNotHeld() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        Files.writeString(log, "x".repeat(PredictionIndex.MAX_LINE_BYTES + 1) + "\n"
                + line(key(1), 0, "1.0.0", 1, 0, 2, 1));
        var index = index(10, Duration.ofDays(1));
        assertThat(index.rebuildFrom(log, 0)).isEqualTo(1);
    }

    @Test
    void noLogYetIsNothingToRead() throws Exception {
        assertThat(index(10, Duration.ofDays(1)).rebuildFrom(dir.resolve("none.jsonl"), 5)).isZero();
    }

    /** A line as the prediction log writes it, of a prediction made {@code minutesAgo}. */
    private static String line(OutcomeKey key, int index, String version, double value, double low, double high,
                               int minutesAgo) {
        String interval = Double.isNaN(low) ? "null" : String.format(Locale.ROOT,
                "{\"level\":0.95,\"low\":%s,\"high\":%s,\"method\":\"ols-exact\"}", low, high);
        return String.format(Locale.ROOT, "{\"record_version\":2,\"time\":\"%s\",\"request_id\":\"same-id\","
                + "\"outcome_key\":\"%s\",\"endpoint\":\"v1\",\"model_name\":\"salary\",\"model_version\":\"%s\","
                + "\"index\":%d,\"inputs\":{\"experience\":2.0},\"output\":{\"salary\":%s,\"interval\":%s,"
                + "\"baseline\":63000.0,\"contributions\":{}},\"warnings\":[]}\n",
                NOW.minus(Duration.ofMinutes(minutesAgo)), key.text(), version, index, value, interval);
    }
}
