package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        Model expected = fit(original);
        Model actual = fit(reordered);

        assertThat(reordered.columns()).isDeepEqualTo(original.columns());
        assertThat(reordered.target()).isEqualTo(original.target());
        assertThat(Fits.linear(actual).intercept()).isEqualTo(Fits.linear(expected).intercept());
        assertThat(Fits.linear(actual).coefficients()).isEqualTo(Fits.linear(expected).coefficients());
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

    /** A blank target cell: nothing can fill it in, so only leaving the row out helps. */
    private static final String MISSING_SALARY = "the cell is blank, a missing salary, which nothing can stand in for:"
            + " train with --drop-incomplete to leave out incomplete rows, as R's lm does, or fill in the cell";

    @Test
    void blankCellNamesFileLineAndColumn() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(3, "0, ,6,45000"));

        assertThat(failure(file).problems())
                .containsExactly(file + " line 3, column 'test_score': the cell is blank, a missing value, and the"
                        + " schema file declares no rule for a missing test_score: declare \"missing\": \"median\" (or"
                        + " \"mean\") for it there, or train with --drop-incomplete to leave out incomplete rows, as"
                        + " R's lm does");
    }

    @Test
    void shortRowCountsAsBlankCells() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(4, "5,6"));

        assertThat(failure(file).problems()).containsExactly(
                file + " line 4, column 'interview_score': the cell is blank, a missing value, and the schema file"
                        + " declares no rule for a missing interview_score: declare \"missing\": \"median\" (or"
                        + " \"mean\") for it there, or train with --drop-incomplete to leave out incomplete rows, as"
                        + " R's lm does",
                file + " line 4, column 'salary': " + MISSING_SALARY);
    }

    /** A non-numeric, negative, too large, NaN and infinite cell: each named by file, line and column. */
    static Stream<Arguments> badCells() {
        return Stream.of(
                Arguments.of(5, "2,10,ten,65000", "column 'interview_score': \"ten\" is not a number"),
                Arguments.of(6, "-1,9,6,70000", "column 'experience': -1 is outside the valid range 0 to 50 years"),
                Arguments.of(9, "11,11,8,80000",
                        "column 'test_score': 11 is outside the valid range 0 to 10 points out of 10"),
                Arguments.of(2, "0,8,NaN,50000", "column 'interview_score': \"NaN\" is not a number"),
                Arguments.of(2, "0,8,9,Infinity", "column 'salary': \"Infinity\" is not a number"));
    }

    @ParameterizedTest(name = "line {0}: {1}")
    @MethodSource("badCells")
    void aBadCellIsNamedByFileLineAndColumn(int line, String content, String problem) throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(line, content));

        assertThat(failure(file).problems()).containsExactly(file + " line " + line + ", " + problem);
    }

    @Test
    void javaNumberSyntaxThatNoSpreadsheetWritesIsRejected() throws Exception {
        for (String cell : new String[] {"7f", "5d", "0x1p3", "1_000", "3.5.1", "2,5,0"}) {
            Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(2, "0,8,9,\"" + cell + "\""));

            assertThat(failure(file).problems()).as(cell)
                    .containsExactly(file + " line 2, column 'salary': \"" + cell + "\" is not a number");
        }
    }

    @Test
    void aQuotedCommaInACommaSeparatedFileIsNeitherThousandsNorDecimalsButSaysWhatToDo() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(2, "0,8,9,\"50,000\""));

        assertThat(failure(file).problems()).containsExactly(file + " line 2, column 'salary': \"50,000\" is not a"
                + " number: write numbers with a point for decimals and no thousands separators, or, if the comma"
                + " marks decimals, train with --decimal-comma");
    }

    @Test
    void scientificNotationIsAccepted() throws Exception {
        Path file = Csv.write(dir, "sci.csv", Csv.hiringWithLine(2, "0,8,9,5e4"));

        assertThat(read(file).target()[0]).isEqualTo(50000.0);
    }

    @Test
    void negativeSalaryIsRejected() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(2, "0,8,9,-50000"));

        assertThat(failure(file).getMessage()).contains(file + " line 2, column 'salary': -50000 is below 0, the"
                + " smallest valid salary (USD)");
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
                file + " line 5, column 'salary': " + MISSING_SALARY);
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

    @Test
    void acceptsTheByteOrderMarkThatExcelWritesAtTheStartOfCsvUtf8() throws Exception {
        Path file = dir.resolve("excel.csv");
        Files.write(file, concat(UTF8_BOM, Files.readAllBytes(Csv.HIRING)));

        Dataset data = read(file);

        Dataset original = read(Csv.HIRING);
        assertThat(data.columns()).isDeepEqualTo(original.columns());
        assertThat(data.target()).isEqualTo(original.target());
        // The hash is of the file as it is, mark included: it identifies the file, not its reading.
        assertThat(data.sha256()).isEqualTo(ModelJar.sha256(Files.readAllBytes(file)));
    }

    @Test
    void aByteOrderMarkAnywhereButTheStartIsShownInTheMessage() throws Exception {
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(3, "\uFEFF0,8,6,45000"));

        assertThat(failure(file).problems()).containsExactly(
                file + " line 3, column 'experience': \"\\uFEFF0\" is not a number");
    }

    @Test
    void invisibleCharactersInTheHeaderAreShownAsCodePoints() throws Exception {
        Path file = Csv.write(dir, "bad.csv",
                Csv.hiringWithLine(1, "experience\u200B,test_score,interview_score\u00A0,salary"));

        assertThat(failure(file).problems()).containsExactly(
                file + " line 1: missing column 'experience'; the header has experience\\u200B, test_score,"
                        + " interview_score\\u00A0, salary",
                file + " line 1: missing column 'interview_score'; the header has experience\\u200B, test_score,"
                        + " interview_score\\u00A0, salary");
    }

    @Test
    void aDoubledByteOrderMarkLeavesOneThatTheMessageShows() throws Exception {
        Path file = dir.resolve("twice.csv");
        Files.write(file, concat(UTF8_BOM, UTF8_BOM, Files.readAllBytes(Csv.HIRING)));

        assertThat(failure(file).problems()).first().asString()
                .endsWith("missing column 'experience'; the header has \\uFEFFexperience, test_score, interview_score,"
                        + " salary");
    }

    @Test
    void visibleWritesOnlyWhatCannotBeSeenAsCodePoints() {
        String seen = "experience, Gehalt (€), Prüfung², 給与, 𝑥, 🙂";
        assertThat(HiringCsv.visible(seen)).isEqualTo(seen);
        assertThat(HiringCsv.visible("\uFEFFa\u00A0b\tc\u200Bd\u2028e\u0000f\uE000")).isEqualTo(
                "\\uFEFFa\\u00A0b\\u0009c\\u200Bd\\u2028e\\u0000f\\uE000");
        // A lone surrogate and an unassigned code point beyond U+FFFF.
        assertThat(HiringCsv.visible("x\uD800y\uDB7F\uDFFFz")).isEqualTo("x\\uD800y\\uDB7F\\uDFFFz");
    }

    @Test
    void utf16IsRefusedByName() throws IOException {
        Path file = dir.resolve("unicode.txt");
        Files.write(file, concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                (Csv.HEADER + "\n").replace(',', '\t').getBytes(StandardCharsets.UTF_16LE)));

        assertThat(failure(file).getMessage()).isEqualTo(file + ": the file is UTF-16 text (it starts with a UTF-16"
                + " byte-order mark, as Excel's \"Unicode Text\" writes); save it as \"CSV UTF-8\" instead");
    }

    static Stream<Arguments> otherDelimiters() {
        return Stream.of(
                Arguments.of(';', "excel.csv", "';'", "semicolon"),
                Arguments.of('\t', "hires.tsv", "tabs", "tab"));
    }

    @ParameterizedTest(name = "a file separated by {2} is named with --delimiter {3}")
    @MethodSource("otherDelimiters")
    void aFileWithAnotherDelimiterIsNamedWithTheOptionThatReadsIt(char delimiter, String name, String separator,
            String option) throws Exception {
        Path file = Csv.write(dir, name, separatedBy(delimiter));

        assertThat(failure(file).problems()).containsExactly(file + " line 1: the header is separated by " + separator
                + ", not ','; train it with --delimiter " + option);
    }

    /** The project data's lines with {@code delimiter} in place of every comma. */
    private static List<String> separatedBy(char delimiter) {
        return Csv.hiringLines().stream().map(line -> line.replace(',', delimiter)).toList();
    }

    @Test
    void aSemicolonFileWithDecimalCommasIsNamedWithBothOptionsAndTheFirstSuchNumber() throws Exception {
        var lines = new ArrayList<>(separatedBy(';'));
        lines.add(1, "");
        lines.set(5, "2;9,5;10;65000");
        Path file = Csv.write(dir, "excel.csv", lines);

        assertThat(failure(file).problems()).containsExactly(file + " line 1: the header is separated by ';', not ',';"
                + " train it with --delimiter semicolon --decimal-comma, as its numbers have decimal commas (9,5 on"
                + " line 6)");
    }

    @Test
    void aCommaFileReadWithAnotherDelimiterIsNamedToo() throws Exception {
        assertThat(failure(Csv.HIRING, new CsvFormat(CsvFormat.Delimiter.SEMICOLON, true)).problems())
                .containsExactly(Csv.HIRING + " line 1: the header is separated by ',', not ';'; train it with"
                        + " --delimiter comma");
    }

    @Test
    void readsSemicolonsWithDecimalCommasAsTheSameNumbers() throws Exception {
        var semicolons = new ArrayList<String>();
        var commas = new ArrayList<String>();
        semicolons.add("\uFEFF" + Csv.HEADER.replace(',', ';'));
        commas.add(Csv.HEADER);
        for (String line : Csv.hiringLines().subList(1, Csv.hiringLines().size())) {
            String[] cell = line.split(",");
            // Half points and cents, as a spreadsheet in a German locale shows them; "-0,5e1" style too.
            semicolons.add(cell[0] + ",5;" + cell[1] + ";\"" + cell[2] + "\"; " + cell[3] + ",25 ");
            commas.add(cell[0] + ".5," + cell[1] + "," + cell[2] + "," + cell[3] + ".25");
        }
        semicolons.add("1,5e0;,5;7,;6,25E4");
        commas.add("1.5,0.5,7,62500");

        Dataset european = read(Csv.write(dir, "excel.csv", String.join("\r\n", semicolons) + "\r\n"),
                new CsvFormat(CsvFormat.Delimiter.SEMICOLON, true));
        Dataset english = read(Csv.write(dir, "plain.csv", commas));

        assertThat(european.rows()).isEqualTo(9);
        assertThat(european.columns()).isDeepEqualTo(english.columns());
        assertThat(european.target()).isEqualTo(english.target());
        assertThat(european.columns()[0][8]).isEqualTo(1.5);
    }

    @Test
    void readsTabs() throws Exception {
        Path file = Csv.write(dir, "hires.tsv", separatedBy('\t'));

        Dataset data = read(file, new CsvFormat(CsvFormat.Delimiter.TAB, false));

        assertThat(data.columns()).isDeepEqualTo(read(Csv.HIRING).columns());
        assertThat(data.target()).isEqualTo(read(Csv.HIRING).target());
    }

    @Test
    void aDecimalCommaWithoutTheOptionSaysWhichOptionReadsIt() throws Exception {
        Path file = Csv.write(dir, "excel.csv", semicolons(4, "5;6,5;7;60000"));

        assertThat(failure(file, new CsvFormat(CsvFormat.Delimiter.SEMICOLON, false)).problems()).containsExactly(
                file + " line 4, column 'test_score': \"6,5\" has a decimal comma: train with --decimal-comma, or"
                        + " export the file with a point as the decimal separator");
    }

    @Test
    void aPointWithTheDecimalCommaOptionIsRefusedForItMayGroupThousands() throws Exception {
        // In a German locale 80.000 is eighty thousand; read with a decimal point it would be eighty.
        Path file = Csv.write(dir, "excel.csv", semicolons(9, "11;7;8;80.000"));

        assertThat(failure(file, new CsvFormat(CsvFormat.Delimiter.SEMICOLON, true)).problems()).containsExactly(
                file + " line 9, column 'salary': \"80.000\" has a point, but --decimal-comma says numbers are"
                        + " written like 2,5; write decimals with a comma and no thousands separators");
    }

    @Test
    void aRowThatADecimalCommaSplitIsRefusedRatherThanReadShifted() throws Exception {
        // Read naively, this row would be experience 5, test_score 6, interview_score 5 and a salary of 7.
        Path file = Csv.write(dir, "bad.csv", Csv.hiringWithLine(4, "5,6,5,7,60000"));

        assertThat(failure(file).problems()).containsExactly(file + " line 4: the row has 5 cells but the header"
                + " names 4 columns; a ',' inside a cell, such as a decimal comma in 2,5, splits it in two: quote"
                + " that cell, or write decimals with a point");
    }

    @Test
    void blankCellsPastTheHeaderAreHarmless() throws Exception {
        Path file = Csv.write(dir, "wide.csv", Csv.hiringWithLine(4, "5,6,7,60000,,  ,"));

        assertThat(read(file).target()).isEqualTo(read(Csv.HIRING).target());
    }

    /** data/hiring.csv written with semicolons, with line {@code lineNumber} (1 is the header) replaced. */
    private static List<String> semicolons(int lineNumber, String replacement) {
        var lines = new ArrayList<>(separatedBy(';'));
        lines.set(lineNumber - 1, replacement);
        return lines;
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Dataset read(Path file) throws DataException {
        return read(file, CsvFormat.DEFAULT);
    }

    private static Dataset read(Path file, CsvFormat format) throws DataException {
        return HiringCsv.read(file, format, Schemas.HIRING);
    }

    private static Model fit(Dataset data) throws DataException {
        return Fits.fit(data, "1.0.0");
    }

    private static DataException failure(Path file) {
        return failure(file, CsvFormat.DEFAULT);
    }

    private static DataException failure(Path file, CsvFormat format) {
        var e = catchThrowableOfType(DataException.class, () -> read(file, format));
        assertThat(e).as("reading %s should fail", file).isNotNull();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
        return e;
    }
}
