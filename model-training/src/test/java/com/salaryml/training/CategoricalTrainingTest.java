package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.Missing;
import com.salaryml.artifact.schema.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on real-shaped data: categorical inputs, blank and NA cells, a log target; from a CSV, through the
 * command, and from production outcomes. R checks the numbers ({@link RAgreementTest}); these check the rules.
 */
class CategoricalTrainingTest {

    @TempDir
    Path dir;

    @Test
    void theSchemaFileDeclaresCategoriesColumnsMissingRulesAndATransformAndIsWrittenBackAsRead() throws Exception {
        Path data = AcademicData.write(dir, "academic.csv", AcademicData.lines(50, 1, false),
                AcademicData.IMPUTING_SCHEMA);
        DataSchema schema = DataSchema.read(DataSchema.besideData(data));

        assertThat(schema.target()).isEqualTo(new Target("salary", "USD", Target.Transform.LOG,
                new Target.Range(0.0, null)));
        Feature rank = schema.features().features().get(0);
        assertThat(rank.levels()).containsExactly("AsstProf", "AssocProf", "Prof");
        assertThat(rank.example()).isEqualTo(1.0);
        assertThat(schema.missing()).containsExactly(Missing.Rule.REFUSE, Missing.Rule.MOST_FREQUENT,
                Missing.Rule.MEDIAN, Missing.Rule.MEAN);
        assertThat(schema.columns().all()).containsExactly("rank", "discipline", "yrs.since.phd", "yrs.service",
                "salary");
        assertThat(schema.examples()).containsEntry("rank", "AssocProf").containsEntry("yrs_since_phd", 12.0);

        Path copy = Files.writeString(dir.resolve("copy.schema.json"), schema.toJson(), UTF_8);
        assertThat(DataSchema.read(copy)).isEqualTo(schema);
    }

    @Test
    void aWrongCategoryOrRuleIsNamedWithItsPath() throws Exception {
        String bad = AcademicData.IMPUTING_SCHEMA
                .replace("[\"AsstProf\", \"AssocProf\", \"Prof\"]", "[\"AsstProf\", \"NA\", \"AsstProf\"]")
                .replace("\"example\": \"B\", \"missing\": \"most_frequent\"", "\"example\": \"C\", \"missing\": \"median\"")
                .replace("\"transform\": \"log\"", "\"transform\": \"sqrt\"")
                .replace("\"column\": \"yrs.service\"", "\"column\": \"yrs.since.phd\"");
        Path file = Files.writeString(dir.resolve("bad.schema.json"), bad, UTF_8);

        assertThat(catchThrowableOfType(DataException.class, () -> DataSchema.read(file)).problems()).containsExactly(
                file + ": target.transform: must be one of none, log (log fits the logarithm of the target, for a"
                        + " target such as a salary that grows by percentages), found the string \"sqrt\"",
                file + ": features[0].levels[1]: \"NA\" is how a CSV writes a missing value, so it cannot be a level;"
                        + " call the level something else, or declare a rule for missing values with \"missing\"",
                file + ": features[0].levels[2]: \"AsstProf\" is already levels[0]; every level is listed once",
                file + ": features[1].missing: must be one of refuse, most_frequent for a category, found the string"
                        + " \"median\"",
                file + ": features[1].example: must be one of the levels A, B, found the string \"C\"",
                file + ": features[3].column: the CSV column \"yrs.since.phd\" is already read by features[2]; every"
                        + " column is read once");
    }

    @Test
    void aLevelTheSchemaDoesNotDeclareAndANonPositiveLogTargetAreNamedByLine() throws Exception {
        var lines = new ArrayList<>(AcademicData.lines(30, 2, false));
        lines.set(3, "Lecturer,A,3,2,Male,60000");
        lines.set(5, "Prof,B,20,18,Male,0");
        Path data = AcademicData.write(dir, "academic.csv", lines, AcademicData.IMPUTING_SCHEMA);

        assertThat(problems(data, false)).containsExactly(
                data + " line 4, column 'rank': \"Lecturer\" is not a level of rank; the schema file declares"
                        + " AsstProf, AssocProf, Prof: add the level to its \"levels\", or correct the cell",
                data + " line 6, column 'salary': 0 is not above 0, and the schema file fits salary on the log scale"
                        + " (\"transform\": \"log\"), which needs every value above 0");
    }

