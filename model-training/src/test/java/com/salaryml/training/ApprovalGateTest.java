package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.schema.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The approval gate's thresholds, relative to the data by default, and what its refusals say. */
class ApprovalGateTest {

    private static final ApprovalGate DEFAULTS = new ApprovalGate(ApprovalGate.DEFAULT_MIN_CV_R2,
            ApprovalGate.DEFAULT_MAX_RELATIVE_CV_RMSE);

    @Test
    void theDefaultsPassTheReferenceModel() throws Exception {
        Trainer.Fitted fitted = Fits.fitWithSmile(Fits.read(Csv.HIRING), Fits.OLS);

        var measured = ApprovalGate.Measured.of(fitted.model(), fitted.heldOut(), Fits.read(Csv.HIRING).target());

        assertThat(DEFAULTS.failures(measured)).isEmpty();
    }

    @Test
    void theDefaultsRefuseAModelNoBetterThanTheMeanNamingEachThresholdItsSettingAndTheValueFound() throws Exception {
        // Salaries that do not depend on the inputs at all: the best a model can do is the mean, and cross-validated
        // it does a little worse.
        Dataset noise = data(200, 0, 3);
        Trainer.Fitted fitted = Fits.fitWithSmile(noise, Fits.OLS);
        var measured = ApprovalGate.Measured.of(fitted.model(), fitted.heldOut(), noise.target());

        List<String> failures = DEFAULTS.failures(measured);

        assertThat(measured.crossValidation().rSquared()).isLessThan(0);
        assertThat(measured.relativeRmse()).isGreaterThan(1);
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0)).startsWith(String.format(java.util.Locale.ROOT, "cross-validated R² is %.4f,"
                + " below the minimum 0.1 (gate.min_cv_r2)", measured.crossValidation().rSquared()))
                .contains("salary in USD");
        assertThat(failures.get(1)).startsWith(String.format(java.util.Locale.ROOT, "cross-validated RMSE is %.4f of"
                + " the standard deviation of salary, above the maximum 0.95 (gate.max_relative_cv_rmse)",
                measured.relativeRmse())).contains("on salary's own scale (USD)");
    }

    @Test
    void theRelativeRmseIsTheHeldOutRmseOverTheTargetsStandardDeviationWhateverTheUnit() throws Exception {
        Dataset dollars = data(300, 1, 5);
        Dataset cents = new Dataset(dollars.file(), dollars.sha256(), dollars.features(), dollars.columns(),
                java.util.Arrays.stream(dollars.target()).map(v -> v * 100).toArray());
        Trainer.Fitted inDollars = Fits.fitWithSmile(dollars, Fits.OLS);
        Trainer.Fitted inCents = Fits.fitWithSmile(cents, Fits.OLS);

        var a = ApprovalGate.Measured.of(inDollars.model(), inDollars.heldOut(), dollars.target());
        var b = ApprovalGate.Measured.of(inCents.model(), inCents.heldOut(), cents.target());

        assertThat(a.cvRmseFitted()).isCloseTo(inDollars.model().metadata().metrics().crossValidation().rmse(),
                within(1e-9 * a.cvRmseFitted()));
        assertThat(b.relativeRmse()).isCloseTo(a.relativeRmse(), within(1e-12));
        assertThat(ApprovalGate.Measured.fromMetrics(inDollars.model()).targetSdFitted())
                .as("derived from the stored R² and RMSE").isCloseTo(a.targetSdFitted(), within(1e-9 * a.targetSdFitted()));
    }

    @Test
    void anAbsoluteLimitIsJudgedOnlyWhenSetInTheTargetsUnit() throws Exception {
        Trainer.Fitted fitted = Fits.fitWithSmile(Fits.read(Csv.HIRING), Fits.OLS);
        var measured = ApprovalGate.Measured.of(fitted.model(), fitted.heldOut(), Fits.read(Csv.HIRING).target());
        double rmse = measured.crossValidation().rmse();

        assertThat(new ApprovalGate(0.1, 0.95, OptionalDouble.of(rmse * 1.01)).failures(measured)).isEmpty();
        assertThat(new ApprovalGate(0.1, 0.95, OptionalDouble.of(100)).failures(measured)).singleElement()
                .asString().startsWith("cross-validated RMSE is $").contains("above the maximum $100.00 (gate.max_cv_rmse)");
    }

    @Test
    void aModelFittedOnTheLogIsJudgedFromItsStoredMetricsOnTheScaleItServesAndSaysSo() throws Exception {
        Model model = Fits.fit(Fits.read(Csv.HIRING), "1.0.0");
        Model logModel = new Model(model.metadata().toBuilder().target(new Target("salary", "USD",
                Target.Transform.LOG)).build(), model.kind(), model.interval());

        ApprovalGate.Measured onDollars = ApprovalGate.Measured.fromMetrics(model);
        ApprovalGate.Measured measured = ApprovalGate.Measured.fromMetrics(logModel);

        // The stored metrics are of the dollars served, whatever the model was fitted on.
        assertThat(measured.relativeRmse()).isEqualTo(onDollars.relativeRmse());
        assertThat(measured.scale()).isEqualTo("salary's own scale (USD)");
    }

    /** Rows of the hiring schema's inputs, the salary {@code slope} × experience plus noise. */
    private static Dataset data(int rows, double slope, long seed) {
        var random = new SplittableRandom(seed);
        double[][] columns = new double[3][rows];
        double[] salary = new double[rows];
        for (int i = 0; i < rows; i++) {
            columns[0][i] = random.nextInt(0, 30);
            columns[1][i] = random.nextInt(0, 11);
            columns[2][i] = random.nextInt(0, 11);
            salary[i] = 40_000 + slope * 1_000 * columns[0][i] + random.nextGaussian() * 5_000;
        }
        return new Dataset("noise.csv", "0".repeat(64), new ArrayList<>(Fits.FEATURES.names()), columns, salary);
    }
}
