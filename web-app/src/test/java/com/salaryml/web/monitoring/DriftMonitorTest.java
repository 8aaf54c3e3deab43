package com.salaryml.web.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.PredictionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

    /** Each feature's training mean and standard deviation, in schema order. */
    private static final Map<String, double[]> TRAINING = Map.of(
            "experience", new double[] {5, 2}, "test_score", new double[] {7, 1.5},
            "interview_score", new double[] {6, 1.5});

    /** The shipped model without training distributions, as every model file written before them. */
    private static ModelMetadata withoutDistributions;
    /** The same model with the bins of a seeded training sample. */
    private static ModelMetadata withDistributions;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void buildTheModels() {
        withoutDistributions = DriftFixtures.shipped();
        withDistributions = DriftFixtures.trainedOn(withoutDistributions, shifted(null), new Random(20261130), 5000,
                10);
    }

    /** Each feature as in training, but {@code shifted} moved by two standard deviations (none if null). */
    private static DriftFixtures.Population shifted(String shifted) {
        return shifted(shifted, 2);
    }

    /** Each feature as in training, but {@code shifted} moved by {@code shift} standard deviations. */
    private static DriftFixtures.Population shifted(String shifted, double shift) {
        return (feature, random) -> {
            double[] meanAndStd = TRAINING.get(feature);
            return meanAndStd[0] + (random.nextGaussian() + (feature.equals(shifted) ? shift : 0)) * meanAndStd[1];
        };
    }

    /** One request of {@code rows} instances drawn as in training, with {@code shifted} moved by 2 std. */
    private static PredictionEvent event(ModelMetadata model, Random random, int rows, String shifted) {
        return DriftFixtures.event(model, DriftFixtures.draw(model, shifted(shifted), random, rows),
                "request-" + random.nextInt());
    }

    private static DriftMonitor monitor(Clock clock, int window, Duration age) {
        return new DriftMonitor(new DriftMonitor.Limits(window, age), new DriftRule(0.2, 0.01), clock);
    }

    private static DriftReport.Quantity feature(DriftReport report, String name) {
        return report.features().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void inputsLikeTheTrainingDataStayBelowPointOne() {
        var monitor = monitor(new ManualClock(), 10_000, Duration.ofHours(24));
        monitor.serving(DriftFixtures.served(withDistributions));
        var random = new Random(1);
        for (int i = 0; i < 40; i++) {
            monitor.predicted(event(withDistributions, random, 50, null));
        }

        DriftReport report = monitor.report(withDistributions).orElseThrow();
        assertThat(report.predictions()).isEqualTo(2000);
        assertThat(report.features()).extracting(DriftReport.Quantity::name)
                .containsExactly("experience", "test_score", "interview_score");
        assertThat(report.features()).allSatisfy(feature -> {
            assertThat(feature.psi()).isLessThan(0.1);
            assertThat(feature.status()).isEqualTo(DriftReport.Status.OK);
            assertThat(feature.bins()).hasSize(10);
        });
        assertThat(report.predicted().psi()).isLessThan(0.1);
        assertThat(report.status()).isEqualTo(DriftReport.Status.OK);
        assertThat(report.drifted()).isEmpty();
    }

    @Test
    void oneFeatureShiftedByTwoStandardDeviationsDriftsAndTheOthersDoNot() {
        DriftReport report = reportAfterExperienceShift(withDistributions, 2, 2000);
        assertThat(feature(report, "experience").psi()).isGreaterThan(0.2);
        assertThat(feature(report, "experience").status()).isEqualTo(DriftReport.Status.DRIFT);
        assertThat(feature(report, "test_score").psi()).isLessThan(0.1);
        assertThat(feature(report, "interview_score").psi()).isLessThan(0.1);
        assertThat(report.drifted()).extracting(DriftReport.Quantity::name).containsExactly("experience");
        assertThat(report.status()).isEqualTo(DriftReport.Status.DRIFT);
        // The live shares of a bin are what was counted: most shifted values land in the top bins.
        var bins = feature(report, "experience").bins();
        assertThat(bins.get(bins.size() - 1).liveShare()).isGreaterThan(0.5);
        assertThat(bins.get(bins.size() - 1).upperEdge()).isNaN();
        assertThat(bins.stream().mapToDouble(DriftReport.Bin::liveShare).sum()).isCloseTo(1, within());
    }

    @Test
    void theReportSaysWhatEachStatusRestsOn() {
        DriftReport report = reportAfterExperienceShift(withDistributions, 2, 2000);
        assertThat(report.rule()).isEqualTo(new DriftRule(0.2, 0.01));
        // Three features and the predictions share the 1%.
        assertThat(report.pValueLimit()).isEqualTo(0.0025);
        DriftReport.ChiSquare experience = feature(report, "experience").chiSquare();
        assertThat(experience.degreesOfFreedom()).isEqualTo(9);
        assertThat(experience.pValue()).isLessThan(1e-100);
        assertThat(experience.statistic()).isGreaterThan(1000);
        DriftReport.ChiSquare score = feature(report, "test_score").chiSquare();
        assertThat(score.pValue()).isGreaterThan(report.pValueLimit());
        assertThat(score.pValue()).isEqualTo(ChiSquareDistribution.upperTail(score.statistic(), 9));
    }

    @Test
    void aHundredPredictionsWithOneFeatureShiftedByTwoStandardDeviationsDrift() {
        DriftReport report = reportAfterExperienceShift(withDistributions, 21, 100);
        assertThat(report.predictions()).isEqualTo(100);
        assertThat(feature(report, "experience").status()).isEqualTo(DriftReport.Status.DRIFT);
        assertThat(report.drifted()).extracting(DriftReport.Quantity::name).containsExactly("experience");
        assertThat(report.status()).isEqualTo(DriftReport.Status.DRIFT);
    }

    @Test
    void aShiftTooSmallToMatterIsNotDriftHoweverSureTheTestIs() {
        // A tenth of a standard deviation over 10,000 predictions: real, as the test sees, but the PSI is far
        // below the threshold, and no one need act on it.
        var monitor = monitor(new ManualClock(), 10_000, Duration.ofHours(24));
        monitor.serving(DriftFixtures.served(withDistributions));
        var random = new Random(22);
        monitor.predicted(DriftFixtures.event(withDistributions,
                DriftFixtures.draw(withDistributions, shifted("experience", 0.1), random, 10_000), "small-shift"));

        DriftReport.Quantity experience = feature(monitor.report(withDistributions).orElseThrow(), "experience");
        assertThat(experience.chiSquare().pValue()).isLessThan(0.0025);
        assertThat(experience.psi()).isLessThan(0.05);
        assertThat(experience.status()).isEqualTo(DriftReport.Status.OK);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    @Test
    void theWindowHoldsOnlyTheNewestPredictionsUpToItsSize() {
        var monitor = monitor(new ManualClock(), 1000, Duration.ofHours(24));
        monitor.serving(DriftFixtures.served(withDistributions));
        var random = new Random(3);
        monitor.predicted(event(withDistributions, random, 1000, "experience"));
        assertThat(monitor.report(withDistributions).orElseThrow().drifted()).isNotEmpty();

        // A thousand unshifted predictions push every shifted one out.
        monitor.predicted(event(withDistributions, random, 600, null));
        monitor.predicted(event(withDistributions, random, 400, null));

        DriftReport report = monitor.report(withDistributions).orElseThrow();
        assertThat(report.predictions()).isEqualTo(1000);
        assertThat(feature(report, "experience").psi()).isLessThan(0.1);
        assertThat(report.drifted()).isEmpty();
    }

    @Test
    void aBatchLargerThanTheWindowKeepsItsNewestRows() {
        var monitor = monitor(new ManualClock(), 100, Duration.ofHours(24));
        monitor.serving(DriftFixtures.served(withDistributions));
        monitor.predicted(event(withDistributions, new Random(4), 250, null));

        assertThat(monitor.report(withDistributions).orElseThrow().predictions()).isEqualTo(100);
    }

    @Test
    void predictionsLeaveTheWindowWhenTheyAreOlderThanItsAge() {
        var clock = new ManualClock();
        var monitor = monitor(clock, 10_000, Duration.ofHours(24));
        monitor.serving(DriftFixtures.served(withDistributions));
        var random = new Random(5);
        monitor.predicted(event(withDistributions, random, 500, "experience"));
        Instant first = clock.instant();
        clock.advance(Duration.ofHours(12));
        monitor.predicted(event(withDistributions, random, 500, null));

        DriftReport both = monitor.report(withDistributions).orElseThrow();
        assertThat(both.predictions()).isEqualTo(1000);
        assertThat(both.since()).contains(first);

        clock.advance(Duration.ofHours(12));
        DriftReport later = monitor.report(withDistributions).orElseThrow();
        assertThat(later.predictions()).isEqualTo(500);
        assertThat(later.since()).contains(first.plus(Duration.ofHours(12)));
        assertThat(later.drifted()).isEmpty();

        clock.advance(Duration.ofHours(12));
        DriftReport empty = monitor.report(withDistributions).orElseThrow();
        assertThat(empty.predictions()).isZero();
        assertThat(empty.since()).isEmpty();
        assertThat(empty.status()).isEqualTo(DriftReport.Status.UNAVAILABLE);
        assertThat(feature(empty, "experience").psi()).isNaN();
    }

    @Test
    void theWindowStartsAfreshWhenAnotherModelIsServed() {
        var clock = new ManualClock();
        var monitor = monitor(clock, 10_000, Duration.ofHours(24));
        monitor.serving(DriftFixtures.served(withDistributions));
        monitor.predicted(event(withDistributions, new Random(6), 500, "experience"));
        assertThat(monitor.report(withDistributions).orElseThrow().predictions()).isEqualTo(500);

        clock.advance(Duration.ofMinutes(5));
        ModelRegistry.Loaded next = DriftFixtures.served(withDistributions);
        monitor.serving(next);
        DriftReport report = monitor.report(withDistributions).orElseThrow();
        assertThat(report.predictions()).isZero();
        assertThat(report.started()).isEqualTo(clock.instant());
    }

    @Test
    void predictionsOfAnotherModelThanTheServedOneAreNotCounted() {
        var monitor = monitor(new ManualClock(), 10_000, Duration.ofHours(24));
        monitor.serving(DriftFixtures.served(withDistributions));
        monitor.predicted(event(withoutDistributions, new Random(7), 300, null));

        assertThat(monitor.report(withDistributions).orElseThrow().predictions()).isZero();
        assertThat(monitor.report(withoutDistributions)).isEmpty();
    }

    @Test
    void fewerThanAHundredPredictionsAreNotEnoughToCallDrift() {
        DriftReport report = reportAfterExperienceShift(withDistributions, 8, 99);
        assertThat(feature(report, "experience").psi()).isGreaterThan(0.2);
        assertThat(feature(report, "experience").status()).isEqualTo(DriftReport.Status.UNAVAILABLE);
        assertThat(feature(report, "experience").reason()).contains("99 predictions").contains("100");
        assertThat(report.drifted()).isEmpty();
        assertThat(report.status()).isEqualTo(DriftReport.Status.UNAVAILABLE);
    }

    @Test
    void aModelWithoutDistributionsIsUnavailableNeverZero() {
        DriftReport report = reportAfterExperienceShift(withoutDistributions, 9, 500);
        assertThat(report.predictions()).isEqualTo(500);
        assertThat(report.features()).allSatisfy(feature -> {
            assertThat(feature.psi()).isNaN();
            assertThat(feature.status()).isEqualTo(DriftReport.Status.UNAVAILABLE);
            assertThat(feature.bins()).isEmpty();
        });
        assertThat(report.predicted().status()).isEqualTo(DriftReport.Status.UNAVAILABLE);
        assertThat(report.status()).isEqualTo(DriftReport.Status.UNAVAILABLE);
        assertThat(report.reason()).contains("no training distributions").contains("retrain");
    }

    @Test
    void nothingIsReportedBeforeAModelIsServed() {
        var monitor = monitor(new ManualClock(), 10_000, Duration.ofHours(24));
        monitor.predicted(event(withDistributions, new Random(10), 10, null));

        assertThat(monitor.report(withDistributions)).isEmpty();
    }

    /** The report of a fresh monitor serving {@code model} after {@code rows} predictions with experience shifted. */
    private static DriftReport reportAfterExperienceShift(ModelMetadata model, long seed, int rows) {
        var monitor = monitor(new ManualClock(), 10_000, Duration.ofHours(24));
        monitor.serving(DriftFixtures.served(model));
        monitor.predicted(event(model, new Random(seed), rows, "experience"));
        return monitor.report(model).orElseThrow();
    }
}