    @Test
    void aMissingCellIsFilledInWhereTheSchemaSaysHowAndOtherwiseRefusedWithBothWaysOut() throws Exception {
        var lines = new ArrayList<>(AcademicData.lines(30, 3, false));
        lines.set(1, "NA,A,,NA,Male,70000");
        Path data = AcademicData.write(dir, "academic.csv", lines, AcademicData.IMPUTING_SCHEMA);

        assertThat(problems(data, false)).containsExactly(data + " line 2, column 'rank': the cell is NA, a missing"
                + " value, and the schema file declares no rule for a missing rank: declare \"missing\":"
                + " \"most_frequent\" for it there, or train with --drop-incomplete to leave out incomplete rows, as"
                + " R's lm does");

        Files.writeString(DataSchema.besideData(data), AcademicData.IMPUTING_SCHEMA.replace("\"example\": \"AssocProf\"}",
                "\"example\": \"AssocProf\", \"missing\": \"most_frequent\"}"), UTF_8);
        Dataset read = HiringCsv.read(data, CsvFormat.DEFAULT, DataSchema.read(DataSchema.besideData(data)));
        assertThat(read.rows()).isEqualTo(30);
        assertThat(read.columns()[0][0]).isNaN();
        assertThat(read.columns()[2][0]).isNaN();
        assertThat(read.columns()[3][0]).isNaN();
    }

    /** A category a linear model has no row of would have an all-zero column: refused, not fitted singular. */
    @Test
    void aDeclaredLevelWithoutARowIsRefused() throws Exception {
        var lines = new ArrayList<String>();
        for (String line : AcademicData.lines(40, 4, false)) {
            if (!line.startsWith("AssocProf,")) {
                lines.add(line);
            }
        }
        Path data = AcademicData.write(dir, "academic.csv", lines, AcademicData.IMPUTING_SCHEMA);

        assertThat(catchThrowableOfType(DataException.class, () -> fit(data, Algorithm.OLS)).problems())
                .containsExactly(data.getFileName() + ": level \"AssocProf\" of rank has no row in the data, so a"
                        + " linear model cannot estimate what it adds (the fit would be singular): remove it from"
                        + " rank's levels in the schema file, or add rows that have it");
    }

    /**
     * The trees split on a category's levels (Smile's nominal splits, exported as left levels), with its gaps filled
     * in as the schema says; the proof that the export is exact is {@code TreeCategoriesTest}.
     */
    @Test
    void treeEnsemblesSplitOnCategoriesByLevel() throws Exception {
        Path data = AcademicData.write(dir, "academic.csv", AcademicData.lines(120, 5, false),
                AcademicData.IMPUTING_SCHEMA);

        for (Algorithm algorithm : List.of(Algorithm.GBM, Algorithm.RANDOM_FOREST)) {
            Model model = fit(data, algorithm);

            var ensemble = (com.salaryml.artifact.kind.TreeEnsembleModel) model.kind();
            assertThat(ensemble.hasCategoricalSplits()).as(algorithm.id).isTrue();
            double asst = model.predict(Map.of("rank", "AsstProf", "discipline", "B", "yrs_since_phd", 12.0,
                    "yrs_service", 8.0)).value();
            double prof = model.predict(Map.of("rank", "Prof", "discipline", "B", "yrs_since_phd", 12.0,
                    "yrs_service", 8.0)).value();
            assertThat(prof).as(algorithm.id + ": a professor earns more than an assistant professor").isGreaterThan(asst);
        }
    }

