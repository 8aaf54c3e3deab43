package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.RScript;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The near-collinearity diagnostics: on AER::CPS1985 with age in the design (age = education + experience + 6 in
 * every row but one), the variance inflation factors, the condition number and the row of leverage 1 agree with R
 * ({@code src/test/resources/r/collinearity.R}); and on designs whose answer is known by construction.
 */
class CollinearityTest {

    /** Agreement to this relative difference: the two differ only in floating-point rounding. */
    private static final double RELATIVE = 1e-9;

    @TempDir
    static Path dir;

    static Path withAge;
    static Map<String, double[]> r;

    @BeforeAll
    static void exportAndAskR() throws Exception {
        RealWages.Files3 files = RealWages.export(dir);
        withAge = Files.copy(files.cps1985(), dir.resolve("cps1985-age.csv"));
        Files.writeString(DataSchema.besideData(withAge), RealWages.CPS1985_WITH_AGE_SCHEMA, UTF_8);
        Path out = dir.resolve("collinearity-r.txt");
        RScript.run(CollinearityTest.class, "/r/collinearity.R", files.cps1985().toString(), out.toString());
        r = new HashMap<>();
        for (String line : Files.readAllLines(out, UTF_8)) {
            String[] parts = line.split(" ");
            double[] values = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                values[i - 1] = Double.parseDouble(parts[i]);
            }
            r.put(parts[0], values);
        }
    }

    @Test
    void varianceInflationFactorsConditionNumberAndTheRowOfLeverageOneAgreeWithR() throws Exception {
        Collinearity collinearity = diagnose(withAge);

        assertThat(collinearity.inflations()).hasSize(16);
        for (Collinearity.Inflation inflation : collinearity.inflations()) {
            double expected = r.get("vif." + inflation.column())[0];
            assertThat(inflation.vif()).as(inflation.column()).isCloseTo(expected, within(RELATIVE * expected));
        }
        double condition = r.get("condition")[0];
        assertThat(collinearity.conditionNumber()).isCloseTo(condition, within(RELATIVE * condition));
        assertThat(collinearity.fullLeverage()).extracting(Collinearity.Leverage::row)
                .containsExactly(Math.round(r.get("leverage_one")[0]));
        assertThat(collinearity.fullLeverage().get(0).leverage()).isCloseTo(1, within(Collinearity.LEVERAGE_TOLERANCE));
    }

    @Test
    void namesTheCollinearColumnsTheRowAndWhatToDo() throws Exception {
        Collinearity collinearity = diagnose(withAge);

        assertThat(collinearity.nearlyCollinear()).isTrue();
        assertThat(collinearity.named()).containsExactly("experience", "age", "education");
        assertThat(collinearity.warnings()).hasSize(4);
        assertThat(collinearity.warnings().get(0)).startsWith("the design is nearly collinear: condition number 154.67");
        assertThat(collinearity.warnings().get(1)).startsWith("variance inflation factors of 10 or more: experience"
                + " 5212.81, age 4669.81, education 234.86 (");
        assertThat(collinearity.warnings().get(2)).startsWith("data row 444 has leverage 1:");
        assertThat(collinearity.warnings().get(3)).startsWith("what to do: drop one of experience, age and education"
                + " from the schema file; data row 444 alone tells them apart");
    }

    @Test
    void withoutAgeTheSurveyIsNotNearlyCollinear() throws Exception {
        Collinearity collinearity = diagnose(dir.resolve("cps1985.csv"));

        assertThat(collinearity.nearlyCollinear()).isFalse();
        assertThat(collinearity.largest().vif()).isLessThan(Collinearity.VIF_LIMIT);
        assertThat(collinearity.summary()).startsWith("Design: 15 columns, condition number 3.60, largest variance"
                + " inflation factor 2.47 (occupation=technical)");
    }

    @Test
    void uncorrelatedColumnsHaveNoInflationAndAConditionNumberOfOne() {
        // A full 2 × 2 × 2 factorial, twice: the centred columns are orthogonal by construction.
        double[][] columns = new double[3][16];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 3; j++) {
                columns[j][i] = (i >> j) & 1;
            }
        }
        Collinearity collinearity = Collinearity.of(design(columns), Dataset.Dropped.NONE);

        assertThat(collinearity.inflations()).allSatisfy(i -> assertThat(i.vif()).isCloseTo(1, within(1e-12)));
        assertThat(collinearity.conditionNumber()).isCloseTo(1, within(1e-12));
        assertThat(collinearity.fullLeverage()).isEmpty();
    }

    @Test
    void aColumnOnlyOneRowSetsGivesThatRowLeverageOneNumberedAsTheFileNumbersIt() {
        // Column 1 is 1 in row 5 alone (a level of one row), and two rows before it were left out of the file.
        double[][] columns = new double[2][12];
        for (int i = 0; i < 12; i++) {
            columns[0][i] = i % 4;
            columns[1][i] = i == 5 ? 1 : 0;
        }
        var dropped = new Dataset.Dropped(new long[] {2, 4, 20}, new long[] {3, 5, 21});

        Collinearity collinearity = Collinearity.of(design(columns), dropped);

        assertThat(collinearity.fullLeverage()).extracting(Collinearity.Leverage::row).containsExactly(8L);
        assertThat(collinearity.inflated()).isEmpty();
        assertThat(collinearity.warnings()).last().asString().startsWith("what to do: check data row 8: without it a"
                + " column (or a level no other row has) cannot be estimated");
    }

    @Test
    void theReferenceDataIsNotNearlyCollinearAndTheCommandSaysSoInOneLine() throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Dataset data = Fits.read(Csv.HIRING);

        Collinearity collinearity = Collinearity.before(data, Schemas.HIRING, Fits.OLS,
                new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));

        assertThat(collinearity.nearlyCollinear()).isFalse();
        assertThat(out.toString(UTF_8)).startsWith("Design: 3 columns, condition number ").endsWith("not near-collinear.\n");
        assertThat(err.toString(UTF_8)).isEmpty();
        assertThat(Collinearity.before(data, Schemas.HIRING, new FitSettings(Algorithm.GBM, 1, 10, 42),
                new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8))).as("trees mind none").isNull();
    }

    private static Collinearity diagnose(Path csv) throws Exception {
        DataSchema schema = DataSchema.read(DataSchema.besideData(csv));
        Dataset data = HiringCsv.read(csv, CsvFormat.DEFAULT, schema, false);
        return Collinearity.of(Trainer.prepare(data, Declared.of(schema), Fits.OLS).fitData(), data.dropped());
    }

    private static Dataset design(double[][] columns) {
        var names = new ArrayList<String>();
        for (int j = 0; j < columns.length; j++) {
            names.add("x" + j);
        }
        return new Dataset("design.csv", "0".repeat(64), List.copyOf(names), columns, new double[columns[0].length]);
    }
}
