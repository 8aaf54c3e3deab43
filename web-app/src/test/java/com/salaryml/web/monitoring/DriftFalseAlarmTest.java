package com.salaryml.web.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.ModelMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How often drift is called on windows drawn from the training population itself (false alarms), and whether a
 * shift of two standard deviations is still found in a window of 100: seeded simulations of thousands of
 * windows. Each draws its training data afresh too (100 models, each trained on 5,000 rows), since the test
 * weighs the training sample's noise beside the window's.
 */
class DriftFalseAlarmTest {

    private static final int MODELS = 100;
    private static final int TRAINING_ROWS = 5000;
    private static final int BINS = 10;

    /** Each feature's mean and standard deviation. */
    private static final Map<String, double[]> NORMAL = Map.of(
            "experience", new double[] {5, 2}, "test_score", new double[] {7, 1.5},
            "interview_score", new double[] {6, 1.5});
    /** The standard deviation, and mean, of experience in {@link #years}. */
    private static final double YEARS_STD = 6;

    /** The documented default: a PSI above 0.2, and a false-alarm rate of 1% over all quantities. */
    private static final DriftRule DEFAULT = new DriftRule(0.2, 0.01);
    /** The lowest PSI threshold the setting allows, so that the test alone decides. */
    private static final DriftRule TEST_ALONE = new DriftRule(0.01, 0.01);

    private static List<ModelMetadata> normalModels;
    private static List<ModelMetadata> yearsModels;

    @BeforeAll
    static void trainTheModels() {
        ModelMetadata shipped = DriftFixtures.shipped();
        normalModels = trained(shipped, normal(null, 0), new Random(41));
        yearsModels = trained(shipped, years(0), new Random(43));
    }

    private static List<ModelMetadata> trained(ModelMetadata shipped, DriftFixtures.Population population,
                                               Random random) {
        var models = new ArrayList<ModelMetadata>(MODELS);
        for (int m = 0; m < MODELS; m++) {
            models.add(DriftFixtures.trainedOn(shipped, population, random, TRAINING_ROWS, BINS));
        }
        return models;
    }

    /** Every feature normal, {@code shifted} moved by {@code shift} standard deviations. */
    private static DriftFixtures.Population normal(String shifted, double shift) {
        return (feature, random) -> {
            double[] meanAndStd = NORMAL.get(feature);
            return meanAndStd[0] + (random.nextGaussian() + (feature.equals(shifted) ? shift : 0)) * meanAndStd[1];
        };
    }

    /**
     * Experience in whole years, skewed as years of service are (exponential, mean 6, at most 40), moved by
     * {@code shiftYears}: few distinct values, so its quantile bins are uneven and some hold little, as in the
     * false alarm that was reported. The scores are normal.
     */
    private static DriftFixtures.Population years(double shiftYears) {
        DriftFixtures.Population scores = normal(null, 0);
        return (feature, random) -> feature.equals("experience")
                ? Math.min(40, Math.floor(-YEARS_STD * Math.log(1 - random.nextDouble()))) + shiftYears
                : scores.draw(feature, random);
    }

