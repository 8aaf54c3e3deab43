package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.ModelLoader;
import com.salaryml.artifact.Predictor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    @Test
    void trainsPrintsTheFitAndWritesTheModelFileAndJar() throws Exception {
        Path out = dir.resolve("models");

        Run run = train("--data", Csv.HIRING.toString(), "--out", out.toString(), "--version", "1.2.0");

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        assertThat(files(out)).containsExactly("salary-model-1.2.0.html", "salary-model-1.2.0.jar",
                "salary-model-1.2.0.json");

        Predictor fromJson = ModelLoader.load(out.resolve("salary-model-1.2.0.json"));
        Predictor fromJar = ModelLoader.load(out.resolve("salary-model-1.2.0.jar"));
        assertThat(fromJar).isEqualTo(fromJson);
        assertThat(fromJson.metadata().version()).isEqualTo("1.2.0");
        assertThat(fromJson.predict(SalarySchema.REFERENCE_INSTANCE).value()).isCloseTo(52062.76, within(0.005));

        var model = (LinearModel) fromJson;
        assertThat(run.out())
                .contains("Read " + Csv.HIRING.normalize() + ": 8 rows, SHA-256 " + model.metadata().trainingData().sha256())
                .containsPattern("intercept +" + fixed(model.intercept()))
                .containsPattern("experience +" + fixed(model.coefficients()[0]) + " .*  USD per year")
                .containsPattern("test_score +" + fixed(model.coefficients()[1]) + " .*  USD per point")
                .containsPattern("interview_score +" + fixed(model.coefficients()[2]) + " .*  USD per point")
                .contains(String.format(Locale.ROOT, "R² %.4f", model.metadata().metrics().rSquared()))
                .contains("RMSE " + TrainCommand.money(model.metadata().metrics().rmse()))
                .contains("experience 2, test_score 9, interview_score 6: $52,062.76")
                .contains("Wrote " + out.resolve("salary-model-1.2.0.json"))
                .contains("Wrote " + out.resolve("salary-model-1.2.0.jar"));
    }

    @Test
    void badDataExitsOneAndWritesNothing() throws IOException {
        Path data = Csv.write(dir, "bad.csv", Csv.hiringWithLine(3, "0,eight,6,45000"));
        Path out = Files.createDirectory(dir.resolve("models"));

        Run run = train("--data", data.toString(), "--out", out.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("Training failed; nothing was written.")
                .contains("error: " + data + " line 3, column 'test_score': \"eight\" is not a number");
        assertThat(files(out)).isEmpty();
    }

    @Test
    void dataThatCannotBeFittedExitsOneAndWritesNothing() throws IOException {
        Path data = Csv.write(dir, "few.csv", Csv.hiringLines().subList(0, 5));
        Path out = dir.resolve("models");

        Run run = train("--data", data.toString(), "--out", out.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("4 data rows are too few");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingDataFileExitsOne() {
        Path data = dir.resolve("nowhere.csv");

        Run run = train("--data", data.toString(), "--out", dir.resolve("models").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("error: " + data + ": no such file");
    }

    @Test
    void unknownOptionExitsTwoWithUsage() {
        Run run = train("--data", Csv.HIRING.toString(), "--fast");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: unknown option '--fast'").contains("Usage:");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void optionWithoutValueExitsTwo() {
        Run run = train("--out", dir.toString(), "--data");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --data needs a value");
    }

    @Test
    void versionThatIsNotASafeNameExitsTwoAndWritesNothing() {
        Path out = dir.resolve("models");

        Run run = train("--data", Csv.HIRING.toString(), "--out", out.toString(), "--version", "../x");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --version \"../x\" is not a valid version");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("salary-model-x.json")).doesNotExist();
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Run run = train("--help");

        assertThat(run.status()).isEqualTo(0);
        assertThat(run.out()).isEqualTo(TrainingOptions.USAGE);
    }

    @Test
    void trainingTwiceGivesTheSameBytes() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");

        assertThat(train("--data", Csv.HIRING.toString(), "--out", first.toString()).status()).isEqualTo(0);
        assertThat(train("--data", Csv.HIRING.toString(), "--out", second.toString()).status()).isEqualTo(0);

        for (String name : List.of("salary-model-1.0.0.json", "salary-model-1.0.0.jar")) {
            assertThat(Files.readAllBytes(second.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(first.resolve(name)));
        }
    }

    @Test
    void retrainingTheSameModelIntoTheSameVersionLeavesItUnchanged() throws IOException {
        Path out = dir.resolve("models");
        assertThat(train("--data", Csv.HIRING.toString(), "--out", out.toString()).status()).isEqualTo(0);
        byte[] json = Files.readAllBytes(out.resolve("salary-model-1.0.0.json"));
        byte[] jar = Files.readAllBytes(out.resolve("salary-model-1.0.0.jar"));

        Run again = train("--data", Csv.HIRING.toString(), "--out", out.toString());

        assertThat(again.status()).isEqualTo(0);
        assertThat(again.out()).contains("Unchanged: ");
        assertThat(Files.readAllBytes(out.resolve("salary-model-1.0.0.json"))).isEqualTo(json);
        assertThat(Files.readAllBytes(out.resolve("salary-model-1.0.0.jar"))).isEqualTo(jar);
    }

    @Test
    void refusesToReplaceAPublishedVersionWithADifferentModel() throws IOException {
        Path out = dir.resolve("models");
        assertThat(train("--data", Csv.HIRING.toString(), "--out", out.toString(), "--version", "1.0.0").status())
                .isEqualTo(0);
        byte[] json = Files.readAllBytes(out.resolve("salary-model-1.0.0.json"));
        byte[] jar = Files.readAllBytes(out.resolve("salary-model-1.0.0.jar"));

        Run run = train("--data", withoutLastRow().toString(), "--out", out.toString(), "--version", "1.0.0",
                "--min-cv-r2", "0");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains(out.resolve("salary-model-1.0.0.json")
                        + " already holds a different model for version 1.0.0")
                .contains("--version (for example 1.0.1)").contains("--overwrite");
        assertThat(Files.readAllBytes(out.resolve("salary-model-1.0.0.json"))).isEqualTo(json);
        assertThat(Files.readAllBytes(out.resolve("salary-model-1.0.0.jar"))).isEqualTo(jar);
        assertThat(files(out)).containsExactly("salary-model-1.0.0.html", "salary-model-1.0.0.jar",
                "salary-model-1.0.0.json");
    }

    @Test
    void overwriteReplacesAPublishedVersion() throws Exception {
        Path out = dir.resolve("models");
        assertThat(train("--data", Csv.HIRING.toString(), "--out", out.toString()).status()).isEqualTo(0);
        byte[] json = Files.readAllBytes(out.resolve("salary-model-1.0.0.json"));

        Run run = train("--data", withoutLastRow().toString(), "--out", out.toString(), "--overwrite",
                "--min-cv-r2", "0");

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("Replaced " + out.resolve("salary-model-1.0.0.json"));
        assertThat(Files.readAllBytes(out.resolve("salary-model-1.0.0.json"))).isNotEqualTo(json);
        for (String name : List.of("salary-model-1.0.0.json", "salary-model-1.0.0.jar")) {
            assertThat(ModelLoader.load(out.resolve(name)).metadata().trainingData().rows()).as(name).isEqualTo(7);
        }
        assertThat(files(out)).containsExactly("salary-model-1.0.0.html", "salary-model-1.0.0.jar",
                "salary-model-1.0.0.json");
    }

    @Test
    void aNewVersionGoesBesideTheOldOne() throws IOException {
        Path out = dir.resolve("models");
        assertThat(train("--data", Csv.HIRING.toString(), "--out", out.toString()).status()).isEqualTo(0);

        assertThat(train("--data", withoutLastRow().toString(), "--out", out.toString(), "--version", "1.0.1",
                "--min-cv-r2", "0").status()).isEqualTo(0);

        assertThat(files(out)).containsExactly("salary-model-1.0.0.html", "salary-model-1.0.0.jar",
                "salary-model-1.0.0.json", "salary-model-1.0.1.html", "salary-model-1.0.1.jar",
                "salary-model-1.0.1.json");
    }

    private Path withoutLastRow() {
        List<String> lines = Csv.hiringLines();
        return Csv.write(dir, "hiring-7.csv", lines.subList(0, lines.size() - 1));
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.4f", value).replace(".", "\\.").replace("-", "\\-");
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static Run train(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var outStream = new PrintStream(out, true, UTF_8); var errStream = new PrintStream(err, true, UTF_8)) {
            status = new TrainCommand(outStream, errStream).run(new ArrayList<>(List.of(args)));
        }
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    @Test
    void jarEntryTimesComeFromTheBuildAndNeverPrecedeTheZipEpoch() {
        String saved = System.getProperty("salary.build.timestamp");
        try {
            System.setProperty("salary.build.timestamp", "2026-11-27T10:00:00+01:00");
            assertThat(TrainCommand.entryTime()).isEqualTo(java.time.LocalDateTime.of(2026, 11, 27, 9, 0));
            System.setProperty("salary.build.timestamp", "1700000000");
            assertThat(TrainCommand.entryTime()).isEqualTo(java.time.LocalDateTime.of(2023, 11, 14, 22, 13, 20));
            System.setProperty("salary.build.timestamp", "1970-01-01T00:00:00Z");
            assertThat(TrainCommand.entryTime()).isEqualTo(java.time.LocalDateTime.of(1980, 2, 1, 0, 0));
        } finally {
            if (saved == null) {
                System.clearProperty("salary.build.timestamp");
            } else {
                System.setProperty("salary.build.timestamp", saved);
            }
        }
    }
}