    /** Missing numbers and a log target are no category: the trees train on them, and serve in dollars. */
    @Test
    void aTreeEnsembleTrainsOnFilledInNumbersAndALogTarget() throws Exception {
        String numbersOnly = AcademicData.IMPUTING_SCHEMA.replaceAll("\\s*\\{\"name\": \"(rank|discipline)\"[^\\n]*\\n", "\n");
        Path data = AcademicData.write(dir, "academic.csv", AcademicData.lines(120, 6, false), numbersOnly);

        Model model = fit(data, Algorithm.GBM);

        assertThat(model.metadata().schema().features()).extracting(feature -> feature.missing().rule())
                .containsExactly(Missing.Rule.MEDIAN, Missing.Rule.MEAN);
        assertThat(model.predict(Map.of("yrs_since_phd", 20.0, "yrs_service", 15.0)).value()).isBetween(60000.0, 200000.0);
    }

    /** For a log model the gate and the review read dollars: the error of exp of the predicted log. */
    @Test
    void aLogModelsMetricsAreInTheTargetsUnitAsServed() throws Exception {
        Path data = AcademicData.write(dir, "academic.csv", AcademicData.lines(200, 9, false),
                AcademicData.IMPUTING_SCHEMA);
        DataSchema schema = DataSchema.read(DataSchema.besideData(data));
        Dataset rows = HiringCsv.read(data, CsvFormat.DEFAULT, schema);

        Model model = Trainer.fit(rows, schema, "1.0.0", Fits.OLS, Fits.PROVENANCE);

        var served = model.predictColumns(rows.columns());
        double squares = 0;
        for (int i = 0; i < rows.rows(); i++) {
            squares += Math.pow(rows.target()[i] - served.value(i), 2);
        }
        assertThat(model.metadata().metrics().rmse()).isCloseTo(Math.sqrt(squares / rows.rows()), within(1e-6));
        assertThat(model.metadata().metrics().crossValidation().rmse()).isBetween(5000.0, 40000.0);
        assertThat(model.metadata().metrics().crossValidation().intervalCoverage()).isBetween(0.9, 1.0);
        assertThat(Fits.linear(model).coefficients()).hasSize(5);
    }

    /**
     * Cross-validation fills a fold's gaps with a value computed from that fold's training rows alone: each
     * held-out prediction is what a model trained on the other rows, gaps and all, predicts for the row.
     */
    @Test
    void eachFoldFillsItsGapsFromItsOwnTrainingRows() throws Exception {
        String numbersOnly = AcademicData.IMPUTING_SCHEMA.replaceAll("\\s*\\{\"name\": \"(rank|discipline)\"[^\\n]*\\n", "\n")
                .replace(", \"transform\": \"log\"", "");
        var lines = new ArrayList<>(AcademicData.lines(24, 10, false));
        lines.set(3, "Prof,A,70,,Male,150000");
        Path data = AcademicData.write(dir, "academic.csv", lines, numbersOnly);
        DataSchema schema = DataSchema.read(DataSchema.besideData(data));
        Dataset rows = HiringCsv.read(data, CsvFormat.DEFAULT, schema);
        assertThat(rows.hasMissing()).isTrue();

        HeldOut heldOut = CrossValidator.crossValidate(rows, Declared.of(schema), Fits.OLS, true);

        for (int i = 0; i < rows.rows(); i++) {
            int row = i;
            int[] others = java.util.stream.IntStream.range(0, rows.rows()).filter(j -> j != row).toArray();
            double[][] columns = new double[2][];
            for (int f = 0; f < 2; f++) {
                double[] column = rows.columns()[f];
                columns[f] = java.util.Arrays.stream(others).mapToDouble(j -> column[j]).toArray();
            }
            double[] target = java.util.Arrays.stream(others).mapToDouble(j -> rows.target()[j]).toArray();
            Model withoutRow = Trainer.fit(new Dataset(rows.file(), rows.sha256(), rows.features(), columns, target),
                    schema, "1.0.0", Fits.OLS, Fits.PROVENANCE);
            var instance = new java.util.HashMap<String, Object>();
            instance.put("yrs_since_phd", Double.isNaN(rows.columns()[0][i]) ? null : rows.columns()[0][i]);
            instance.put("yrs_service", Double.isNaN(rows.columns()[1][i]) ? null : rows.columns()[1][i]);
            assertThat(heldOut.predicted()[i]).as("row %d", i)
                    .isCloseTo(withoutRow.predict(instance).value(), within(1e-6));
        }
    }

