package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.metadata.CrossValidation;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossValidationTest {

    /** More rows than leave-one-out takes, so k-fold is used. */
    private static final int LARGE = 1200;

    private static Dataset large;

    @BeforeAll
    static void generate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("generated.csv");
        GenerateCommand.write(file, LARGE, 7);
        large = Fits.read(file);
    }

    @Test
    void smallDataIsLeftOutOneRowAtATimeWhateverTheConfiguredFolds() throws Exception {
        CrossValidation cv = Fits.fit(Fits.read(Csv.HIRING), "1.0.0", new FitSettings(Algorithm.OLS, 1, 3, 99))
                .metadata().metrics().crossValidation();

        assertThat(cv.method()).isEqualTo(CrossValidation.LEAVE_ONE_OUT);
        assertThat(cv.folds()).isEqualTo(8);
        assertThat(cv.seed()).isNull();
    }

    @Test
    void leaveOneOutMatchesRefittingWithoutEachRow() throws Exception {
        Dataset data = Fits.read(Csv.HIRING);
        int n = data.rows();
        double squares = 0;
        double absolute = 0;
        double total = 0;
        double mean = java.util.Arrays.stream(data.target()).average().orElseThrow();
        for (int i = 0; i < n; i++) {
            boolean[] use = new boolean[n];
            java.util.Arrays.fill(use, true);
            use[i] = false;
            double[] b = IndependentOls.coefficients(data, use);
            double residual = data.target()[i] - IndependentOls.predict(b, data.columns()[0][i],
                    data.columns()[1][i], data.columns()[2][i]);
            squares += residual * residual;
            absolute += Math.abs(residual);
            total += (data.target()[i] - mean) * (data.target()[i] - mean);
        }

        CrossValidation cv = Fits.fit(data, "1.0.0").metadata().metrics().crossValidation();

        assertThat(cv.rmse()).isCloseTo(Math.sqrt(squares / n), within(1e-6));
        assertThat(cv.mae()).isCloseTo(absolute / n, within(1e-6));
        assertThat(cv.rSquared()).isCloseTo(1 - squares / total, within(1e-9));
        // numpy on the same data, for the record.
        assertThat(cv.rmse()).isCloseTo(5585.466993964905, within(1e-6));
    }

    @Test
    void leaveOneOutIsMoreHonestThanTheTrainingFit() throws Exception {
        var metrics = Fits.fit(Fits.read(Csv.HIRING), "1.0.0").metadata().metrics();

        assertThat(metrics.crossValidation().rmse()).isGreaterThan(metrics.rmse());
        assertThat(metrics.crossValidation().rSquared()).isLessThan(metrics.rSquared());
    }

    @Test
    void largeDataIsSplitIntoTheConfiguredFoldsWithTheConfiguredSeed() throws Exception {
        CrossValidation cv = kFold(5, 99);

        assertThat(cv.method()).isEqualTo(CrossValidation.K_FOLD);
        assertThat(cv.folds()).isEqualTo(5);
        assertThat(cv.seed()).isEqualTo(99L);
        // The generator's noise has a standard deviation of 3000 USD: held-out errors should be about that.
        assertThat(cv.rmse()).isBetween(2500.0, 3500.0);
        assertThat(cv.mae()).isLessThan(cv.rmse());
        assertThat(cv.rSquared()).isBetween(0.5, 1.0);
    }

    @Test
    void theSameSeedGivesTheSameNumbers() throws Exception {
        assertThat(kFold(10, 42)).isEqualTo(kFold(10, 42));
    }

    @Test
    void anotherSeedShufflesDifferently() throws Exception {
        CrossValidation first = kFold(10, 42);
        CrossValidation second = kFold(10, 43);

        assertThat(second.rmse()).isNotEqualTo(first.rmse());
        assertThat(second.rmse()).isCloseTo(first.rmse(), within(0.05 * first.rmse()));
    }

    @Test
    void penalisedFitsAreCrossValidatedTheSameWay() throws Exception {
        var settings = new FitSettings(Algorithm.RIDGE, 10, 4, 5);
        CrossValidation cv = Fits.fit(large, "1.0.0", settings).metadata().metrics().crossValidation();

        assertThat(cv.method()).isEqualTo(CrossValidation.K_FOLD);
        assertThat(cv.folds()).isEqualTo(4);
        assertThat(cv.seed()).isEqualTo(5L);
        assertThat(Fits.fit(large, "1.0.0", settings).metadata().metrics().crossValidation()).isEqualTo(cv);
    }

    private static CrossValidation kFold(int folds, long seed) throws DataException {
        return Fits.fit(large, "1.0.0", new FitSettings(Algorithm.OLS, 1, folds, seed))
                .metadata().metrics().crossValidation();
    }
}
