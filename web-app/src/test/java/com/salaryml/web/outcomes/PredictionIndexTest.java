package com.salaryml.web.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index read back from the prediction log on disk, so that outcomes still join after a restart. */
class PredictionIndexTest {

    @TempDir
    Path dir;

    @Test
    void rebuildsFromTheRotatedFilesOldestFirstThenTheLog() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        Files.writeString(log.resolveSibling("predictions.jsonl.2"), line("a", 0, "1.0.0", 50000, 40000, 60000));
        Files.writeString(log.resolveSibling("predictions.jsonl.1"), line("b", 1, "1.0.0", 51000, 41000, 61000)
                + line("reused", 0, "1.0.0", 1, 0, 2));
        // The id reused later wins, as in training's join; the last line is torn by a crash.
        Files.writeString(log, line("reused", 0, "1.1.0", 52000, 42000, 62000) + "not a prediction\n"
                + "{\"request_id\":\"c\",\"index\":0,\"model_vers");

        var index = new PredictionIndex(100);
        long read = index.rebuildFrom(log, 5);

        assertThat(read).isEqualTo(4);
        assertThat(index.get("a", 0)).contains(new PredictionIndex.Logged("1.0.0", 50000, 40000, 60000));
        assertThat(index.get("b", 1)).contains(new PredictionIndex.Logged("1.0.0", 51000, 41000, 61000));
        assertThat(index.get("reused", 0)).contains(new PredictionIndex.Logged("1.1.0", 52000, 42000, 62000));
        assertThat(index.get("c", 0)).isEmpty();
    }

    @Test
    void keepsTheLatestPredictionsWhenTheLogHoldsMoreThanTheIndex() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        var lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append(line("r" + i, 0, "1.0.0", 50000 + i, Double.NaN, Double.NaN));
        }
        Files.writeString(log, lines);

        var index = new PredictionIndex(3);
        index.rebuildFrom(log, 5);

        assertThat(index.get("r6", 0)).isEmpty();
        assertThat(index.get("r9", 0)).hasValueSatisfying(logged -> assertThat(logged.hasInterval()).isFalse());
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void readsLinesWithTheirRecordVersionAndLinesWrittenBeforeIt() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        // The first line is as logs were written before record_version; the second as they are written now.
        Files.writeString(log, line("old", 0, "1.0.0", 50000, 40000, 60000)
                + line("new", 0, "1.1.0", 52000, 42000, 62000).replaceFirst("^\\{", "{\"record_version\":1,"));

        var index = new PredictionIndex(10);

        assertThat(index.rebuildFrom(log, 0)).isEqualTo(2);
        assertThat(index.get("old", 0)).contains(new PredictionIndex.Logged("1.0.0", 50000, 40000, 60000));
        assertThat(index.get("new", 0)).contains(new PredictionIndex.Logged("1.1.0", 52000, 42000, 62000));
    }

    @Test
    void noLogYetIsNothingToRead() throws Exception {
        assertThat(new PredictionIndex(10).rebuildFrom(dir.resolve("none.jsonl"), 5)).isZero();
    }

    /** A line as the prediction log wrote it before lines had a record_version. */
    private static String line(String id, int index, String version, double value, double low, double high) {
        String interval = Double.isNaN(low) ? "null" : String.format(Locale.ROOT,
                "{\"level\":0.95,\"low\":%s,\"high\":%s,\"method\":\"ols-exact\"}", low, high);
        return String.format(Locale.ROOT, "{\"time\":\"2026-11-30T10:00:00Z\",\"request_id\":\"%s\",\"endpoint\":\"v1\","
                + "\"model_name\":\"salary\",\"model_version\":\"%s\",\"index\":%d,\"inputs\":{\"experience\":2.0},"
                + "\"output\":{\"salary\":%s,\"interval\":%s,\"baseline\":63000.0,\"contributions\":{}},\"warnings\":[]}\n",
                id, version, index, value, interval);
    }
}
