package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.records.OutcomeLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the loop: training on what the app was asked, joined to the salaries that were really paid. */
class OutcomeTrainingTest {

    @TempDir
    Path dir;

    @Test
    void trainsOnLoggedInputsAndReportedOutcomesAndRecordsWhichFiles() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        Path rotated = dir.resolve("predictions.jsonl.1");
        Path outcomes = dir.resolve("outcomes.jsonl");
        var random = new SplittableRandom(3);
        var logLines = new ArrayList<String>();
        var rotatedLines = new ArrayList<String>();
        var outcomeLines = new ArrayList<String>();
        for (int i = 0; i < 60; i++) {
            int experience = random.nextInt(0, 12);
            int test = random.nextInt(5, 11);
            int interview = random.nextInt(5, 11);
            double salary = 30000 + 2500 * experience + 1000 * test + 1500 * interview + random.nextGaussian() * 800;
            // A batch of two in one request: the second instance is index 1.
            String id = "req-" + (i / 2);
            // The rotated, older log and the first outcomes were written before lines said their record_version;
            // up to 40, before outcome keys (version 1), joined by request id; from 40 on, by outcome key.
            String line = logLine(id, i % 2, experience, test, interview);
            if (i >= 40) {
                String key = "key-" + (i / 2);
                line = line.replaceFirst("\\{", "{\"record_version\":2,").replace("\"request_id\":\"" + id + "\",",
                        "\"request_id\":\"" + id + "\",\"outcome_key\":\"" + key + "\",");
                // The hijack: someone predicts again under the same request id, later, with other inputs. The
                // outcome, given under the first prediction's key, must not join to it.
                logLines.add(logLine(id, i % 2, 0, 5, 5).replaceFirst("\\{", "{\"record_version\":2,")
                        .replace("\"request_id\":\"" + id + "\",", "\"request_id\":\"" + id
                                + "\",\"outcome_key\":\"attacker-" + i + "\","));
                logLines.add(0, line);
                outcomeLines.add(OutcomeLine.keyed(Instant.parse("2026-11-30T10:00:00Z"), key, i % 2,
                        Math.round(salary * 100) / 100.0, "1.0.0").json());
                continue;
            }
            (i < 20 ? rotatedLines : logLines).add(i < 20 ? line : line.replaceFirst("\\{", "{\"record_version\":1,"));
            outcomeLines.add(i < 30 ? String.format(Locale.ROOT, "{\"time\":\"2026-11-30T10:00:00Z\","
                    + "\"request_id\":\"%s\",\"index\":%d,\"actual\":%.2f,\"model_version\":\"1.0.0\"}",
                    id, i % 2, salary)
                    : String.format(Locale.ROOT, "{\"record_version\":1,\"time\":\"2026-11-30T10:00:00Z\","
                    + "\"request_id\":\"%s\",\"index\":%d,\"actual\":%.2f,\"model_version\":\"1.0.0\"}",
                    id, i % 2, salary));
        }
        // A log line torn by a crash, last and without its line break, is left out as the app leaves it out.
        Files.writeString(log, String.join("\n", logLines) + "\n{\"time\":\"2026-11-30T10:0");
        Files.writeString(rotated, String.join("\n", rotatedLines) + "\n");
        Files.writeString(outcomes, String.join("\n", outcomeLines) + "\n");

        Run run = train("--from-log", log.toString(), "--from-log", rotated.toString(), "--outcomes",
                outcomes.toString(), "--out", dir.resolve("models").toString(), "--version", "2.0.0");

