package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.training.Algorithm;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataSchema;
import com.salaryml.training.FitSettings;
import com.salaryml.training.GenerateCommand;
import com.salaryml.training.TreeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tree ensembles on data above {@code cv.holdout_above_rows}: fitted once, measured on a seeded held-out share, and
 * given a split-conformal interval whose coverage of new rows, drawn from the same distribution, is the level.
 */
class SparkHoldoutTest {

    @TempDir
    Path dir;

    @Test
    void theHeldOutRowsAreExactlyTheirShareAndTheSeedChoosesThem() {
        byte[] first = LinearFolds.heldOut(1_001, 0.1, 42);
        byte[] again = LinearFolds.heldOut(1_001, 0.1, 42);
        byte[] other = LinearFolds.heldOut(1_001, 0.1, 43);

        assertThat(count(first)).isEqualTo(101); // ⌈0.1 · 1,001⌉
        assertThat(first).isEqualTo(again).isNotEqualTo(other);
        assertThat(count(LinearFolds.heldOut(20_000, 0.25, 7))).isEqualTo(5_000);
    }

    @Test
    void gbmOnLargeDataIsMeasuredOnHeldOutRowsAndItsIntervalCoversNewRowsAtItsLevel() throws Exception {
        Path training = dir.resolve("training.csv");
        Path fresh = dir.resolve("fresh.csv");
        GenerateCommand.write(training, 20_000, 5);
        GenerateCommand.write(fresh, 20_000, 6);
        // 20 trees of at most 3 splits: enough to fit the truth, few enough for a test. Above 5,000 rows, a fifth
        // held out: 4,000 residuals calibrate the interval.
        var gbm = new TreeSettings(20, 4, 32, 5, 0.3, 0.7, 0, 42);
        var settings = new FitSettings(Algorithm.GBM, 1.0, 10, 42, gbm, TreeSettings.RANDOM_FOREST,
                FitSettings.DEFAULT_BINS, new FitSettings.Holdout(5_000, 0.2));
        Path schemaFile = DataSchema.besideData(training);
        DataSchema schema = DataSchema.read(schemaFile);
        var data = SparkTrainingData.read(LocalSpark.session(), training.toString(), null, CsvFormat.DEFAULT, schema,
                Files.readAllBytes(schemaFile), schemaFile.toString());
        Model model;
        try {
            model = SparkTreeTrainer.fit(data, schema, "1.0.0", settings, SparkTreeFits.PROVENANCE);
        } finally {
            data.release();
        }

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

        // New rows the model never saw, neither in its fit nor in its calibration: covered at the level. With
        // 4,000 calibration residuals and 20,000 new rows, the coverage's spread is about 0.4 percentage points.
        double[][] columns = columns(fresh);
        // Through the model file, as served: the holdout's metrics and the split interval written and read back.
        Predictions predicted = ModelFormat.read(ModelFormat.write(model), "the model").predictColumns(
                new double[][] {columns[0], columns[1], columns[2]});
        int covered = 0;
        for (int i = 0; i < predicted.size(); i++) {
            if (predicted.low(i) <= columns[3][i] && columns[3][i] <= predicted.high(i)) {
                covered++;
            }
        }
        assertThat(covered / (double) predicted.size()).as("coverage of 20,000 new rows")
                .isCloseTo(0.95, within(0.012));
    }

    /** The generated CSV's columns: experience, test score, interview score, salary. */
    private static double[][] columns(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        double[][] columns = new double[4][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            for (int j = 0; j < 4; j++) {
                columns[j][i - 1] = Double.parseDouble(cells[j]);
            }
        }
        return columns;
    }

    private static long count(byte[] bytes) {
        long count = 0;
        for (byte b : bytes) {
            count += b;
        }
        return count;
    }
}