    /**
     * The reports of {@code perModel} windows of {@code size} predictions from {@code live} against each model,
     * counted and judged by the monitor as the app does it.
     */
    private static List<DriftReport> windows(List<ModelMetadata> models, DriftFixtures.Population live,
                                             DriftRule rule, int size, int perModel, long seed) {
        var random = new Random(seed);
        var monitor = new DriftMonitor(new DriftMonitor.Limits(size, Duration.ofHours(24)), rule,
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        var reports = new ArrayList<DriftReport>(models.size() * perModel);
        for (ModelMetadata model : models) {
            for (int w = 0; w < perModel; w++) {
                // Serving the model again starts its window afresh.
                monitor.serving(DriftFixtures.served(model));
                monitor.predicted(DriftFixtures.event(model, DriftFixtures.draw(model, live, random, size),
                        "window-" + w));
                reports.add(monitor.report(model).orElseThrow());
            }
        }
        return reports;
    }

    /**
     * The test of each of {@code perModel} windows of {@code size} values of {@code feature} against each
     * model's bins for it: what the window does for one quantity, without a request around each value.
     */
    private static List<DriftReport.ChiSquare> tests(List<ModelMetadata> models, String feature,
                                                      DriftFixtures.Population live, int size, int perModel,
                                                      long seed) {
        var random = new Random(seed);
        var tests = new ArrayList<DriftReport.ChiSquare>(models.size() * perModel);
        for (ModelMetadata model : models) {
            Distribution bins = model.trainingData().featureStats().get(feature).distribution();
            for (int w = 0; w < perModel; w++) {
                long[] counts = new long[bins.bins()];
                for (int i = 0; i < size; i++) {
                    counts[bins.bin(live.draw(feature, random))]++;
                }
                tests.add(Homogeneity.test(counts, bins.shares(), model.trainingData().rows()));
            }
        }
        return tests;
    }

    private static <T> double share(List<T> items, Predicate<T> test) {
        return (double) items.stream().filter(test).count() / items.size();
    }

    private static DriftReport.Quantity experience(DriftReport report) {
        return report.features().get(0);
    }

    @Test
    void underNoDriftEachTestRejectsAtItsLevelAtFiftyAHundredAndFiveHundredValues() {
        // 20,000 windows at each size: a rate's standard error is 0.35% at 50%, 0.15% at 5%, 0.07% at 1% and
        // 0.035% at 0.25%, and each band is about three of them wide on either side. At 50 values the counts are
        // coarse enough to move the middle a little; the tail is what an alarm depends on.
        for (int size : new int[] {50, 100, 500}) {
            List<DriftReport.ChiSquare> tests = tests(normalModels, "test_score", normal(null, 0), size, 200,
                    size);
            assertThat(tests).allSatisfy(test -> assertThat(test.degreesOfFreedom()).isEqualTo(BINS - 1));
            assertThat(share(tests, t -> t.pValue() < 0.5)).as("p < 0.5 at %d", size).isBetween(0.47, 0.53);
            assertThat(share(tests, t -> t.pValue() < 0.05)).as("p < 0.05 at %d", size).isBetween(0.045, 0.055);
            assertThat(share(tests, t -> t.pValue() < 0.01)).as("p < 0.01 at %d", size).isBetween(0.008, 0.012);
            assertThat(share(tests, t -> t.pValue() < 0.0025)).as("p < 0.0025 at %d", size)
                    .isBetween(0.0015, 0.0035);
        }
    }

    @Test
    void underNoDriftTheTestOfUnevenBinsOfWholeYearsRejectsAtItsLevel() {
        var tests = tests(yearsModels, "experience", years(0), 100, 200, 7);
        assertThat(share(tests, t -> t.pValue() < 0.05)).as("p < 0.05").isBetween(0.04, 0.06);
        assertThat(share(tests, t -> t.pValue() < 0.01)).as("p < 0.01").isBetween(0.007, 0.013);
        // Whole years have few distinct values: the quantile bins are uneven (15% of rows have 0 years).
        Distribution bins = yearsModels.get(0).trainingData().featureStats().get("experience").distribution();
        assertThat(java.util.Arrays.stream(bins.shares()).max().orElseThrow()).isGreaterThan(0.14);
        assertThat(java.util.Arrays.stream(bins.shares()).min().orElseThrow()).isLessThan(0.08);
    }

    @Test
    void aHundredPredictionsFromTheTrainingPopulationRaiseAFalseAlarmInAboutOneWindowInAHundred() {
        for (var models : List.of(normalModels, yearsModels)) {
            var population = models == normalModels ? normal(null, 0) : years(0);
            List<DriftReport> reports = windows(models, population, DEFAULT, 100, 40, 11);
            // The reported false alarm: in about one window in ten of 100 predictions from the training population
            // a feature's PSI is above 0.2, which the bare threshold called drift.
            assertThat(share(reports, r -> r.features().stream().anyMatch(q -> q.psi() > 0.2)))
                    .as("windows with a feature's PSI above 0.2").isGreaterThan(0.05);
            // Four quantities, each held to a p-value under 0.25%: at most about 1% of windows, 40 of 4,000, with
            // a standard error of 0.16%.
            assertThat(reports).allSatisfy(r -> assertThat(r.pValueLimit()).isEqualTo(0.0025));
            assertThat(share(reports, r -> r.status() == DriftReport.Status.DRIFT)).as("windows called drifted")
                    .isBetween(0.005, 0.015);
        }
    }

    @Test
    void atFiveHundredPredictionsTheTestAloneCallsAboutOneWindowInAHundredAndThePsiThresholdFewer() {
        List<DriftReport> byTest = windows(normalModels, normal(null, 0), TEST_ALONE, 500, 40, 13);
        assertThat(share(byTest, r -> r.status() == DriftReport.Status.DRIFT)).as("called drifted by the test")
                .isBetween(0.005, 0.015);
        // With no drift PSI averages about 9 / 500 here: 0.2 is far out, so the default calls none of them.
        List<DriftReport> byDefault = windows(normalModels, normal(null, 0), DEFAULT, 500, 10, 13);
        assertThat(share(byDefault, r -> r.status() == DriftReport.Status.DRIFT)).as("called drifted").isZero();
    }

    @Test
    void aShiftOfTwoStandardDeviationsIsFoundInEveryWindowOfAHundred() {
        for (var models : List.of(normalModels, yearsModels)) {
            var shifted = models == normalModels ? normal("experience", 2) : years(2 * YEARS_STD);
            List<DriftReport> reports = windows(models, shifted, DEFAULT, 100, 10, 17);
            assertThat(reports).allSatisfy(report -> {
                assertThat(experience(report).status()).isEqualTo(DriftReport.Status.DRIFT);
                assertThat(experience(report).psi()).isGreaterThan(0.2);
                assertThat(experience(report).chiSquare().pValue()).isLessThan(report.pValueLimit());
                assertThat(report.status()).isEqualTo(DriftReport.Status.DRIFT);
            });
            // The unshifted scores are blamed no more often than noise allows.
            assertThat(share(reports, r -> r.drifted().size() > 1)).as("windows blaming a score too")
                    .isLessThan(0.02);
        }
    }
}
