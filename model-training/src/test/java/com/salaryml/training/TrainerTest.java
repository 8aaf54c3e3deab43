package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.LinearModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path dir;

    @Test
    void predictsTheReferenceSalaryToTheCent() throws Exception {
        LinearModel model = fit(Csv.HIRING);

        double salary = model.predict(SalarySchema.REFERENCE_INSTANCE).value();

        assertThat(salary).isCloseTo(52062.76, within(0.005));
        assertThat(salary).isCloseTo(52062.76112207885, within(1e-6));
    }

    @Test
    void matchesAnIndependentLeastSquaresSolution() throws Exception {
        Dataset data = read(Csv.HIRING);
        double[] expected = normalEquations(data);

        LinearModel model = Fits.fit(data, "1.0.0");

        assertThat(model.intercept()).isCloseTo(expected[0], within(1e-6));
        for (int j = 0; j < 3; j++) {
            assertThat(model.coefficients()[j]).as("coefficient %d", j).isCloseTo(expected[j + 1], within(1e-6));
        }
    }

    @Test
    void metricsDescribeTheFitOnTheTrainingData() throws Exception {
        Dataset data = read(Csv.HIRING);
        LinearModel model = Fits.fit(data, "1.0.0");

        double squares = 0;
        double absolute = 0;
        double total = 0;
        double mean = java.util.Arrays.stream(data.target()).average().orElseThrow();
        for (int i = 0; i < data.rows(); i++) {
            double predicted = model.predict(java.util.Map.of("experience", data.columns()[0][i],
                    "test_score", data.columns()[1][i], "interview_score", data.columns()[2][i])).value();
            double residual = data.target()[i] - predicted;
            squares += residual * residual;
            absolute += Math.abs(residual);
            total += (data.target()[i] - mean) * (data.target()[i] - mean);
        }
        var metrics = model.metadata().metrics();

        assertThat(metrics.rmse()).isCloseTo(Math.sqrt(squares / data.rows()), within(1e-6));
        assertThat(metrics.mae()).isCloseTo(absolute / data.rows(), within(1e-6));
        assertThat(metrics.rSquared()).isCloseTo(1 - squares / total, within(1e-9)).isBetween(0.0, 1.0);
    }

    @Test
    void recordsNameVersionAlgorithmSchemaAndProvenance() throws Exception {
        Dataset data = read(Csv.HIRING);
        var meta = Fits.fit(data, "3.1.4").metadata();

        assertThat(meta.name()).isEqualTo("salary");
        assertThat(meta.version()).isEqualTo("3.1.4");
        assertThat(meta.algorithm()).isEqualTo("ols");
        assertThat(meta.schema()).isEqualTo(SalarySchema.FEATURES);
        assertThat(meta.target()).isEqualTo(SalarySchema.TARGET);
        assertThat(meta.trainingData().file()).isEqualTo("hiring.csv");
        assertThat(meta.trainingData().sha256()).isEqualTo(data.sha256());
        assertThat(meta.trainingData().rows()).isEqualTo(8);
    }

    @Test
    void tooFewRowsFail() throws Exception {
        // Leave-one-out fits 4 rows at a time here: exactly determined, so no error could be measured.
        Path file = Csv.write(dir, "few.csv", Csv.hiringLines().subList(0, 6));

        var e = failure(file);

        assertThat(e.getMessage()).isEqualTo("few.csv: 5 data rows are too few to fit 3 coefficients and an"
                + " intercept and still measure the error on held-out rows; at least 6 rows are needed");
    }

    @Test
    void sixRowsAreEnough() throws Exception {
        Path file = Csv.write(dir, "six.csv", Csv.hiringLines().subList(0, 7));

        assertThat(fit(file).metadata().trainingData().rows()).isEqualTo(6);
    }

    @Test
    void constantColumnFailsNamingIt() throws Exception {
        Path file = Csv.write(dir, "constant.csv", withColumn(1, row -> "7"));

        var e = failure(file);

        assertThat(e.getMessage()).startsWith("constant.csv: column 'test_score' is constant (every row has 7)");
    }

    @Test
    void constantColumnWhoseMeanIsNotExactFailsToo() throws Exception {
        // Eight times 0.1 does not sum to exactly 0.8, so the centred column is tiny but not zero.
        Path file = Csv.write(dir, "constant.csv", withColumn(2, row -> "0.1"));

        var e = failure(file);

        assertThat(e.getMessage()).startsWith("constant.csv: column 'interview_score' is constant (every row has 0.1)");
    }

    @Test
    void collinearColumnFailsNamingIt() throws Exception {
        Path file = Csv.write(dir, "collinear.csv",
                withColumn(2, row -> Double.toString(10 - Double.parseDouble(row[1]))));

        var e = failure(file);

        assertThat(e.getMessage()).startsWith(
                "collinear.csv: column 'interview_score' is collinear with 'experience', 'test_score' and the intercept");
    }

    @Test
    void columnCombiningTwoOthersIsCollinear() throws Exception {
        Path file = Csv.write(dir, "collinear.csv", withColumn(2,
                row -> Double.toString(Double.parseDouble(row[0]) / 4 + Double.parseDouble(row[1]) / 2)));

        assertThat(failure(file).getMessage()).contains("column 'interview_score' is collinear");
    }

    /** data/hiring.csv with one column's cells computed from each row's cells. */
    private static List<String> withColumn(int column, java.util.function.Function<String[], String> value) {
        var lines = new ArrayList<String>();
        lines.add(Csv.HEADER);
        for (String line : Csv.hiringLines().subList(1, Csv.hiringLines().size())) {
            String[] cells = line.split(",");
            cells[column] = value.apply(cells);
            lines.add(String.join(",", cells));
        }
        return lines;
    }

    /** Solves (XᵀX) b = Xᵀy by Gauss-Jordan elimination, with X = [1, columns]. */
    private static double[] normalEquations(Dataset data) {
        int p = data.columns().length + 1;
        double[][] a = new double[p][p + 1];
        for (int i = 0; i < data.rows(); i++) {
            double[] x = new double[p];
            x[0] = 1;
            for (int j = 1; j < p; j++) {
                x[j] = data.columns()[j - 1][i];
            }
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    a[r][c] += x[r] * x[c];
                }
                a[r][p] += x[r] * data.target()[i];
            }
        }
        for (int k = 0; k < p; k++) {
            int pivot = k;
            for (int r = k + 1; r < p; r++) {
                if (Math.abs(a[r][k]) > Math.abs(a[pivot][k])) {
                    pivot = r;
                }
            }
            double[] swap = a[k];
            a[k] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < p; r++) {
                if (r != k) {
                    double factor = a[r][k] / a[k][k];
                    for (int c = k; c <= p; c++) {
                        a[r][c] -= factor * a[k][c];
                    }
                }
            }
        }
        double[] b = new double[p];
        for (int k = 0; k < p; k++) {
            b[k] = a[k][p] / a[k][k];
        }
        return b;
    }

    private static Dataset read(Path file) throws DataException {
        return HiringCsv.read(file, SalarySchema.FEATURES, SalarySchema.TARGET);
    }

    private static LinearModel fit(Path file) throws DataException {
        return Fits.fit(file);
    }

    private static DataException failure(Path file) {
        var e = catchThrowableOfType(DataException.class, () -> fit(file));
        assertThat(e).as("training on %s should fail", file).isNotNull();
        return e;
    }
}
