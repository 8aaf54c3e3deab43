package com.salaryml.training.spark;


import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.GenerateCommand;
import com.salaryml.training.HiringCsv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** The Spark training command end to end: what it writes, what it records, and what it refuses. */
class SparkTrainCommandTest {

    private static final Path HIRING = Path.of("../data/hiring.csv").toAbsolutePath().normalize();
    private static final Path SCHEMA = Path.of("../data/hiring.schema.json").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void spark() {
        LocalSpark.session();
    }

    private int run(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(Path.of("../training.properties").toString());
        return new SparkTrainCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(all);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheModelFileJarAndReportAndRecordsSparkAndTheDataDigest() throws Exception {
        Path models = dir.resolve("models");

        int status = run("--data", HIRING.toString(), "--out", models.toString(), "--version", "5.0.0");

        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out()).contains("with Spark 4.2.0: 8 rows", "$52,062.76", "Passes the approval gate",
                "salary-model-5.0.0.jar");
        assertThat(models.resolve("salary-model-5.0.0.json")).exists();
        assertThat(models.resolve("salary-model-5.0.0.html")).content().contains("Predicted against actual");
        Model model = (Model) ModelLoader.load(models.resolve("salary-model-5.0.0.jar"));
        assertThat(model.metadata().provenance().sparkVersion()).isEqualTo("4.2.0");
        assertThat(model.metadata().provenance().options()).containsEntry("trainer", "spark")
                .containsEntry("data.sha256", "hiring.csv " + model.metadata().trainingData().sha256());
        assertThat(Files.readString(models.resolve("salary-model-5.0.0.json"))).contains("\"spark_version\": \"4.2.0\"");
        assertThat(model.predict(Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0)).value())
                .isBetween(52062.755, 52062.765);
    }

    @Test
    void readsParquetAndAFolderOfPartFilesByUriToTheSameModel() throws Exception {
        Path parquet = dir.resolve("hiring.parquet");
        LocalSpark.session().read().option("header", "true").option("inferSchema", "true").csv(HIRING.toString())
                .repartition(3).write().parquet(parquet.toString());
        Path csvModels = dir.resolve("csv");
        Path parquetModels = dir.resolve("parquet");

        assertThat(run("--data", HIRING.toString(), "--out", csvModels.toString(), "--quiet")).as(err()).isEqualTo(0);
        // As a Hadoop file system URI, as data in a lake is named.
        assertThat(run("--data", parquet.toUri().toString(), "--schema", SCHEMA.toString(), "--out",
                parquetModels.toString(), "--quiet")).as(err()).isEqualTo(0);

        Model fromCsv = (Model) ModelLoader.load(csvModels.resolve("salary-model-1.0.0.json"));
        Model fromParquet = (Model) ModelLoader.load(parquetModels.resolve("salary-model-1.0.0.json"));
        assertThat(fromParquet.kind()).isEqualTo(fromCsv.kind());
        assertThat(fromParquet.metadata().metrics()).isEqualTo(fromCsv.metadata().metrics());
        assertThat(fromParquet.metadata().trainingData().file()).isEqualTo("hiring.parquet (3 files)");
    }

    @Test
    void readsAFolderOfCsvPartFilesEachWithItsHeaderInTheOrderOfTheirNames() throws Exception {
        List<String> lines = Files.readAllLines(HIRING);
        Path folder = dir.resolve("hiring-parts");
        Files.createDirectories(folder);
        Files.write(folder.resolve("part-00000.csv"), lines.subList(0, 5));
        var second = new ArrayList<>(List.of(lines.get(0)));
        second.addAll(lines.subList(5, lines.size()));
        Files.write(folder.resolve("part-00001.csv"), second);
        Files.writeString(folder.resolve("_SUCCESS"), "");
        Path whole = dir.resolve("whole");
        Path parts = dir.resolve("parts");

        assertThat(run("--data", HIRING.toString(), "--out", whole.toString(), "--quiet")).as(err()).isEqualTo(0);
        assertThat(run("--data", folder.toString(), "--schema", SCHEMA.toString(), "--out", parts.toString(),
                "--quiet")).as(err()).isEqualTo(0);

        Model fromFile = (Model) ModelLoader.load(whole.resolve("salary-model-1.0.0.json"));
        Model fromParts = (Model) ModelLoader.load(parts.resolve("salary-model-1.0.0.json"));
        assertThat(fromParts.kind()).isEqualTo(fromFile.kind());
        assertThat(fromParts.metadata().metrics()).isEqualTo(fromFile.metadata().metrics());
        assertThat(fromParts.metadata().trainingData().file()).isEqualTo("hiring-parts (2 files)");
        assertThat(fromParts.metadata().provenance().options().get("data.sha256"))
                .startsWith("part-00000.csv ").contains(",part-00001.csv ");
    }

    @Test
    void readsSemicolonsAndDecimalCommasAsTheSmileTrainerDoes() throws Exception {
        Path csv = dir.resolve("excel.csv");
        Files.write(csv, Files.readAllLines(HIRING).stream().map(line -> line.replace(',', ';')).toList());
        Files.copy(SCHEMA, dir.resolve("excel.schema.json"));
        Path models = dir.resolve("models");

        int status = run("--data", csv.toString(), "--delimiter", "semicolon", "--decimal-comma", "--out",
                models.toString());

        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out()).contains("$52,062.76");
    }

    @Test
    void comparesWithThePreviousModelBeforeApproving() {
        Path models = dir.resolve("models");
        assertThat(run("--data", HIRING.toString(), "--out", models.toString(), "--quiet")).as(err()).isEqualTo(0);

        int status = run("--data", HIRING.toString(), "--out", models.toString(), "--version", "1.1.0",
                "--compare-to", models.resolve("salary-model-1.0.0.jar").toString());

        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out()).contains("Compared with version 1.0.0 (ols):", "Largest changes in prediction");
        assertThat(models.resolve("salary-model-1.1.0.html")).content().contains("1.0.0");
    }

    @Test
    void aBadCellIsNamedByFileLineAndColumnAsTheSmileTrainerNamesItAndNothingIsWritten() throws Exception {
        Path csv = dir.resolve("bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(HIRING));
        lines.set(4, lines.get(4).replaceFirst("^[^,]*", "ten"));
        lines.set(6, lines.get(6).replaceFirst(",[^,]*,", ",11,"));
        Files.write(csv, lines);
        Files.copy(SCHEMA, dir.resolve("bad.schema.json"));
        Path models = dir.resolve("models");

        int status = run("--data", csv.toString(), "--out", models.toString());

        var smile = new ArrayList<String>();
        try {
            HiringCsv.read(csv, CsvFormat.DEFAULT, DataSchema.read(dir.resolve("bad.schema.json")));
        } catch (DataException e) {
            smile.addAll(e.problems());
        }
        assertThat(status).isEqualTo(1);
        assertThat(smile).hasSize(2);
        assertThat(err()).contains("Training failed; nothing was written.")
                .contains("error: " + smile.get(0)).contains("error: " + smile.get(1))
                .contains(csv + " line 5, column 'experience': \"ten\" is not a number")
                .contains(csv + " line 7, column 'test_score': 11 is outside the valid range");
        assertThat(models).doesNotExist();
    }

    @Test
    void aBadParquetValueIsNamedByFileRowAndColumn() throws Exception {
        Path parquet = dir.resolve("bad.parquet");
        LocalSpark.session().read().option("header", "true").option("inferSchema", "true").csv(HIRING.toString())
                .selectExpr("experience", "case when salary > 60000 and test_score = 9 then 12 else test_score end"
                        + " as test_score", "interview_score", "salary")
                .coalesce(1).write().parquet(parquet.toString());

        int status = run("--data", parquet.toString(), "--schema", SCHEMA.toString(), "--out",
                dir.resolve("models").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err()).containsPattern("error: " + dir + "/bad\\.parquet/part-[^ ]*\\.parquet row 5, column"
                + " 'test_score': 12\\.0 is outside the valid range 0 to 10 points out of 10");
        assertThat(dir.resolve("models")).doesNotExist();
    }

    @Test
    void aMissingColumnOrFileIsNamedBeforeSparkReadsAnything() throws Exception {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "experience,test_score,salary\n1,2,30000\n");
        Files.copy(SCHEMA, dir.resolve("short.schema.json"));

        assertThat(run("--data", csv.toString(), "--out", dir.toString())).isEqualTo(1);
        assertThat(err()).contains(csv + " line 1: missing column 'interview_score'; the header has experience,"
                + " test_score, salary");

        assertThat(run("--data", dir.resolve("absent.csv").toString(), "--schema", SCHEMA.toString())).isEqualTo(1);
        assertThat(err()).contains("absent.csv: no such file");
    }

    @Test
    void refusesWhatOnlyTheSmileTrainerDoesAndDataElsewhereWithoutASchema() {
        assertThat(run("--from-log", "a.log", "--outcomes", "o.jsonl")).isEqualTo(2);
        assertThat(err()).contains("--from-log trains from the app's prediction log");

        assertThat(run("--data", "hdfs://namenode/hiring.csv")).isEqualTo(2);
        assertThat(err()).contains("--data hdfs://namenode/hiring.csv is not on the local file system, so the"
                + " schema file cannot be found beside it; name it with --schema FILE");

        assertThat(run("--format", "orc")).isEqualTo(2);
        assertThat(err()).contains("--format \"orc\" is not a format; choose csv or parquet");
    }

    /** Categories, missing cells, columns named apart and a log target train on Spark, from the command line. */
    @Test
    void trainsCategoriesAndALogTargetLeavingOutIncompleteRowsAndSaysWhichAsTheSmileTrainerDoes() throws Exception {
        var lines = new ArrayList<>(AcademicRows.lines(120, 7, true));
        Path csv = AcademicRows.write(dir, "academic.csv", lines, AcademicRows.SCHEMA);
        Path models = dir.resolve("models");

        int status = run("--data", csv.toString(), "--drop-incomplete", "--out", models.toString(), "--quiet",
                "--min-cv-r2", "0", "--max-cv-rmse", "1000000");

        assertThat(status).as(err()).isEqualTo(0);
        assertThat(out()).containsPattern("--drop-incomplete left out \\d+ of 120 rows, each with a blank or NA"
                + " cell in a column the model reads, as R's lm does \\(na\\.omit\\): lines \\d+, ");
        Model model = (Model) ModelLoader.load(models.resolve("academic-model-1.0.0.json"));
        assertThat(model.metadata().provenance().options()).containsEntry("drop_incomplete", "true");
        assertThat(model.metadata().target().transform().id()).isEqualTo("log");
        assertThat(model.predict(Map.of("rank", "Prof", "discipline", "B", "yrs_since_phd", 20.0, "yrs_service",
                15.0)).value()).isBetween(60_000.0, 200_000.0);
    }

    /** Parquet holds numbers that are all there: what needs the CSV's levels and gaps is refused by name. */
    @Test
    void aParquetFileWithASchemaOfCategoriesOrGapsIsRefusedNamingWhatNeedsACsv() throws Exception {
        Path csv = AcademicRows.write(dir, "academic.csv", AcademicRows.lines(30, 8, false),
                AcademicRows.IMPUTING_SCHEMA);
        Path parquet = dir.resolve("academic.parquet");
        LocalSpark.session().read().option("header", "true").option("inferSchema", "true").csv(csv.toString())
                .coalesce(1).write().parquet(parquet.toString());

        int status = run("--data", parquet.toString(), "--schema", DataSchema.besideData(csv).toString(), "--out",
                dir.resolve("models").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err()).contains(parquet + ": Parquet data is read as numbers that are all there; categorical"
                + " feature rank, categorical feature discipline, \"missing\": \"most_frequent\" for discipline,"
                + " \"missing\": \"median\" for yrs_since_phd, \"missing\": \"mean\" for yrs_service,"
                + " \"transform\": \"log\" needs the data as CSV");
        assertThat(dir.resolve("models")).doesNotExist();
    }

    @Test
    void theReportPlotsASeededSampleOfLargeDataAndSaysSo() throws Exception {
        Path csv = dir.resolve("generated.csv");
        GenerateCommand.write(csv, 12_000, 3);
        Path models = dir.resolve("models");

        assertThat(run("--data", csv.toString(), "--out", models.toString(), "--quiet")).as(err()).isEqualTo(0);

        assertThat(models.resolve("salary-model-1.0.0.html")).content()
                .containsPattern("use a seeded random sample of (9,[5-9]\\d\\d|10,[0-4]\\d\\d) of the 12,000 training"
                        + " rows; the metrics use them all");
    }

    @Test
    void theGateStopsAWeakModelWithTheReportWrittenAndNoModel() {
        Path models = dir.resolve("models");

        int status = run("--data", HIRING.toString(), "--out", models.toString(), "--min-cv-r2", "0.99");

        assertThat(status).isEqualTo(1);
        assertThat(err()).contains("Rejected by the approval gate", "gate.min_cv_r2");
        assertThat(models.resolve("salary-model-1.0.0.html")).exists();
        assertThat(models.resolve("salary-model-1.0.0.json")).doesNotExist();
        assertThat(models.resolve("salary-model-1.0.0.jar")).doesNotExist();
    }
}
