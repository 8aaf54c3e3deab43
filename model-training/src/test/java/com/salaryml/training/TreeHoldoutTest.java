package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.metadata.CrossValidation;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Smile trainer's tree ensembles on data above {@code cv.holdout_above_rows}: fitted once on all rows but a
 * seeded share, measured on that share, and given a split-conformal interval whose coverage of new rows, drawn from
 * the same distribution, is the level; k-fold at or below the threshold. As {@code SparkHoldoutTest} checks the
 * Spark trainer, with the threshold lowered so that a test's data crosses it.
 */
class TreeHoldoutTest {

    /** 20 trees of at most 3 splits: enough to fit the truth, few enough for a test. */
    private static final TreeSettings SMALL_GBM = new TreeSettings(20, 4, 32, 5, 0.3, 0.7, 0, 42);

    private static Dataset small;

    @BeforeAll
    static void data(@TempDir Path shared) throws Exception {
        Path csv = shared.resolve("small.csv");
        GenerateCommand.write(csv, 2_000, 3);
        small = Fits.read(csv);
    }

    private static FitSettings settings(Algorithm algorithm, long aboveRows, double share) {
        return new FitSettings(algorithm, 1.0, 10, 42, SMALL_GBM, new TreeSettings(10, 8, 64, 5, 1.0, 1.0, 0, 42),
                FitSettings.DEFAULT_BINS, new FitSettings.Holdout(aboveRows, share));
    }

    @Test
    void theHeldOutRowsAreExactlyTheirShareAndTheSeedChoosesThem() {
        byte[] first = Folds.heldOut(1_001, 0.1, 42);

        assertThat(count(first)).isEqualTo(101); // ⌈0.1 · 1,001⌉
        assertThat(Folds.heldOut(1_001, 0.1, 42)).isEqualTo(first);
        assertThat(Folds.heldOut(1_001, 0.1, 43)).isNotEqualTo(first);
        assertThat(count(Folds.heldOut(20_000, 0.25, 7))).isEqualTo(5_000);
        assertThat(first).containsOnly(0, 1);
    }

    @Test
    void gbmOnLargeDataIsMeasuredOnHeldOutRowsAndItsIntervalCoversNewRowsAtItsLevel(@TempDir Path dir)
            throws Exception {
        Path training = dir.resolve("training.csv");
        Path fresh = dir.resolve("fresh.csv");
        GenerateCommand.write(training, 20_000, 5);
        GenerateCommand.write(fresh, 20_000, 6);
        Dataset data = Fits.read(training);
        // Above 5,000 rows, a fifth held out: 4,000 residuals calibrate the interval.
        Trainer.Fitted fitted = Fits.fitWithSmile(data, settings(Algorithm.GBM, 5_000, 0.2));
        Model model = fitted.model();

        CrossValidation heldOut = model.metadata().metrics().crossValidation();
        assertThat(heldOut.method()).isEqualTo(CrossValidation.HOLDOUT);
        assertThat(heldOut.folds()).isEqualTo(1);
        assertThat(heldOut.seed()).isEqualTo(42L);
        var interval = (IntervalParameters.Conformal) model.interval();
        assertThat(interval.scheme()).isEqualTo(IntervalParameters.Conformal.SPLIT);
        assertThat(interval.calibrationSize()).isEqualTo(4_000);
        // Measured on the held-out rows, each half against the other half's quantile: near the level.
        assertThat(heldOut.intervalCoverage()).isCloseTo(0.95, within(0.015));
        // The noise is $3,000 (GenerateCommand): a model that learned the truth misses by about that.
        assertThat(heldOut.rmse()).isBetween(2_800.0, 3_600.0);
        assertThat(model.metadata().trainingData().rows()).isEqualTo(20_000);
        // The gate judges the RMSE of the held-out rows alone, here on the target's own scale.
        assertThat(ApprovalGate.Measured.of(model, fitted.heldOut(), data.target()).cvRmseFitted())
                .isCloseTo(heldOut.rmse(), within(1e-6));

        // The rows held out are those Folds.heldOut draws, as the Spark trainer holds them out; the model never saw
        // them (boosting starts from the mean of the rows it is fitted on), and their residuals are the served
        // model's own.
        byte[] side = Folds.heldOut(20_000, 0.2, 42);
        double fittedSum = 0;
        int fittedRows = 0;
        for (int i = 0; i < side.length; i++) {
            if (side[i] == 0) {
                fittedSum += data.target()[i];
                fittedRows++;
            }
        }
        var trees = (TreeEnsembleModel) model.kind();
        assertThat(trees.baseValue()).isCloseTo(fittedSum / fittedRows, within(1e-6));
        double[][] columns = data.columns();
        Predictions onData = model.predictColumns(new double[][] {columns[0], columns[1], columns[2]});
        double[] residuals = fitted.heldOut().residuals();
        assertThat(residuals).hasSize(4_000);
        int k = 0;
        for (int i = 0; i < side.length; i++) {
            if (side[i] == 1) {
                assertThat(residuals[k++]).as("residual of row %d", i)
                        .isCloseTo(data.target()[i] - onData.value(i), within(1e-6));
            }
        }

        // New rows the model never saw, neither in its fit nor in its calibration: covered at the level. With
        // 4,000 calibration residuals and 20,000 new rows, the coverage's spread is about 0.4 percentage points.
        // Through the model file, as served: the holdout's metrics and the split interval written and read back.
        Dataset newRows = Fits.read(fresh);
        double[][] x = newRows.columns();
        byte[] file = ModelFormat.write(model);
        // Format 4, the first with the holdout method, so that an older server says "upgrade".
        assertThat(new String(file, java.nio.charset.StandardCharsets.UTF_8)).contains("\"format_version\": 4,");
        Predictions predicted = ModelFormat.read(file, "the model")
                .predictColumns(new double[][] {x[0], x[1], x[2]});
        int covered = 0;
        for (int i = 0; i < predicted.size(); i++) {
            double actual = newRows.target()[i];
            if (predicted.low(i) <= actual && actual <= predicted.high(i)) {
                covered++;
            }
        }
        assertThat(covered / (double) predicted.size()).as("coverage of 20,000 new rows")
                .isCloseTo(0.95, within(0.012));
    }

