package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.ModelJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiringCsvTest {

    @TempDir
    Path dir;

    @Test
    void readsTheProjectData() throws Exception {
        Dataset data = read(Csv.HIRING);

        assertThat(data.file()).isEqualTo("hiring.csv");
        assertThat(data.sha256()).isEqualTo(ModelJar.sha256(Files.readAllBytes(Csv.HIRING)));
        assertThat(data.rows()).isEqualTo(8);
        assertThat(data.features()).containsExactly("experience", "test_score", "interview_score");
        assertThat(data.columns()[0]).containsExactly(0, 0, 5, 2, 7, 3, 10, 11);
        assertThat(data.columns()[1]).containsExactly(8, 8, 6, 10, 9, 7, 10, 7);
        assertThat(data.columns()[2]).containsExactly(9, 6, 7, 10, 6, 10, 7, 8);
        assertThat(data.target()).containsExactly(50000, 45000, 60000, 65000, 70000, 62000, 72000, 80000);
    }

    @Test
    void columnsInAnyOrderAndExtraColumnsGiveTheSameModel() throws Exception {
        var lines = new ArrayList<String>();
        lines.add("salary, name ,interview_score,experience,notes,test_score");
        for (String line : Csv.hiringLines().subList(1, Csv.hiringLines().size())) {
            String[] cell = line.split(",");
            lines.add(cell[3] + ",Jo," + cell[2] + "," + cell[0] + ",\"a, b\"," + cell[1]);
        }
        Path shuffled = Csv.write(dir, "shuffled.csv", lines);

        Dataset original = read(Csv.HIRING);
        Dataset reordered = read(shuffled);
        LinearModel expected = fit(original);
        LinearModel actual = fit(reordered);

        assertThat(reordered.columns()).isDeepEqualTo(original.columns());
        assertThat(reordered.target()).isEqualTo(original.target());
        assertThat(actual.intercept()).isEqualTo(expected.intercept());
        assertThat(actual.coefficients()).isEqualTo(expected.coefficients());
        assertThat(actual.metadata().metrics()).isEqualTo(expected.metadata().metrics());
    }

    @Test
    void acceptsWindowsLineEndingsAndBlankLines() throws Exception {
        String crlf = String.join("\r\n", Csv.hiringLines()).replace("0,8,6,45000", "0,8,6,45000\r\n") + "\r\n";
        Dataset data = read(Csv.write(dir, "windows.csv", crlf));

        assertThat(data.rows()).isEqualTo(8);
        assertThat(data.target()).isEqualTo(read(Csv.HIRING).target());
    }

    @Test
    void missingColumnNamesFileLineAndColumn() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(1, "experience,test_score,interview,salary"));

        var e = failure(file);

        assertThat(e.problems()).containsExactly(file + " line 1: missing column 'interview_score'; the header has"
                + " experience, test_score, interview, salary");
    }

    @Test
    void duplicatedColumnIsRejected() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(1, "experience,test_score,interview_score,salary,salary"));

        assertThat(failure(file).getMessage()).contains(file + " line 1: column 'salary' appears more than once");
    }

    @Test
    void blankCellNamesFileLineAndColumn() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(3, "0, ,6,45000"));

        assertThat(failure(file).problems())
                .containsExactly(file + " line 3, column 'test_score': the cell is blank; every row needs a number here");
    }

    @Test
    void shortRowCountsAsBlankCells() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(4, "5,6"));

        assertThat(failure(file).problems()).containsExactly(
                file + " line 4, column 'interview_score': the cell is blank; every row needs a number here",
                file + " line 4, column 'salary': the cell is blank; every row needs a number here");
    }

    @Test
    void nonNumericCellNamesFileLineAndColumn() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(5, "2,10,ten,65000"));

        assertThat(failure(file).problems())
                .containsExactly(file + " line 5, column 'interview_score': \"ten\" is not a number");
    }

    @Test
    void negativeExperienceNamesFileLineAndColumn() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(6, "-1,9,6,70000"));

        assertThat(failure(file).problems())
                .containsExactly(file + " line 6, column 'experience': -1 is outside the valid range 0 to 50 years");
    }

    @Test
    void scoreAboveTenNamesFileLineAndColumn() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(9, "11,11,8,80000"));

        assertThat(failure(file).problems()).containsExactly(
                file + " line 9, column 'test_score': 11 is outside the valid range 0 to 10 points out of 10");
    }

    @Test
    void nanCellNamesFileLineAndColumn() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(2, "0,8,NaN,50000"));

        assertThat(failure(file).problems())
                .containsExactly(file + " line 2, column 'interview_score': \"NaN\" is not a number");
    }

    @Test
    void infiniteSalaryIsRejected() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(2, "0,8,9,Infinity"));

        assertThat(failure(file).problems())
                .containsExactly(file + " line 2, column 'salary': \"Infinity\" is not a number");
    }

    @Test
    void javaNumberSyntaxThatNoSpreadsheetWritesIsRejected() throws Exception {
        for (String cell : new String[] {"7f", "5d", "0x1p3", "1_000", "3,5"}) {
            Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(2, "0,8,9,\"" + cell + "\""));

            assertThat(failure(file).problems()).as(cell)
                    .containsExactly(file + " line 2, column 'salary': \"" + cell + "\" is not a number");
        }
    }

    @Test
    void scientificNotationIsAccepted() throws Exception {
        Path file = Csv.write(dir, "sci.csv", Csv.hiringWithLine(2, "0,8,9,5e4"));

        assertThat(read(file).target()[0]).isEqualTo(50000.0);
    }

    @Test
    void negativeSalaryIsRejected() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(2, "0,8,9,-50000"));

        assertThat(failure(file).getMessage()).contains(file + " line 2, column 'salary': -50000 is negative");
    }

    @Test
    void lineNumbersCountBlankLines() throws Exception {
        var lines = new ArrayList<>(Csv.hiringLines());
        lines.add(2, "");
        lines.add(2, "");
        lines.set(5, "5,6,70,60000");
        Path file = Csv.write(dir, "bad.csv", lines);

        assertThat(failure(file).problems()).singleElement().asString()
                .startsWith(file + " line 6, column 'interview_score': 70 is outside");
    }

    @Test
    void lastLineWithoutNewlineHasItsOwnNumber() throws Exception {
        String text = Csv.hiringWithLine(9, "11,7,8,x").stripTrailing();
        Path file = Csv.write(dir, "bad.csv", text);

        assertThat(failure(file).problems()).containsExactly(file + " line 9, column 'salary': \"x\" is not a number");
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        var lines = new ArrayList<>(Csv.hiringLines());
        lines.set(2, "-3,8,6,45000");
        lines.set(4, "2,12,10,");
        Path file = Csv.write(dir, "bad.csv", lines);

        assertThat(failure(file).problems()).containsExactly(
                file + " line 3, column 'experience': -3 is outside the valid range 0 to 50 years",
                file + " line 5, column 'test_score': 12 is outside the valid range 0 to 10 points out of 10",
                file + " line 5, column 'salary': the cell is blank; every row needs a number here");
    }

    @Test
    void capsTheNumberOfProblemsReported() throws Exception {
        var lines = new ArrayList<String>();
        lines.add(Csv.HEADER);
        for (int i = 0; i < 30; i++) {
            lines.add("x,1,1,1");
        }
        Path file = Csv.write(dir, "bad.csv", lines);

        var problems = failure(file).problems();

        assertThat(problems).hasSize(21);
        assertThat(problems.get(20)).isEqualTo("... and 10 more problems in " + file);
    }

    @Test
    void emptyFileIsRejected() throws Exception {
        Path file = Csv.write(dir, "empty.csv", "");

        assertThat(failure(file).getMessage()).isEqualTo(file + ": the file is empty; expected a header row naming"
                + " the columns experience, test_score, interview_score, salary");
    }

    @Test
    void missingFileIsRejected() {
        Path file = dir.resolve("nowhere.csv");

        assertThat(failure(file).getMessage()).isEqualTo(file + ": no such file");
    }

    @Test
    void nonUtf8FileIsRejected() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, (Csv.HEADER + "\n0,8,9,50000\n1,2,3,4\u00e9\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(failure(file).getMessage()).isEqualTo(file + ": the file is not UTF-8 text");
    }

    private static Dataset read(Path file) throws DataException {
        return HiringCsv.read(file, SalarySchema.FEATURES, SalarySchema.TARGET);
    }

    private static LinearModel fit(Dataset data) throws DataException {
        return Fits.fit(data, "1.0.0");
    }

    private static DataException failure(Path file) {
        var e = catchThrowableOfType(DataException.class, () -> read(file));
        assertThat(e).as("reading %s should fail", file).isNotNull();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
        return e;
    }
}
