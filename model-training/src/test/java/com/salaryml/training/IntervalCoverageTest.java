package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Measured coverage of the 95% prediction interval, the test: on seeded synthetic data with a non-linear
 * truth and known noise ({@code GenerateCommand --truth nonlinear}, Gaussian noise with a standard deviation of
 * $3,000), train on {@value #TRAINING_ROWS} rows with the default settings, load the written model file, and
 * count how many of {@value #TEST_ROWS} fresh rows fall inside their interval.
 *
 * <p>Gradient boosting and the random forest carry a conformal interval, which assumes only that new rows are
 * like the training rows. Ordinary least squares keeps its exact interval, whose assumptions (a linear truth,
 * normal noise of constant spread) this data breaks on purpose: its coverage is checked all the same, as the
 * issue asks, and it holds overall (docs/training.md shows where it does not: by region).
 *
 * <p>The build checks the training data of seed {@value #TRAINING_SEED}; {@code -Dcoverage.seeds=1,2,3,4,5}
 * checks others too (fresh rows from seed + 1000), which is how the table in docs/training.md was made.
 */
class IntervalCoverageTest {

    static final int TRAINING_ROWS = 2_000;
    static final int TEST_ROWS = 20_000;
    static final long TRAINING_SEED = 1;
    /** The seed of the fresh rows: the training seed plus 1000. */
    static final long TEST_SEED = 1001;

    private static final System.Logger LOG = System.getLogger(IntervalCoverageTest.class.getName());

    @TempDir
    Path dir;

    static Stream<Arguments> familiesAndSeeds() {
        return seeds().flatMap(seed -> Stream.of(Algorithm.GBM, Algorithm.RANDOM_FOREST, Algorithm.OLS)
                .map(algorithm -> Arguments.of(algorithm, seed)));
    }

    @ParameterizedTest(name = "{0}, training seed {1}")
    @MethodSource("familiesAndSeeds")
    void theIntervalCoversBetween94And96Point5PercentOfFreshRows(Algorithm algorithm, long seed) throws Exception {
        GenerateCommand.write(dir.resolve("train.csv"), TRAINING_ROWS, seed, GenerateCommand.Truth.NONLINEAR);
        GenerateCommand.write(dir.resolve("test.csv"), TEST_ROWS, seed + TEST_SEED - TRAINING_SEED,
                GenerateCommand.Truth.NONLINEAR);
        Dataset training = Fits.read(dir.resolve("train.csv"));
        Dataset test = Fits.read(dir.resolve("test.csv"));
        Model trained = Fits.fit(training, "1.0.0", new FitSettings(algorithm, 1.0, 10, 42));
        Path file = Files.write(dir.resolve(algorithm.id + ".json"), ModelFormat.write(trained));
        Predictor model = ModelLoader.load(file);

        Predictions predictions = model.predictColumns(test.columns());
        int covered = 0;
        double width = 0;
        double squares = 0;
        // Coverage where the truth bends most: the first years of experience, and many years on.
        int[] junior = new int[2];
        int[] senior = new int[2];
        for (int i = 0; i < TEST_ROWS; i++) {
            double actual = test.target()[i];
            boolean inside = predictions.low(i) <= actual && actual <= predictions.high(i);
            if (inside) {
                covered++;
            }
            int[] region = test.columns()[0][i] < 2 ? junior : test.columns()[0][i] >= 15 ? senior : null;
            if (region != null) {
                region[0]++;
                region[1] += inside ? 1 : 0;
            }
            width += predictions.high(i) - predictions.low(i);
            squares += (actual - predictions.value(i)) * (actual - predictions.value(i));
        }
        double coverage = covered / (double) TEST_ROWS;
        CrossValidation cv = model.metadata().metrics().crossValidation();
        LOG.log(System.Logger.Level.INFO, "seed {9}, {0} ({1}): coverage {2} ({14} of {3} fresh rows), mean width {4},"
                        + " test RMSE {5}; cross-validated: coverage {6}, mean width {7}, RMSE {8}; coverage with"
                        + " under 2 years'' experience {10} ({11} rows), with 15 or more {12} ({13} rows)", algorithm.id,
                predictions.intervalMethod(), coverage, TEST_ROWS, width / TEST_ROWS, Math.sqrt(squares / TEST_ROWS),
                cv.intervalCoverage(), cv.intervalMeanWidth(), cv.rmse(), seed, junior[1] / (double) junior[0],
                junior[0], senior[1] / (double) senior[0], senior[0], covered);

        assertThat(predictions.intervalMethod()).isEqualTo(algorithm == Algorithm.OLS
                ? IntervalParameters.OLS_EXACT : IntervalParameters.CONFORMAL);
        assertThat(coverage).isBetween(0.94, 0.965);
        // What the model file says of its interval is what fresh data finds.
        assertThat(cv.intervalCoverage()).isCloseTo(coverage, org.assertj.core.api.Assertions.within(0.015));
    }

    /**
     * Where its assumptions hold, a linear truth with normal noise of constant spread, the exact least-squares
     * interval covers 95% as promised, and for every kind of candidate alike.
     */
    @ParameterizedTest(name = "training seed {0}")
    @MethodSource("seeds")
    void leastSquaresCoversWhatItPromisesWhenTheTruthIsLinear(long seed) throws Exception {
        GenerateCommand.write(dir.resolve("train.csv"), TRAINING_ROWS, seed, GenerateCommand.Truth.LINEAR);
        GenerateCommand.write(dir.resolve("test.csv"), TEST_ROWS, seed + TEST_SEED - TRAINING_SEED,
                GenerateCommand.Truth.LINEAR);
        Dataset test = Fits.read(dir.resolve("test.csv"));
        Path file = Files.write(dir.resolve("ols.json"), ModelFormat.write(Fits.fit(Fits.read(dir.resolve("train.csv")),
                "1.0.0", Fits.OLS)));

        Predictions predictions = ModelLoader.load(file).predictColumns(test.columns());
        int covered = 0;
        int seniors = 0;
        int seniorsCovered = 0;
        for (int i = 0; i < TEST_ROWS; i++) {
            double actual = test.target()[i];
            boolean inside = predictions.low(i) <= actual && actual <= predictions.high(i);
            covered += inside ? 1 : 0;
            if (test.columns()[0][i] >= 15) {
                seniors++;
                seniorsCovered += inside ? 1 : 0;
            }
        }
        LOG.log(System.Logger.Level.INFO, "seed {0}, ols on a linear truth: coverage {1} ({2} of {3} fresh rows),"
                + " with 15 or more years'' experience {4} ({5} rows)", seed, covered / (double) TEST_ROWS, covered,
                TEST_ROWS, seniorsCovered / (double) seniors, seniors);

        assertThat(covered / (double) TEST_ROWS).isBetween(0.94, 0.965);
        assertThat(seniorsCovered / (double) seniors).isBetween(0.93, 0.97);
    }

    static Stream<Long> seeds() {
        return Arrays.stream(System.getProperty("coverage.seeds", Long.toString(TRAINING_SEED)).split(","))
                .map(String::strip).map(Long::valueOf);
    }
}
