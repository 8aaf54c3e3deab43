package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSchemaTest {

    @TempDir
    Path dir;

    @Test
    void readsTheProjectsSchemaFile() {
        DataSchema schema = Schemas.HIRING;

        assertThat(schema.model()).isEqualTo("salary");
        assertThat(schema.target()).isEqualTo(new Target("salary", "USD", Target.Transform.NONE,
                new Target.Range(0.0, null)));
        assertThat(schema.targetRange()).isEqualTo(new DataSchema.TargetRange(0.0, null));
        assertThat(schema.features().features()).containsExactly(
                new Feature("experience", "years", "Years of professional experience", 0, 50, 2.0),
                new Feature("test_score", "points out of 10", "Score in the written test", 0, 10, 9.0),
                new Feature("interview_score", "points out of 10", "Score in the interview", 0, 10, 6.0));
        assertThat(schema.examples()).containsExactly(java.util.Map.entry("experience", 2.0),
                java.util.Map.entry("test_score", 9.0), java.util.Map.entry("interview_score", 6.0));
    }

    @Test
    void theSchemaFileOfADataFileIsBesideItWithItsExtensionReplaced() {
        assertThat(DataSchema.besideData(Path.of("data/hiring.csv"))).isEqualTo(Path.of("data/hiring.schema.json"));
        assertThat(DataSchema.besideData(Path.of("hires.2026.tsv"))).isEqualTo(Path.of("hires.2026.schema.json"));
        assertThat(DataSchema.besideData(Path.of("/srv/data/hires"))).isEqualTo(Path.of("/srv/data/hires.schema.json"));
        assertThat(DataSchema.besideData(Path.of(".hidden"))).isEqualTo(Path.of(".hidden.schema.json"));
    }

    /** What the trainer writes is laid out as the committed file is, so that the two can be compared by eye. */
    @Test
    void writesTheLayoutOfTheCommittedFileAndReadsBackWhatItWrote() throws Exception {
        assertThat(Schemas.HIRING.toJson()).isEqualTo(Files.readString(Schemas.HIRING_FILE, UTF_8));
        // The synthetic data generator declares the same columns as the project's data.
        assertThat(GenerateCommand.SCHEMA.toJson()).isEqualTo(Files.readString(Schemas.HIRING_FILE, UTF_8));

        Path copy = Files.writeString(dir.resolve("copy.schema.json"), Schemas.HIRING.toJson(), UTF_8);
        assertThat(DataSchema.read(copy)).isEqualTo(Schemas.HIRING);
    }

    @Test
    void aMissingFileSaysWhatTheFileIsForAndHowToNameAnother() {
        Path missing = dir.resolve("hires.schema.json");

        assertThat(problems(missing)).containsExactly(missing + ": no such file. The schema file declares the data's"
                + " target and features (see docs/training.md): write it beside the CSV, or name it with --schema FILE");
    }

    @Test
    void brokenJsonIsReportedWithItsLineAndColumn() throws IOException {
        Path file = write(hiring().replace("\"unit\": \"years\",", "\"unit\": \"years\""));

        List<String> problems = problems(file);

        assertThat(problems).singleElement().asString().startsWith(file + " line 7, column ")
                .contains(": not valid JSON: ");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotChosen() throws IOException {
        Path file = write(hiring().replace("\"min\": 0, \"max\": 50,", "\"min\": 0, \"max\": 50, \"max\": 40,"));

        assertThat(problems(file)).singleElement().asString().startsWith(file + " line 7, column ")
                .contains("Duplicate field 'max'");
    }

    @Test
    void anEmptyFileOrAnythingButAnObjectIsNamedAsSuch() throws IOException {
        assertThat(problems(write(""))).singleElement().asString()
                .endsWith(": the file is empty; it must hold one JSON object (see docs/training.md)");
        assertThat(problems(write("[1, 2]"))).singleElement().asString()
                .endsWith(": the file must hold one JSON object, found a list");
    }

    /** Every problem at once, each with the file, the field's path and what was found there. */
    @Test
    void everyProblemNamesTheFileTheFieldAndWhatWasFound() throws IOException {
        Path file = write("""
                {
                  "format": "salaryml-model",
                  "format_version": 2,
                  "model": "salary model",
                  "colour": "blue",
                  "target": {"name": "salary"},
                  "features": [
                    {"name": "experience", "unit": "years", "description": "Years", "min": 0, "max": "50", "example": 2},
                    {"name": "test score", "unit": "points", "description": " ", "min": 10, "max": 0, "example": 5},
                    {"name": "interview_score", "unit": "points", "description": "Interview", "min": 0, "max": 10,
                     "example": 11, "weight": 2},
                    {"name": "experience", "unit": "years", "description": "Again", "min": 0, "max": 9, "example": 1},
                    {"name": "salary", "unit": "USD", "description": "The target", "min": 0, "max": 1e6, "example": 1},
                    "tenure"
                  ]
                }
                """);

        assertThat(problems(file)).containsExactly(
                file + ": colour: unknown field; the fields here are format, format_version, model, target, features",
                file + ": format: must be \"salaryml-schema\", found the string \"salaryml-model\"",
                file + ": format_version: must be 1, the version this trainer reads, found the number 2",
                file + ": model: must be 1 to 64 letters, digits, '.', '-', '_' or '+', starting with a letter or"
                        + " digit, found the string \"salary model\"",
                file + ": target.unit: is missing",
                file + ": features[0].max: must be a number, found the string \"50\"",
                file + ": features[1].name: must be 1 to 64 letters, digits or '_', starting with a letter or '_', as"
                        + " the CSV's header names the column; found the string \"test score\"",
                file + ": features[1].description: must not be blank, found the string \" \"",
                file + ": features[1].max: must be greater than min (10), found the number 0",
                file + ": features[2].weight: unknown field; the fields here are name, column, type, unit,"
                        + " description, min, max, example, missing",
                file + ": features[2].example: must lie in the valid range 0 to 10, found the number 11",
                file + ": features[3].name: \"experience\" is already features[0]; every column is declared once",
                file + ": features[4].name: \"salary\" is already the target; every column is declared once",
                file + ": features[5]: must be an object {\"name\", \"unit\", \"description\", \"min\", \"max\","
                        + " \"example\"}, found the string \"tenure\"");
    }

    /** The target's range is the data's to declare: a salary is never negative, a change in price may be. */
    @Test
    void theTargetsRangeIsOptionalAndEveryRowIsCheckedAgainstIt() throws Exception {
        Path negative = Csv.write(dir, "hires.csv", Csv.hiringWithLine(2, "0,8,9,-50000"));
        Path schema = DataSchema.besideData(negative);
        String withMin = Files.readString(schema, UTF_8);

        Files.writeString(schema, withMin.replace(", \"min\": 0}", "}"), UTF_8);
        assertThat(HiringCsv.read(negative, CsvFormat.DEFAULT, DataSchema.read(schema)).target()).contains(-50000.0);

        Files.writeString(schema, withMin.replace(", \"min\": 0}", ", \"min\": -100000, \"max\": 100000}"), UTF_8);
        Path big = Csv.write(dir, "big.csv", Csv.hiringWithLine(3, "0,8,6,450000"));
        Files.copy(schema, DataSchema.besideData(big), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(catchThrowableOfType(DataException.class,
                () -> HiringCsv.read(big, CsvFormat.DEFAULT, DataSchema.read(DataSchema.besideData(big)))).problems())
                .containsExactly(big + " line 3, column 'salary': 450000 is outside the valid range -100000 to 100000 USD");

        Files.writeString(schema, withMin.replace(", \"min\": 0}", ", \"max\": 20000}"), UTF_8);
        assertThat(catchThrowableOfType(DataException.class,
                () -> HiringCsv.read(negative, CsvFormat.DEFAULT, DataSchema.read(schema))).problems())
                .contains(negative + " line 3, column 'salary': 45000 is above 20000, the largest valid salary (USD)");

        Files.writeString(schema, withMin.replace(", \"min\": 0}", ", \"min\": 5, \"max\": \"5\"}"), UTF_8);
        assertThat(problems(schema)).containsExactly(schema + ": target.max: must be a number, found the string \"5\"");
        Files.writeString(schema, withMin.replace(", \"min\": 0}", ", \"min\": 5, \"max\": 5}"), UTF_8);
        assertThat(problems(schema)).containsExactly(schema + ": target.max: must be greater than min (5), found the"
                + " number 5");
    }

    @Test
    void theTargetIsNoFeature() throws IOException {
        Path file = write(hiring().replace("\"name\": \"interview_score\"", "\"name\": \"salary\""));

        assertThat(problems(file)).containsExactly(
                file + ": features[2].name: \"salary\" is already the target; every column is declared once");
    }

    @Test
    void missingPartsSayWhatToWrite() throws IOException {
        Path file = write("{\"model\": \"salary\", \"target\": {\"name\": \"salary\", \"unit\": \"USD\"}}");

        assertThat(problems(file)).containsExactly(
                file + ": format: is missing",
                file + ": format_version: is missing; write \"format_version\": 1",
                file + ": features: is missing; list the input columns there, each as {\"name\", \"unit\","
                        + " \"description\", \"min\", \"max\", \"example\"}");
    }

    @Test
    void anInvisibleCharacterInANameIsShown() throws IOException {
        Path file = write(hiring().replace("\"name\": \"experience\"", "\"name\": \"\\ufeffexperience\""));

        assertThat(problems(file)).singleElement().asString().endsWith("found the string \"\\uFEFFexperience\"");
    }

    private static String hiring() throws IOException {
        return Files.readString(Schemas.HIRING_FILE, UTF_8);
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("test.schema.json"), content, UTF_8);
    }

    private static List<String> problems(Path file) {
        return catchThrowableOfType(DataException.class, () -> DataSchema.read(file)).problems();
    }
}