    @Test
    void atOrBelowTheThresholdTreesAreCrossValidatedKFold() throws Exception {
        Model atThreshold = Fits.fit(small, "1.0.0", settings(Algorithm.GBM, 2_000, 0.1));
        Model justAbove = Fits.fit(small, "1.0.0", settings(Algorithm.GBM, 1_999, 0.1));

        CrossValidation kFold = atThreshold.metadata().metrics().crossValidation();
        assertThat(kFold.method()).isEqualTo(CrossValidation.K_FOLD);
        assertThat(kFold.folds()).isEqualTo(10);
        assertThat(((IntervalParameters.Conformal) atThreshold.interval()).scheme())
                .isEqualTo(IntervalParameters.Conformal.CV_PLUS);
        assertThat(justAbove.metadata().metrics().crossValidation().method()).isEqualTo(CrossValidation.HOLDOUT);
        assertThat(((IntervalParameters.Conformal) justAbove.interval()).calibrationSize()).isEqualTo(200);
    }

    @Test
    void aForestHoldsOutTooAndLinearModelsAreAlwaysCrossValidated() throws Exception {
        Model forest = Fits.fit(small, "1.0.0", settings(Algorithm.RANDOM_FOREST, 1_000, 0.25));
        Model ols = Fits.fit(small, "1.0.0", settings(Algorithm.OLS, 1_000, 0.25));

        CrossValidation forestCv = forest.metadata().metrics().crossValidation();
        assertThat(forestCv.method()).isEqualTo(CrossValidation.HOLDOUT);
        assertThat(forestCv.seed()).isEqualTo(42L);
        assertThat(((IntervalParameters.Conformal) forest.interval()).calibrationSize()).isEqualTo(500);
        assertThat(ols.metadata().metrics().crossValidation().method()).isEqualTo(CrossValidation.K_FOLD);
        assertThat(ols.metadata().metrics().crossValidation().folds()).isEqualTo(10);
    }

    /**
     * As on Spark, a gap is filled in with the value of the rows the model is fitted on: a held-out row's own value
     * never shapes the model that is measured on it. With categories and a log target, the holdout's errors are in
     * dollars and its interval split conformal on the log scale.
     */
    @Test
    void theFillValuesComeFromTheRowsFittedAloneNotFromTheHeldOutOnes(@TempDir Path dir) throws Exception {
        var lines = new ArrayList<>(AcademicData.lines(400, 17, false));
        for (int line = 1; line < lines.size(); line += 7) {
            String[] cells = lines.get(line).split(",", -1);
            cells[3] = ""; // yrs.service, filled in with the mean
            lines.set(line, String.join(",", cells));
        }
        Path csv = AcademicData.write(dir, "academic.csv", lines, AcademicData.IMPUTING_SCHEMA);
        DataSchema schema = DataSchema.read(DataSchema.besideData(csv));
        Dataset rows = HiringCsv.read(csv, CsvFormat.DEFAULT, schema);
        assertThat(rows.hasMissing()).isTrue();

        Model model = Trainer.fit(rows, schema, "1.0.0", settings(Algorithm.GBM, 100, 0.25), Fits.PROVENANCE);

        byte[] side = Folds.heldOut(400, 0.25, 42);
        double[] service = rows.columns()[3];
        double fittedSum = 0;
        int fittedCount = 0;
        double allSum = 0;
        int allCount = 0;
        for (int i = 0; i < service.length; i++) {
            if (!Double.isNaN(service[i])) {
                allSum += service[i];
                allCount++;
                if (side[i] == 0) {
                    fittedSum += service[i];
                    fittedCount++;
                }
            }
        }
        double fill = model.metadata().schema().features().get(3).missing().value();
        assertThat(fill).isCloseTo(fittedSum / fittedCount, within(1e-9))
                .isNotCloseTo(allSum / allCount, within(1e-6));
        CrossValidation heldOut = model.metadata().metrics().crossValidation();
        assertThat(heldOut.method()).isEqualTo(CrossValidation.HOLDOUT);
        assertThat(heldOut.rmse()).isBetween(5_000.0, 40_000.0);
        assertThat(((IntervalParameters.Conformal) model.interval()).calibrationSize()).isEqualTo(100);
    }

    @Test
    void aHoldoutThatLeavesTooFewRowsToFitOnIsRefusedNamingTheSettings() throws Exception {
        Dataset reference = Fits.read(Csv.HIRING);

        // 8 rows, 4 of them held out: 4 are left, and 3 features need 6.
        assertThatThrownBy(() -> Fits.fit(reference, "1.0.0", settings(Algorithm.GBM, 0, 0.5)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("holding out cv.holdout_share 0.5 of the 8 rows (more than"
                        + " cv.holdout_above_rows, 0) leaves 4 rows to fit a tree ensemble on 3 features; at least 6"
                        + " are needed: lower cv.holdout_share or raise cv.holdout_above_rows");
    }

    private static long count(byte[] bytes) {
        long count = 0;
        for (byte b : bytes) {
            count += b;
        }
        return count;
    }
}