        assertThat(logLines).allMatch(line -> line.startsWith("{\"record_version\":"));
        assertThat(outcomeLines.get(39)).startsWith("{\"record_version\":1,");
        assertThat(outcomeLines.get(59)).startsWith("{\"record_version\":2,").contains("\"outcome_key\":\"key-29\"");
        assertThat(rotatedLines).noneMatch(line -> line.contains("record_version"));
        assertThat(outcomeLines.get(0)).doesNotContain("record_version");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Read " + outcomes + " joined with 2 prediction log files: 60 rows")
                .contains("Note: 40 outcomes were joined by request id, as written before outcome keys");
        Predictor model = ModelLoader.load(dir.resolve("models/salary-model-2.0.0.json"));
        var options = model.metadata().provenance().options();
        assertThat(options.get("from_log")).isEqualTo(log + "," + rotated);
        assertThat(options.get("outcomes")).isEqualTo(outcomes.toString());
        assertThat(options.get("from_log.sha256")).isEqualTo(HiringCsv.sha256(log, "") + "," + HiringCsv.sha256(rotated, ""));
        assertThat(options.get("outcomes.sha256")).isEqualTo(HiringCsv.sha256(outcomes, ""));
        assertThat(model.metadata().trainingData().rows()).isEqualTo(60);
        // The truth the outcomes came from: 2,500 a year of experience.
        assertThat(model.predict(java.util.Map.of("experience", 5.0, "test_score", 8.0, "interview_score", 8.0))
                .value() - model.predict(java.util.Map.of("experience", 4.0, "test_score", 8.0, "interview_score", 8.0))
                .value()).isBetween(2200.0, 2800.0);
    }

    @Test
    void badLogsAndOutcomesAreRefusedWithTheirFileAndLine() throws Exception {
        Path log = Files.writeString(dir.resolve("predictions.jsonl"), logLine("a", 0, 2, 9, 6) + "\n"
                + "not json\n" + logLine("b", 0, 99, 9, 6) + "\n" + logLine("c", 0, 3, 8, 7) + "\n");
        Path outcomes = Files.writeString(dir.resolve("outcomes.jsonl"),
                "{\"request_id\":\"a\",\"actual\":52000}\n"
                        + "{\"request_id\":\"a\",\"actual\":53000}\n"
                        + "{\"request_id\":\"zzz\",\"actual\":50000}\n"
                        + "{\"request_id\":\"c\",\"actual\":-5}\n");

        Run run = train("--from-log", log.toString(), "--outcomes", outcomes.toString(), "--out",
                dir.resolve("models").toString());

        assertThat(run.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(run.err()).contains(log + " line 2: not a JSON object on one line")
                .contains(log + " line 3, input 'experience': 99.0 is outside the valid range 0 to 50 years")
                .contains(outcomes + " line 2: a second outcome for request a index 0, first given at " + outcomes
                        + " line 1")
                .contains(outcomes + " line 3: no logged prediction for request zzz index 0")
                .contains(outcomes + " line 4, 'actual': -5");
        assertThat(dir.resolve("models")).doesNotExist();
    }

    @Test
    void anOutcomeByKeyNeverJoinsByRequestIdNorTheOtherWay() throws Exception {
        // A line of version 2 is joined by its key only: a version 1 outcome with its request id finds nothing,
        // and a key outcome finds nothing under a request id either.
        String keyedLine = logLine("a", 0, 2, 9, 6).replaceFirst("\\{", "{\"record_version\":2,\"outcome_key\":\"k1\",");
        Path log = Files.writeString(dir.resolve("predictions.jsonl"), keyedLine + "\n" + logLine("b", 0, 2, 9, 6)
                + "\n");
        Path outcomes = Files.writeString(dir.resolve("outcomes.jsonl"),
                "{\"request_id\":\"a\",\"actual\":52000}\n"
                        + "{\"record_version\":2,\"outcome_key\":\"b\",\"actual\":53000}\n");

        Run run = train("--from-log", log.toString(), "--outcomes", outcomes.toString(), "--out",
                dir.resolve("models").toString());

        assertThat(run.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(run.err()).contains(outcomes + " line 1: no logged prediction for request a index 0")
                .contains(outcomes + " line 2: no logged prediction for outcome key b index 0");
    }

    @Test
    void theLogAndTheOutcomesComeTogether() {
        assertThat(train("--from-log", "p.jsonl").err()).contains("--from-log needs --outcomes");
        assertThat(train("--outcomes", "o.jsonl").err()).contains("--outcomes needs --from-log");
        assertThat(train("--from-log", "p.jsonl", "--outcomes", "o.jsonl", "--data", "x.csv").err())
                .contains("--data and --from-log both name the training data");
    }

    private static String logLine(String id, int index, double experience, double test, double interview) {
        return String.format(Locale.ROOT, "{\"time\":\"2026-11-30T09:00:00Z\",\"request_id\":\"%s\",\"endpoint\":\"v1\","
                + "\"model_name\":\"salary\",\"model_version\":\"1.0.0\",\"index\":%d,\"inputs\":{\"experience\":%s,"
                + "\"test_score\":%s,\"interview_score\":%s},\"output\":{\"salary\":50000.0},\"warnings\":[]}",
                id, index, experience, test, interview);
    }

    private static Run train(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--schema", DataSchema.besideData(Csv.HIRING).toString()));
        return Run.train(all);
    }
}