    @Test
    void theCommandDropsIncompleteRowsSaysHowManyAndWritesAFormat3ModelFile() throws Exception {
        Path data = AcademicData.write(dir, "academic.csv", AcademicData.lines(150, 11, true), AcademicData.SCHEMA);
        Path out = dir.resolve("models");

        Run refused = Run.train(List.of("--data", data.toString(), "--out", out.toString()));
        assertThat(refused.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(refused.err()).contains("a missing value, and the schema file declares no rule for a missing")
                .contains("or train with --drop-incomplete");

        Run run = Run.train(List.of("--data", data.toString(), "--out", out.toString(), "--drop-incomplete",
                "--max-cv-rmse", "50000"));

        assertThat(run.status()).as(run.err()).isZero();
        Dataset read = HiringCsv.read(data, CsvFormat.DEFAULT, DataSchema.read(DataSchema.besideData(data)), true);
        assertThat(run.out()).contains(String.format(Locale.US, "--drop-incomplete left out %d of 150 rows",
                read.dropped().count()))
                .contains("Fitted on the log of salary; the metrics below are in USD")
                .contains("rank=AssocProf").contains("F-test of rank, its 3 levels together: F(2, ")
                .contains("Reference prediction for rank AssocProf, discipline B, yrs_since_phd 12, yrs_service 8");
        Path file = out.resolve("academic-model-1.0.0.json");
        String json = Files.readString(file, UTF_8);
        assertThat(json).contains("\"format_version\": 3").contains("\"transform\": \"log\"")
                .contains("\"drop_incomplete\": \"true\"");
        Model loaded = (Model) ModelLoader.load(file);
        assertThat(((LinearModel) loaded.kind()).size()).isEqualTo(5);
        assertThat(loaded.predict(Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 30.0,
                "yrs_service", 25.0)).value()).isBetween(60000.0, 200000.0);
    }

