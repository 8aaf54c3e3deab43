package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.schema.UnitFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

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
        assertThat(fromJson.predict(Schemas.HIRING.examples()).value()).isCloseTo(52062.76, within(0.005));
        assertThat(fromJson.metadata().schema().features()).extracting(com.salaryml.artifact.schema.Feature::example)
                .as("the schema file's examples, carried to the web app").containsExactly(2.0, 9.0, 6.0);
        var data = fromJson.metadata().trainingData();
        assertThat(data.featureStats().get("experience").distribution().bins()).as("8 distinct values").isEqualTo(7);
        assertThat(data.featureStats().values()).allSatisfy(stats -> assertThat(stats.distribution()).isNotNull());
        assertThat(data.predictions().bins()).as("8 predictions, in quantile bins").isEqualTo(8);

        var model = Fits.linear((Model) fromJson);
        var meta = fromJson.metadata();
        assertThat(run.out())
                .contains("Read " + Csv.HIRING.normalize() + ": 8 rows, SHA-256 " + meta.trainingData().sha256())
                .containsPattern("intercept +" + fixed(model.intercept()))
                .containsPattern("experience +" + fixed(model.coefficients()[0]) + " .*  USD per year")
                .containsPattern("test_score +" + fixed(model.coefficients()[1]) + " .*  USD per point")
                .containsPattern("interview_score +" + fixed(model.coefficients()[2]) + " .*  USD per point")
                .contains(String.format(Locale.ROOT, "R² %.4f", meta.metrics().rSquared()))
                .contains("RMSE " + UnitFormat.of("USD").format(meta.metrics().rmse()))
                .contains("experience 2, test_score 9, interview_score 6: $52,062.76")
                .contains("sign --model " + out.resolve("salary-model-1.2.0.json").toAbsolutePath())
                .contains("Wrote " + out.resolve("salary-model-1.2.0.json"))
                .contains("Wrote " + out.resolve("salary-model-1.2.0.jar"));
    }

    /**
     * Issue 11's promise: a fourth input needs a line in the schema file and a column in the CSV, and nothing
     * else. The schema file is edited as a data scientist would edit it, as text; no Java knows the new input.
     */
    @Test
    void aFourthInputNeedsALineInTheSchemaFileAndAColumnInTheCsvAndNothingElse() throws Exception {
        String schema = Files.readString(Schemas.HIRING_FILE, UTF_8).replace("\"example\": 6}\n",
                "\"example\": 6},\n    {\"name\": \"education_years\", \"unit\": \"years\", \"description\":"
                        + " \"Years of education after school\", \"min\": 0, \"max\": 12, \"example\": 4}\n");
        Files.writeString(dir.resolve("hires.schema.json"), schema, UTF_8);
        var random = new java.util.SplittableRandom(11);
        var lines = new ArrayList<String>(List.of("education_years,experience,test_score,interview_score,salary"));
        for (int i = 0; i < 40; i++) {
            int education = random.nextInt(9);
            int experience = random.nextInt(15);
            int test = 5 + random.nextInt(6);
            int interview = 5 + random.nextInt(6);
            long salary = Math.round(25000 + 1500.0 * education + 2700.0 * experience + 850.0 * test
                    + 2300.0 * interview + (random.nextDouble() - 0.5) * 4000);
            lines.add(education + "," + experience + "," + test + "," + interview + "," + salary);
        }
        Path data = Files.write(dir.resolve("hires.csv"), lines, UTF_8);
        Path out = dir.resolve("models");

        Run run = train("--data", data.toString(), "--out", out.toString());

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        Predictor model = ModelLoader.load(out.resolve("salary-model-1.0.0.json"));
        assertThat(model.metadata().schema().names())
                .containsExactly("experience", "test_score", "interview_score", "education_years");
        assertThat(model.metadata().schema().feature("education_years")).hasValueSatisfying(feature -> {
            assertThat(feature.description()).isEqualTo("Years of education after school");
            assertThat(feature.rangeText()).isEqualTo("0 to 12 years");
        });
        var prediction = model.predict(java.util.Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0,
                "education_years", 4.0));
        assertThat(prediction.contributions()).extracting(c -> c.feature())
                .containsExactly("experience", "test_score", "interview_score", "education_years");
        // The fit finds the effect the data was made with.
        assertThat(((LinearModel) ((Model) model).kind()).coefficients()[3]).isBetween(1300.0, 1700.0);
        assertThat(run.out()).containsPattern("education_years +\\d[\\d.]* .*  USD per year\n")
                .contains("Reference prediction for experience 2, test_score 9, interview_score 6, education_years 4: "
                        + UnitFormat.of("USD").format(prediction.value()));
        assertThat(Files.readString(out.resolve("salary-model-1.0.0.html"), UTF_8))
                .contains("<tr><td>education_years</td><td>years</td><td>0 to 12 years</td>")
                .contains("education_years (years, Years of education after school)");
    }

    @Test
    void theSchemaFileIsTakenFromBesideTheCsvOrFromSchema() throws Exception {
        Path data = Files.copy(Csv.HIRING, dir.resolve("hires.csv"));
        Path out = dir.resolve("models");

        Run missing = train("--data", data.toString(), "--out", out.toString());
        Path elsewhere = Files.copy(Schemas.HIRING_FILE, dir.resolve("columns.json"));
        Run named = train("--data", data.toString(), "--schema", elsewhere.toString(), "--out", out.toString());

        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Training failed; nothing was written.\nerror: "
                + dir.resolve("hires.schema.json") + ": no such file. The schema file declares the data's target and"
                + " features (see docs/training.md): write it beside the CSV, or name it with --schema FILE\n");
        assertThat(named.status()).as(named.err()).isEqualTo(0);
        assertThat(ModelLoader.load(out.resolve("salary-model-1.0.0.json")).metadata().provenance().options())
                .containsEntry("schema", elsewhere.toString());
    }

    @Test
    void aBrokenSchemaFileStopsTrainingWithItsProblems() throws Exception {
        Path data = Csv.write(dir, "hires.csv", Csv.hiringLines());
        Path schema = dir.resolve("hires.schema.json");
        Files.writeString(schema, Files.readString(schema, UTF_8).replace("\"max\": 50", "\"max\": -1"), UTF_8);

        Run run = train("--data", data.toString(), "--out", dir.resolve("models").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Training failed; nothing was written.\nerror: " + schema
                + ": features[0].max: must be greater than min (0), found the number -1\n");
        assertThat(dir.resolve("models")).doesNotExist();
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
    void printsWhereTheTimeWentAndNoRateForAFewRows() {
        Run run = train("--data", Csv.HIRING.toString(), "--out", dir.resolve("models").toString());

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).containsPattern("\nTook \\d+\\.\\d\\d s: start-up \\d+\\.\\d\\d s \\(classes, reading the"
                + " data\\), fitting \\d+\\.\\d\\d s, review report \\d+\\.\\d\\d s; peak heap \\d+ MiB\n")
                .doesNotContain("rows/s");
    }

    @Test
    void theTimeLineSplitsStartUpFromFittingAndGivesARateOnlyFromTenThousandRows() {
        long second = 1_000_000_000L;

        assertThat(FitReview.cost(8, 2_410_000_000L, 10_000_000L, 280_000_000L, true, 117L << 20))
                .isEqualTo("Took 2.70 s: start-up 2.41 s (JVM, classes, reading the data), fitting 0.01 s,"
                        + " review report 0.28 s; peak heap 117 MiB");
        assertThat(FitReview.cost(9_999, second, 2 * second, second, false, 0)).doesNotContain("rows/s")
                .contains("start-up 1.00 s (classes, reading the data)");
        assertThat(FitReview.cost(1_000_000, 2 * second, 4 * second, second / 2, true, 762L << 20))
                .isEqualTo("Took 6.50 s: start-up 2.00 s (JVM, classes, reading the data), fitting 4.00 s"
                        + " (250,000 rows/s), review report 0.50 s; peak heap 762 MiB");
        assertThat(FitReview.cost(10_000, second, second / 10, second, false, 0)).contains("(100,000 rows/s)");
    }

    @Test
    void trainsTheCsvThatExcelWritesInAGermanLocale() throws Exception {
        var lines = new ArrayList<String>();
        lines.add("\uFEFF" + Csv.HEADER.replace(',', ';'));
        for (String line : Csv.hiringLines().subList(1, Csv.hiringLines().size())) {
            String[] cell = line.split(",");
            lines.add(cell[0] + ";" + cell[1] + ",0;" + cell[2] + ";" + cell[3] + ",00");
        }
        Path data = Csv.write(dir, "Einstellungen.csv", String.join("\r\n", lines) + "\r\n");
        Path out = dir.resolve("models");

        Run refused = train("--data", data.toString(), "--out", out.toString());
        Run run = train("--data", data.toString(), "--out", out.toString(), "--delimiter", "semicolon",
                "--decimal-comma");

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("Training failed; nothing was written.\nerror: " + data + " line 1: the"
                + " header is separated by ';', not ','; train it with --delimiter semicolon --decimal-comma, as its"
                + " numbers have decimal commas (8,0 on line 2)\n");
        assertThat(run.status()).as(run.err()).isEqualTo(0);
        var loaded = (Model) ModelLoader.load(out.resolve("salary-model-1.0.0.json"));
        var model = Fits.linear(loaded);
        var expected = Fits.fit(Csv.HIRING);
        assertThat(model.coefficients()).isEqualTo(Fits.linear(expected).coefficients());
        assertThat(model.intercept()).isEqualTo(Fits.linear(expected).intercept());
        assertThat(loaded.metadata().provenance().options()).containsEntry("csv.delimiter", "semicolon")
                .containsEntry("csv.decimal_comma", "true");
    }

    @Test
    void quietPrintsOneLineOnSuccess() {
        Path out = dir.resolve("models");

        Run run = train("--quiet", "--data", Csv.HIRING.toString(), "--out", out.toString());
        Run again = train("--quiet", "--data", Csv.HIRING.toString(), "--out", out.toString());

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("Trained salary 1.0.0 on 8 rows of " + Csv.HIRING.normalize() + ": wrote "
                + out.resolve("salary-model-1.0.0.jar") + "\n");
        assertThat(again.out()).isEqualTo("Trained salary 1.0.0 on 8 rows of " + Csv.HIRING.normalize()
                + ": unchanged, " + out.resolve("salary-model-1.0.0.jar") + " already holds it\n");
    }

    @Test
    void quietStillSaysWhyItFails() {
        Run run = train("--quiet", "--data", Csv.HIRING.toString(), "--out", dir.resolve("models").toString(),
                "--min-cv-r2", "0.99");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Rejected by the approval gate").contains("cross-validated R²");
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
    void withSourceDateEpochTrainingTwiceGivesTheSameBytesAndThatTime() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");

        for (Path out : List.of(first, second)) {
            Run run = Run.train(List.of("--data", Csv.HIRING.toString(), "--out", out.toString(), "--quiet"),
                    Map.of(TrainingTime.SOURCE_DATE_EPOCH, "1800000000"));
            assertThat(run.status()).as(run.err()).isEqualTo(0);
        }

        assertSameModelFiles(first, second, "1.0.0");
        assertThat(ModelLoader.load(first.resolve("salary-model-1.0.0.json")).metadata().provenance().trainedAt())
                .isEqualTo("2027-01-15T08:00:00Z");
        try (var jar = new ZipFile(first.resolve("salary-model-1.0.0.jar").toFile())) {
            assertThat(jar.getEntry("salaryml/model.json").getTimeLocal())
                    .isEqualTo(java.time.LocalDateTime.of(2027, 1, 15, 8, 0));
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
        assertThat(files(out)).containsExactly(VERSION_1_0_0);
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
        assertThat(files(out)).containsExactly(VERSION_1_0_0);
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

    @Test
    void theGateRejectsALowCrossValidatedRSquaredAndWritesOnlyTheReport() throws IOException {
        Run run = rejectedByTheGate("--min-cv-r2", "0.99");

        assertThat(run.err()).contains("Rejected by the approval gate; no model file or JAR was written")
                .contains("cross-validated R²").contains("0.99").contains("gate.min_cv_r2")
                .doesNotContain("RMSE is");
        assertThat(Files.readString(dir.resolve("models").resolve("salary-model-1.0.0.html"), UTF_8))
                .contains("Rejected by the approval gate").contains("cross-validated R² is");
    }

    @Test
    void theGateRejectsAHighCrossValidatedRmse() throws IOException {
        Run run = rejectedByTheGate("--max-cv-rmse", "100");

        assertThat(run.err()).contains("cross-validated RMSE is $").contains("above the maximum $100.00")
                .contains("gate.max_cv_rmse").doesNotContain("R² is").doesNotContain("gate.max_relative_cv_rmse");
    }

    @Test
    void theGateRejectsACrossValidatedRmseTooLargeAgainstTheTargetsSpreadNamingTheScale() throws IOException {
        Run run = rejectedByTheGate("--max-relative-cv-rmse", "0.2");

        assertThat(run.err()).containsPattern("cross-validated RMSE is 0\\.\\d{4} of the standard deviation of"
                        + " salary, above the maximum 0.2 \\(gate.max_relative_cv_rmse\\): RMSE \\$[\\d,.]+ against a"
                        + " standard deviation of \\$[\\d,.]+, on salary's own scale \\(USD\\)")
                .doesNotContain("R² is");
    }

    @Test
    void theGateNamesEveryThresholdItMisses() throws IOException {
        Run run = rejectedByTheGate("--min-cv-r2", "0.99", "--max-cv-rmse", "100");

        assertThat(run.err()).contains("cross-validated R² is").contains("cross-validated RMSE is");
    }

    @Test
    void theGateThresholdsComeFromTheConfigurationFile() throws IOException {
        Path config = Csv.write(dir, "training.properties", "# stricter\ngate.min_cv_r2 = 0.99\n");

        Run run = rejectedByTheGate("--config", config.toString());

        assertThat(run.err()).contains("cross-validated R²").contains("0.99");
    }

    /**
     * Trains the project data into the folder "models" with the given options, checks that the approval gate
     * refused it (exit status 1, only the report written) and returns the run.
     */
    private Run rejectedByTheGate(String... options) throws IOException {
        Path out = dir.resolve("models");
        var args = new ArrayList<>(List.of("--data", Csv.HIRING.toString(), "--out", out.toString()));
        args.addAll(List.of(options));

        Run run = train(args.toArray(String[]::new));

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(files(out)).containsExactly("salary-model-1.0.0.html");
        return run;
    }

    @Test
    void theCommandLineOverridesTheConfigurationFile() throws Exception {
        Path config = Csv.write(dir, "training.properties", "gate.min_cv_r2=0.99\nalgorithm=ridge\nlambda=10\n");
        Path out = dir.resolve("models");

        Run run = train("--data", Csv.HIRING.toString(), "--out", out.toString(), "--config", config.toString(),
                "--min-cv-r2", "0");

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("by ridge regression {lambda=10}")
                .contains("no prediction interval for ridge");
        var meta = ModelLoader.load(out.resolve("salary-model-1.0.0.json")).metadata();
        assertThat(meta.algorithm()).isEqualTo("ridge");
        assertThat(meta.provenance().options()).containsEntry("gate.min_cv_r2", "0.0")
                .containsEntry("lambda", "10.0");
    }

    @Test
    void anUnknownSettingInTheConfigurationFileExitsTwoNamingItAndTheFile() throws IOException {
        Path config = Csv.write(dir, "training.properties", "gate.min_r2=0.9\n");
        Path out = dir.resolve("models");

        Run run = train("--data", Csv.HIRING.toString(), "--out", out.toString(), "--config", config.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: " + config + " line 1: unknown setting 'gate.min_r2'")
                .contains("gate.min_cv_r2").contains("Usage:");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingConfigurationFileNamedOnTheCommandLineExitsTwo() {
        Path config = dir.resolve("nowhere.properties");

        Run run = train("--data", Csv.HIRING.toString(), "--out", dir.resolve("models").toString(), "--config",
                config.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(config.toString());
    }

    @Test
    void comparesWithThePreviousModel() throws IOException {
        Path out = dir.resolve("models");
        assertThat(train("--data", withoutLastRow().toString(), "--out", out.toString(), "--version", "1.0.0",
                "--min-cv-r2", "0").status()).isEqualTo(0);

        Run run = train("--data", Csv.HIRING.toString(), "--out", out.toString(), "--version", "1.1.0",
                "--compare-to", out.resolve("salary-model-1.0.0.json").toString());

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("Compared with version 1.0.0 (ols):")
                .containsPattern("\\n  R² +-?\\d+\\.\\d{4} -> +-?\\d+\\.\\d{4}  \\([+-]\\d+\\.\\d{4}\\)")
                .containsPattern("\\n  adjusted R² +.* -> ")
                .containsPattern("\\n  cross-validated RMSE +.* -> ")
                .contains("Largest changes in prediction over the training rows:")
                .containsPattern("data row \\d+ \\(experience [\\d.]+, test_score [\\d.]+, interview_score [\\d.]+\\): "
                        + "\\$[\\d,.]+ -> \\$[\\d,.]+ \\([+-]\\$[\\d,.]+\\)");
        assertThat(Files.readString(out.resolve("salary-model-1.1.0.html"), UTF_8))
                .contains("Compared with version 1.0.0").contains("Largest changes in prediction");
        assertThat(files(out)).contains("salary-model-1.1.0.json", "salary-model-1.1.0.jar");
    }

    @Test
    void comparesWithAPreviousModelJar() throws IOException {
        Path out = dir.resolve("models");
        assertThat(train("--data", Csv.HIRING.toString(), "--out", out.toString()).status()).isEqualTo(0);

        Run run = train("--data", Csv.HIRING.toString(), "--out", out.toString(), "--version", "1.0.1",
                "--algorithm", "ridge", "--lambda", "10", "--min-cv-r2", "0", "--compare-to",
                out.resolve("salary-model-1.0.0.jar").toString());

        assertThat(run.status()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("Compared with version 1.0.0 (ols):").contains("Largest changes");
    }

    @Test
    void comparingWithAMissingModelExitsOneAndWritesNothing() {
        Path out = dir.resolve("models");
        Path missing = dir.resolve("salary-model-0.9.0.json");

        Run run = train("--data", Csv.HIRING.toString(), "--out", out.toString(), "--compare-to", missing.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("cannot compare with the previous model").contains(missing + ": no such file");
        assertThat(out).doesNotExist();
    }

    @Test
    void recordsProvenanceInTheModel() throws Exception {
        Path out = dir.resolve("models");
        Run run = Run.train(List.of("--data", Csv.HIRING.toString(), "--out", out.toString(), "--version", "1.3.0"),
                Map.of(TrainingTime.SOURCE_DATE_EPOCH, NOV_27));
        assertThat(run.status()).as(run.err()).isEqualTo(0);

        var provenance = ModelLoader.load(out.resolve("salary-model-1.3.0.json")).metadata().provenance();

        assertThat(provenance.trainedAt()).isEqualTo("2026-11-27T00:00:00Z");
        // build.properties is filtered by process-resources, which every Maven test run goes through.
        assertThat(provenance.projectVersion()).isNotEqualTo("unknown").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(provenance.smileVersion()).isNotEqualTo("unknown").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(provenance.javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(provenance.options()).containsEntry("algorithm", "ols").containsEntry("version", "1.3.0")
                .containsEntry("cv.folds", "10").containsEntry("cv.seed", "42")
                .containsEntry("gate.min_cv_r2", "0.1").containsEntry("gate.max_relative_cv_rmse", "0.95")
                .doesNotContainKey("gate.max_cv_rmse")
                .containsKey("data").doesNotContainKey("lambda");
        assertThat(provenance.options().get("data")).endsWith("hiring.csv");
    }

    @Test
    void recordsTheGitCommitInsideACheckout() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("..", ".git")), "not run from a git checkout");
        Path out = dir.resolve("models");
        assertThat(train("--data", Csv.HIRING.toString(), "--out", out.toString()).status()).isEqualTo(0);

        String commit = ModelLoader.load(out.resolve("salary-model-1.0.0.json")).metadata().provenance().gitCommit();

        assertThat(commit).matches("[0-9a-f]{40}(-dirty)?");
        assertThat(commit.substring(0, 40)).isEqualTo(ProvenanceRecorder.gitCommit(Path.of("")).substring(0, 40));
    }

    @Test
    void thereIsNoGitCommitOutsideACheckout() {
        assertThat(ProvenanceRecorder.gitCommit(dir)).isNull();
    }

    @Test
    void outsideACheckoutTheCommitIsTheOneTheCodeWasBuiltFrom() {
        // The build writes the commit only when it builds from a checkout (model-training/pom.xml).
        Assumptions.assumeTrue(Files.exists(Path.of("..", ".git")), "not built from a git checkout");
        String checkout = ProvenanceRecorder.gitCommit(Path.of(""));

        String recorded = ProvenanceRecorder.record(dir, Map.of(), null).gitCommit();

        assertThat(recorded).as("the commit the build wrote into the classes").isEqualTo(
                ProvenanceRecorder.buildCommit()).matches("[0-9a-f]{40}(-dirty)?");
        assertThat(recorded.substring(0, 40)).as("this build's checkout").isEqualTo(checkout.substring(0, 40));
    }

    @Test
    void onlyAWholeCommitIsACommit() {
        assertThat(ProvenanceRecorder.commitOrNull("0123456789abcdef0123456789abcdef01234567"))
                .isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(ProvenanceRecorder.commitOrNull("0123456789abcdef0123456789abcdef01234567-dirty"))
                .isEqualTo("0123456789abcdef0123456789abcdef01234567-dirty");
        assertThat(ProvenanceRecorder.commitOrNull("")).isNull();
        assertThat(ProvenanceRecorder.commitOrNull("0123456")).as("abbreviated").isNull();
        assertThat(ProvenanceRecorder.commitOrNull("v1.0.0-3-g0123456")).as("a tag's name").isNull();
    }

    @Test
    void aModelTrainedNowRecordsWhenItWasTrained() throws Exception {
        Path out = dir.resolve("models");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Run run = Run.train(List.of("--data", Csv.HIRING.toString(), "--out", out.toString()), Map.of());

        Instant after = Instant.now();
        assertThat(run.status()).as(run.err()).isEqualTo(0);
        String trainedAt = ModelLoader.load(out.resolve("salary-model-1.0.0.json")).metadata().provenance()
                .trainedAt();
        assertThat(Instant.parse(trainedAt)).isBetween(before, after);
        try (var jar = new ZipFile(out.resolve("salary-model-1.0.0.jar").toFile())) {
            // A ZIP entry's time counts in steps of two seconds.
            Instant entry = jar.getEntry("salaryml/model.json").getTimeLocal().toInstant(ZoneOffset.UTC);
            assertThat(entry).isBetween(before.minusSeconds(2), after);
        }
    }

    @Test
    void aSourceDateEpochThatIsNotATimeIsRefusedBeforeTheDataIsRead() throws IOException {
        Path out = dir.resolve("models");

        Run run = Run.train(List.of("--data", dir.resolve("missing.csv").toString(), "--out", out.toString()),
                Map.of(TrainingTime.SOURCE_DATE_EPOCH, "2026-11-27T00:00:00Z"));

        assertThat(run.status()).isEqualTo(TrainCommand.USAGE);
        assertThat(run.err()).startsWith("error: the environment variable SOURCE_DATE_EPOCH is"
                + " \"2026-11-27T00:00:00Z\", which is not a time: it must be whole seconds since 1970-01-01T00:00:00Z")
                .doesNotContain("missing.csv").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void retrainingWithEveryNewOptionStillGivesTheSameBytes() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        String[] options = {"--data", Csv.HIRING.toString(), "--algorithm", "lasso", "--lambda", "10", "--seed", "7",
                "--folds", "4", "--version", "2.0.0"};

        for (Path out : List.of(first, second)) {
            var args = new ArrayList<>(List.of(options));
            args.addAll(List.of("--out", out.toString()));
            Run run = Run.train(args, Map.of(TrainingTime.SOURCE_DATE_EPOCH, NOV_27));
            assertThat(run.status()).as(run.err()).isEqualTo(0);
        }

        assertSameModelFiles(first, second, "2.0.0");
    }

    @Test
    void keepsAPublishedModelThatDiffersOnlyInProvenance() throws IOException {
        Path out = dir.resolve("models");
        assertThat(Run.train(List.of("--data", Csv.HIRING.toString(), "--out", out.toString()),
                Map.of(TrainingTime.SOURCE_DATE_EPOCH, NOV_27)).status()).isEqualTo(0);
        byte[] json = Files.readAllBytes(out.resolve("salary-model-1.0.0.json"));
        byte[] jar = Files.readAllBytes(out.resolve("salary-model-1.0.0.jar"));

        // Four days later, as a retraining without SOURCE_DATE_EPOCH would record it.
        Run again = Run.train(List.of("--data", Csv.HIRING.toString(), "--out", out.toString()),
                Map.of(TrainingTime.SOURCE_DATE_EPOCH, Long.toString(Long.parseLong(NOV_27) + 4 * 86_400)));

        assertThat(again.status()).isEqualTo(0);
        assertThat(again.out()).contains("Unchanged: ");
        assertThat(Files.readAllBytes(out.resolve("salary-model-1.0.0.json"))).isEqualTo(json);
        assertThat(Files.readAllBytes(out.resolve("salary-model-1.0.0.jar"))).as("stamped with the kept model's time")
                .isEqualTo(jar);
    }

    /** 2026-11-27T00:00:00Z, as SOURCE_DATE_EPOCH gives it. */
    private static final String NOV_27 = "1795737600";

    private Path withoutLastRow() {
        List<String> lines = Csv.hiringLines();
        return Csv.write(dir, "hiring-7.csv", lines.subList(0, lines.size() - 1));
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.4f", value).replace(".", "\\.").replace("-", "\\-");
    }

    /** What publishing version 1.0.0 writes: its report, JAR and model file. */
    private static final String[] VERSION_1_0_0 = {"salary-model-1.0.0.html", "salary-model-1.0.0.jar",
            "salary-model-1.0.0.json"};

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    /** The model file and the JAR of this version are the same bytes in both folders. */
    private static void assertSameModelFiles(Path first, Path second, String version) throws IOException {
        for (String name : List.of("salary-model-" + version + ".json", "salary-model-" + version + ".jar")) {
            assertThat(Files.readAllBytes(second.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(first.resolve(name)));
        }
    }

    private static Run train(String... args) {
        return Run.train(List.of(args));
    }
}
