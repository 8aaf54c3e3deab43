package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Reference;
import com.salaryml.artifact.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import smile.data.formula.Formula;

class TrainerTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"OLS", "RIDGE", "LASSO"})
    void theWarmUpFitsWithEveryAlgorithmAndChangesNothing(Algorithm algorithm) throws Exception {
        var settings = new FitSettings(algorithm, 1.0, 10, 42);
        Dataset data = read(Csv.HIRING);
        Model before = Fits.fit(data, "1.0.0", settings);

        Trainer.warmUp(Schemas.HIRING.features(), Schemas.HIRING.target(), settings, Fits.PROVENANCE);

        assertThat(Fits.fit(data, "1.0.0", settings)).isEqualTo(before);
    }

    @Test
    void predictsTheReferenceSalaryToTheCent() throws Exception {
        Model model = fit(Csv.HIRING);

        double salary = model.predict(Schemas.HIRING.examples()).value();

        assertThat(salary).isCloseTo(52062.76, within(0.005));
        assertThat(salary).isCloseTo(52062.76112207885, within(1e-6));
    }

    @Test
    void matchesAnIndependentLeastSquaresSolution() throws Exception {
        Dataset data = read(Csv.HIRING);
        double[] expected = IndependentOls.coefficients(data);

        Model model = Fits.fit(data, "1.0.0");

        assertThat(Fits.linear(model).intercept()).isCloseTo(expected[0], within(1e-6));
        for (int j = 0; j < 3; j++) {
            assertThat(Fits.linear(model).coefficients()[j]).as("coefficient %d", j).isCloseTo(expected[j + 1], within(1e-6));
        }
    }

    @Test
    void metricsDescribeTheFitOnTheTrainingData() throws Exception {
        Dataset data = read(Csv.HIRING);
        Model model = Fits.fit(data, "1.0.0");

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
        assertThat(meta.schema()).isEqualTo(Schemas.HIRING.features());
        assertThat(meta.target()).isEqualTo(Schemas.HIRING.target());
        assertThat(meta.trainingData().file()).isEqualTo("hiring.csv");
        assertThat(meta.trainingData().sha256()).isEqualTo(data.sha256());
        assertThat(meta.trainingData().rows()).isEqualTo(8);
    }

    @Test
    void coefficientStatisticsAreSmilesInterceptFirstAndMatchTheCoefficients() throws Exception {
        Dataset data = read(Csv.HIRING);
        Model model = Fits.fit(data, "1.0.0");
        double[][] ttest = smile.regression.OLS.fit(Formula.lhs("salary"),
                Trainer.frame(data, Schemas.HIRING.features(), Schemas.HIRING.target(), null)).ttest();

        var stats = model.metadata().coefficientStats();

        assertThat(stats).extracting(CoefficientStats::term)
                .containsExactly("intercept", "experience", "test_score", "interview_score");
        double[] estimates = {Fits.linear(model).intercept(), Fits.linear(model).coefficients()[0], Fits.linear(model).coefficients()[1],
                Fits.linear(model).coefficients()[2]};
        for (int j = 0; j < 4; j++) {
            CoefficientStats term = stats.get(j);
            assertThat(term.estimate()).as("estimate of %s", term.term()).isEqualTo(estimates[j])
                    .isCloseTo(ttest[j][0], within(1e-9));
            assertThat(term.stdError()).as("std error of %s", term.term()).isCloseTo(ttest[j][1], within(1e-9));
            assertThat(term.tValue()).as("t of %s", term.term()).isCloseTo(ttest[j][2], within(1e-12));
            assertThat(term.pValue()).as("p of %s", term.term()).isCloseTo(ttest[j][3], within(1e-12));
        }
    }

    @Test
    void coefficientStatisticsMatchAnIndependentComputation() throws Exception {
        Dataset data = read(Csv.HIRING);
        double[] b = IndependentOls.coefficients(data);
        double[][] inverse = IndependentOls.inverse(IndependentOls.xtx(data, null));
        double s = IndependentOls.residualStdError(data);

        var stats = Fits.fit(data, "1.0.0").metadata().coefficientStats();

        for (int j = 0; j < 4; j++) {
            CoefficientStats term = stats.get(j);
            double stdError = s * Math.sqrt(inverse[j][j]);
            assertThat(term.estimate()).as("estimate of %s", term.term()).isCloseTo(b[j], within(1e-6));
            assertThat(term.stdError()).as("std error of %s", term.term()).isCloseTo(stdError, within(1e-6));
            assertThat(term.tValue()).as("t of %s", term.term()).isCloseTo(b[j] / stdError, within(1e-9));
            assertThat(term.pValue()).as("p of %s", term.term())
                    .isCloseTo(Reference.pValue4(b[j] / stdError), within(1e-8));
        }
    }

    @Test
    void adjustedRSquaredPenalisesTheNumberOfFeatures() throws Exception {
        var metrics = fit(Csv.HIRING).metadata().metrics();
        int n = 8;
        int p = 3;

        assertThat(metrics.adjustedRSquared())
                .isCloseTo(1 - (1 - metrics.rSquared()) * (n - 1) / (n - p - 1), within(1e-12))
                .isLessThan(metrics.rSquared());
        assertThat(metrics.rSquared()).isCloseTo(0.9354376171278136, within(1e-9));
    }

    @ParameterizedTest(name = "experience {0}, test_score {1}, interview_score {2}")
    @CsvSource({"2, 9, 6", "0, 8, 9", "11, 7, 8", "5, 5, 5", "30, 2, 10", "4.75, 8.125, 7.875"})
    void predictionIntervalMatchesAnIndependentComputation(double experience, double testScore,
                                                            double interviewScore) throws Exception {
        Dataset data = read(Csv.HIRING);
        double[] b = IndependentOls.coefficients(data);
        double predicted = IndependentOls.predict(b, experience, testScore, interviewScore);
        double half = Reference.T_975_4 * IndependentOls.residualStdError(data)
                * Math.sqrt(1 + IndependentOls.leverage(data, experience, testScore, interviewScore));

        Prediction prediction = Fits.fit(data, "1.0.0").predict(java.util.Map.of("experience", experience,
                "test_score", testScore, "interview_score", interviewScore));

        assertThat(prediction.value()).isCloseTo(predicted, within(1e-6));
        assertThat(prediction.interval().level()).isEqualTo(0.95);
        assertThat(prediction.interval().low()).isCloseTo(predicted - half, within(1e-6));
        assertThat(prediction.interval().high()).isCloseTo(predicted + half, within(1e-6));
    }

    @Test
    void intervalParametersMatchAnIndependentComputation() throws Exception {
        Dataset data = read(Csv.HIRING);
        double[][] inverse = IndependentOls.inverse(IndependentOls.xtx(data, null));

        var interval = (IntervalParameters.OlsExact) fit(Csv.HIRING).interval();

        assertThat(interval.level()).isEqualTo(0.95);
        assertThat(interval.degreesOfFreedom()).isEqualTo(4);
        assertThat(interval.tCritical()).isCloseTo(Reference.T_975_4, within(1e-12));
        assertThat(interval.residualStdError()).isCloseTo(IndependentOls.residualStdError(data), within(1e-6));
        double[][] stored = interval.xtxInverse();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(stored[r][c]).as("(XᵀX)⁻¹[%d][%d]", r, c)
                        .isCloseTo(inverse[r][c], within(1e-9 * Math.abs(inverse[r][c]) + 1e-15))
                        .isEqualTo(stored[c][r]);
            }
        }
    }

    @Test
    void theReferenceIntervalIsTheDocumentedOne() throws Exception {
        Prediction prediction = fit(Csv.HIRING).predict(Schemas.HIRING.examples());

        // numpy and scipy on the same data: ŷ ± t.ppf(0.975, 4) · s · sqrt(1 + x₀ᵀ inv(XᵀX) x₀).
        assertThat(prediction.interval().low()).isCloseTo(38814.02741682407, within(1e-6));
        assertThat(prediction.interval().high()).isCloseTo(65311.49482733369, within(1e-6));
        assertThat(prediction.intervalNote()).isNull();
    }

    @Test
    void studentsTQuantileIsExactToTheLastBits() {
        // Closed forms: 1 degree of freedom, tan(π(p − 1/2)); 2, (2p − 1)·sqrt(2 / (4p(1 − p))).
        assertThat(Intervals.tCritical(1, 0.95)).isCloseTo(Math.tan(Math.PI * 0.475), within(1e-12));
        assertThat(Intervals.tCritical(2, 0.95)).isCloseTo(0.95 * Math.sqrt(2 / (4 * 0.975 * 0.025)), within(1e-12));
        assertThat(Intervals.tCritical(4, 0.95)).isCloseTo(Reference.T_975_4, within(1e-12));
        // scipy.stats.t.ppf(0.975, df)
        assertThat(Intervals.tCritical(3, 0.95)).isCloseTo(3.1824463052837078, within(1e-12));
        assertThat(Intervals.tCritical(5, 0.95)).isCloseTo(2.5705818356363146, within(1e-12));
        assertThat(Intervals.tCritical(10, 0.95)).isCloseTo(2.228138851986274, within(1e-12));
        assertThat(Intervals.tCritical(100, 0.95)).isCloseTo(1.9839715185235518, within(1e-12));
        assertThat(Intervals.tCritical(1000, 0.95)).isCloseTo(1.9623390808264083, within(1e-12));
        assertThat(Intervals.tCritical(100_000, 0.95)).isCloseTo(1.9599877075346095, within(1e-11));
    }

    @ParameterizedTest
    @CsvSource({"ridge, RIDGE", "lasso, LASSO"})
    void penalisedFitsHaveTheirLambdaButNoIntervalAndNoStatistics(String id, Algorithm algorithm) throws Exception {
        Dataset data = read(Csv.HIRING);
        Model ols = Fits.fit(data, "1.0.0");

        Model model = Fits.fit(data, "1.0.0", new FitSettings(algorithm, 10, 10, 42));

        var meta = model.metadata();
        assertThat(meta.algorithm()).isEqualTo(id);
        assertThat(meta.hyperparameters()).containsExactly(java.util.Map.entry("lambda", 10.0));
        assertThat(model.interval()).isNull();
        assertThat(meta.coefficientStats()).isEmpty();
        assertThat(meta.metrics().crossValidation().method()).isEqualTo("leave-one-out");
        assertThat(Fits.linear(model).coefficients()).isNotEqualTo(Fits.linear(ols).coefficients());
        Prediction prediction = model.predict(Schemas.HIRING.examples());
        assertThat(prediction.interval()).isNull();
        assertThat(prediction.intervalNote()).isNotBlank().contains(id);
        assertThat(prediction.value()).isBetween(30_000.0, 80_000.0);
    }

    @Test
    void olsHasNoHyperparameters() throws Exception {
        var meta = fit(Csv.HIRING).metadata();

        assertThat(meta.hyperparameters()).isEmpty();
        assertThat(meta.provenance()).isEqualTo(Fits.PROVENANCE);
    }

    @Test
    void recordsTheTrainingStatisticsOfEveryFeature() throws Exception {
        var stats = fit(Csv.HIRING).metadata().trainingData().featureStats();

        assertThat(stats.keySet()).containsExactly("experience", "test_score", "interview_score");
        assertThat(stats.get("experience")).satisfies(e -> {
            assertThat(e.min()).isEqualTo(0);
            assertThat(e.max()).isEqualTo(11);
            assertThat(e.mean()).isEqualTo(4.75);
            assertThat(e.std()).isCloseTo(Math.sqrt(127.5 / 7), within(1e-12));
        });
        assertThat(stats.get("test_score").mean()).isEqualTo(8.125);
        assertThat(stats.get("interview_score").min()).isEqualTo(6);
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

    private static Dataset read(Path file) throws DataException {
        return HiringCsv.read(file, CsvFormat.DEFAULT, Schemas.HIRING);
    }

    private static Model fit(Path file) throws DataException {
        return Fits.fit(file);
    }

    private static DataException failure(Path file) {
        var e = catchThrowableOfType(DataException.class, () -> fit(file));
        assertThat(e).as("training on %s should fail", file).isNotNull();
        return e;
    }
}