    @Test
    void theDraftSchemaGuessesTypesLevelsColumnsAndRangesAndNeverReplacesAFile() throws Exception {
        Path data = dir.resolve("salaries.csv");
        Files.write(data, AcademicData.lines(80, 12, true), UTF_8);

        Run run = Run.of((out, err) -> new TrainCommand(out, err).run(new ArrayList<>(List.of("schema", "--data",
                data.toString(), "--target", "salary"))));

        assertThat(run.status()).as(run.err()).isZero();
        DataSchema draft = DataSchema.read(DataSchema.besideData(data));
        assertThat(draft.model()).isEqualTo("salaries");
        assertThat(draft.features().names()).containsExactly("rank", "discipline", "yrs_since_phd", "yrs_service",
                "sex");
        assertThat(draft.features().features().get(0).levels()).containsExactly("AssocProf", "AsstProf", "Prof");
        assertThat(draft.columns().features().get(2)).isEqualTo("yrs.since.phd");
        assertThat(draft.features().features().get(2).unit()).isEqualTo(SchemaCommand.TODO);
        assertThat(run.out()).contains("Wrote the draft schema file " + DataSchema.besideData(data))
                .contains("2 numeric, 3 categorical").contains("blank or NA cells")
                .contains("the first is rank: AssocProf");

        Run again = Run.of((out, err) -> new TrainCommand(out, err).run(new ArrayList<>(List.of("schema", "--data",
                data.toString(), "--target", "salary"))));
        assertThat(again.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(again.err()).contains("already exists; a draft never replaces a schema file");
    }

    @Test
    void outcomesTakeLevelsAsTextAndNullAsMissing() throws Exception {
        Path schemaFile = Files.writeString(dir.resolve("academic.schema.json"), AcademicData.IMPUTING_SCHEMA, UTF_8);
        var random = new java.util.SplittableRandom(13);
        var log = new ArrayList<String>();
        var outcomes = new ArrayList<String>();
        for (int i = 0; i < 60; i++) {
            String rank = AcademicData.RANKS.get(i % 3);
            String discipline = i % 7 == 0 ? "null" : i % 2 == 0 ? "\"A\"" : "\"B\"";
            int phd = 3 + random.nextInt(30);
            String phdValue = i % 11 == 0 ? "null" : phd + ".0";
            double salary = Math.exp(11 + 0.2 * (i % 3) + 0.01 * phd + 0.05 * random.nextGaussian());
            log.add(String.format(Locale.ROOT, "{\"time\":\"2026-11-30T09:00:00Z\",\"request_id\":\"r%d\","
                    + "\"endpoint\":\"v1\",\"model_name\":\"academic\",\"model_version\":\"1.0.0\",\"index\":0,"
                    + "\"inputs\":{\"rank\":\"%s\",\"discipline\":%s,\"yrs_since_phd\":%s,\"yrs_service\":%d.0},"
                    + "\"output\":{\"salary\":50000.0},\"warnings\":[]}", i, rank, discipline, phdValue, phd / 2));
            outcomes.add(String.format(Locale.ROOT, "{\"time\":\"2026-11-30T10:00:00Z\",\"request_id\":\"r%d\","
                    + "\"index\":0,\"actual\":%.2f,\"model_version\":\"1.0.0\"}", i, salary));
        }
        Path logFile = Files.write(dir.resolve("predictions.jsonl"), log, UTF_8);
        Path outcomeFile = Files.write(dir.resolve("outcomes.jsonl"), outcomes, UTF_8);

        Dataset data = OutcomeData.read(List.of(logFile), outcomeFile, DataSchema.read(schemaFile));
        assertThat(data.rows()).isEqualTo(60);
        assertThat(data.columns()[0][2]).isEqualTo(2.0);
        assertThat(data.columns()[1][0]).isNaN();
        Dataset complete = OutcomeData.readWithSources(List.of(logFile), outcomeFile, DataSchema.read(schemaFile),
                true).dataset();
        assertThat(complete.dropped().count()).isEqualTo(60 - complete.rows()).isPositive();

        Files.writeString(schemaFile, AcademicData.SCHEMA, UTF_8);
        var refused = catchThrowableOfType(DataException.class,
                () -> OutcomeData.read(List.of(logFile), outcomeFile, DataSchema.read(schemaFile)));
        assertThat(refused.problems().get(0)).isEqualTo(logFile + " line 1, input 'discipline': null, a missing"
                + " value, and the schema file declares no rule for a missing discipline: declare \"missing\":"
                + " \"most_frequent\" for it there, or train with --drop-incomplete to leave out incomplete rows");
    }

    private static List<String> problems(Path data, boolean dropIncomplete) {
        return catchThrowableOfType(DataException.class, () -> HiringCsv.read(data, CsvFormat.DEFAULT,
                DataSchema.read(DataSchema.besideData(data)), dropIncomplete)).problems();
    }

    private static Model fit(Path data, Algorithm algorithm) throws DataException {
        DataSchema schema = DataSchema.read(DataSchema.besideData(data));
        Dataset rows = HiringCsv.read(data, CsvFormat.DEFAULT, schema);
        return Trainer.fit(rows, schema, "1.0.0", new FitSettings(algorithm, 1.0, 5, 42), Fits.PROVENANCE);
    }
}
