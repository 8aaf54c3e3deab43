package com.salaryml.web.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.web.Approvals;
import com.salaryml.web.serving.PredictionEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift of categories and of missing values: a category's bins are its levels, and a missing value is counted as
 * the value the model fills in, as training counted its own gaps. The academics' model ({@link TestModels#ACADEMIC})
 * as if trained on 5,000 rows of a population: rank AsstProf, AssocProf, Prof in shares 1/4, 1/4, 1/2; discipline
 * A or B alike, missing in one row in ten and then filled in with B; years since the PhD around 22, missing in
 * one row in ten and filled in with 21.
 */
class CategoricalDriftTest {

    private static final List<String> RANKS = List.of("AsstProf", "AssocProf", "Prof");
    private static final double[] TRAINING_RANKS = {0.25, 0.25, 0.5};
    private static final double TRAINING_GAPS = 0.1;
    private static final DriftRule DEFAULT = new DriftRule(0.2, 0.01);

    private static ModelMetadata model;

    /** How live requests differ from training: the shares of rank, and how often the two others are missing. */
    private record Population(double[] ranks, double gaps) {

        Map<String, Object> draw(Random random) {
            var instance = new LinkedHashMap<String, Object>();
            double u = random.nextDouble();
            int rank = u < ranks[0] ? 0 : u < ranks[0] + ranks[1] ? 1 : 2;
            instance.put("rank", RANKS.get(rank));
            if (random.nextDouble() >= gaps) {
                instance.put("discipline", random.nextBoolean() ? "A" : "B");
            }
            if (random.nextDouble() >= gaps) {
                instance.put("yrs_since_phd", (double) Math.max(0, Math.min(70, Math.round(22 + 12 * random.nextGaussian()))));
            } else if (random.nextBoolean()) {
                // A request may leave a value out or send null: both are missing.
                instance.put("yrs_since_phd", null);
            }
            return instance;
        }
    }

    private static final Population TRAINING = new Population(TRAINING_RANKS, TRAINING_GAPS);

    @BeforeAll
    static void trainTheModel() {
        var random = new Random(20261205);
        int rows = 5000;
        long[] ranks = new long[3];
        long[] disciplines = new long[2];
        double[] years = new double[rows];
        int[] gaps = new int[2];
        for (int i = 0; i < rows; i++) {
            Map<String, Object> row = TRAINING.draw(random);
            ranks[RANKS.indexOf((String) row.get("rank"))]++;
            Object discipline = row.get("discipline");
            gaps[0] += discipline == null ? 1 : 0;
            disciplines["A".equals(discipline) ? 0 : 1]++;
            Object year = row.get("yrs_since_phd");
            gaps[1] += year == null ? 1 : 0;
            years[i] = year == null ? 21 : (Double) year;
        }
        var stats = new LinkedHashMap<String, FeatureStats>();
        stats.put("rank", FeatureStats.ofLevels(ranks));
        stats.put("discipline", FeatureStats.ofLevels(disciplines).withMissingShare((double) gaps[0] / rows));
        double mean = java.util.Arrays.stream(years).average().orElseThrow();
        double variance = java.util.Arrays.stream(years).map(v -> (v - mean) * (v - mean)).sum() / (rows - 1);
        stats.put("yrs_since_phd", new FeatureStats(0, 70, mean, Math.sqrt(variance), Distribution.of(years, 10))
                .withMissingShare((double) gaps[1] / rows));
        model = TestModels.ACADEMIC.metadata().toBuilder()
                .trainingData(new TrainingData("salaries.csv", TestModels.SHA256, rows, stats)).build();
    }

    /** {@code count} windows of {@code size} predictions from {@code live}, each window's report. */
    private static List<DriftReport> windows(Population live, int size, int count, long seed) {
        var random = new Random(seed);
        var monitor = new DriftMonitor(new DriftMonitor.Limits(size, Duration.ofHours(24)), DEFAULT,
                Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC));
        var reports = new ArrayList<DriftReport>(count);
        for (int w = 0; w < count; w++) {
            monitor.serving(DriftFixtures.served(model));
            var instances = new ArrayList<Map<String, Object>>(size);
            var predictions = new ArrayList<Prediction>(size);
            for (int i = 0; i < size; i++) {
                instances.add(live.draw(random));
                predictions.add(new Prediction(100_000, null, "no interval", 0, List.of(), List.of(), model.name(),
                        model.version()));
            }
            monitor.predicted(new PredictionEvent(Instant.EPOCH, "v1", "window-" + w, model, Approvals.APPROVED,
                    instances, predictions));
            reports.add(monitor.report(model).orElseThrow());
        }
        return reports;
    }

    private static DriftReport.Quantity feature(DriftReport report, String name) {
        return report.features().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    private static double share(List<DriftReport> reports, java.util.function.Predicate<DriftReport> which) {
        return (double) reports.stream().filter(which).count() / reports.size();
    }

    @Test
    void aCategorysBinsAreItsLevelsWithTheirTrainingAndLiveShares() {
        DriftReport report = windows(TRAINING, 2000, 1, 1).get(0);

        DriftReport.Quantity rank = feature(report, "rank");
        assertThat(rank.bins()).hasSize(3);
        assertThat(rank.bins()).extracting(DriftReport.Bin::expectedShare)
                .containsExactly(model.trainingData().featureStats().get("rank").levelShares()[0],
                        model.trainingData().featureStats().get("rank").levelShares()[1],
                        model.trainingData().featureStats().get("rank").levelShares()[2]);
        for (int level = 0; level < 3; level++) {
            assertThat(rank.bins().get(level).liveShare()).isCloseTo(TRAINING_RANKS[level], within(0.04));
        }
        assertThat(rank.status()).isEqualTo(DriftReport.Status.OK);
        // A category refused when missing has no share of missing values to report.
        assertThat(rank.missing()).isNull();
    }

    @Test
    void aHundredPredictionsFromTheTrainingPopulationRaiseAFalseAlarmInAboutOneWindowInAHundred() {
        List<DriftReport> reports = windows(TRAINING, 100, 2000, 2);

        // Three features (the stub's predictions are constant) share the 1%: about 1 window in 100 at most, 20 of
        // 2,000 with a standard error of 0.2%; fewer, as most of them cannot pass the PSI threshold as well.
        assertThat(share(reports, r -> r.status() == DriftReport.Status.DRIFT)).as("windows called drifted")
                .isLessThan(0.015);
        assertThat(share(reports, r -> feature(r, "rank").status() == DriftReport.Status.UNAVAILABLE)).isZero();
    }

    @Test
    void aShiftInTheLevelsIsFoundInEveryWindowOfAHundred() {
        List<DriftReport> reports = windows(new Population(new double[] {0.1, 0.1, 0.8}, TRAINING_GAPS), 100, 200, 3);

        assertThat(share(reports, r -> feature(r, "rank").status() == DriftReport.Status.DRIFT))
                .as("windows whose rank drifted").isGreaterThan(0.95);
        assertThat(share(reports, r -> feature(r, "discipline").status() == DriftReport.Status.DRIFT))
                .as("windows blaming the unshifted discipline").isLessThan(0.02);
    }

    @Test
    void moreMissingValuesThanInTrainingAreDriftAndTheReportSaysHowMany() {
        List<DriftReport> reports = windows(new Population(TRAINING_RANKS, 0.6), 300, 200, 4);

        // Gaps are filled in with B and 21: the fill values' bins swell, and the shares say why. A category of two
        // levels moving from 45% A to 20% is found in about 85% of windows of 100, hence windows of 300 here.
        assertThat(share(reports, r -> feature(r, "discipline").status() == DriftReport.Status.DRIFT))
                .as("windows whose discipline drifted").isGreaterThan(0.95);
        assertThat(share(reports, r -> feature(r, "yrs_since_phd").status() == DriftReport.Status.DRIFT))
                .as("windows whose years drifted").isGreaterThan(0.95);
        DriftReport.MissingShare missing = feature(reports.get(0), "discipline").missing();
        assertThat(missing.training()).isCloseTo(TRAINING_GAPS, within(0.02));
        double live = reports.stream().mapToDouble(r -> feature(r, "discipline").missing().live()).average()
                .orElseThrow();
        assertThat(live).isCloseTo(0.6, within(0.02));
    }

    @Test
    void missingValuesAsFrequentAsInTrainingAreCountedAsTheirFillValueAndAreNoDrift() {
        List<DriftReport> reports = windows(TRAINING, 1000, 20, 5);

        assertThat(reports).allSatisfy(report -> {
            DriftReport.Quantity discipline = feature(report, "discipline");
            assertThat(discipline.missing().live()).isCloseTo(TRAINING_GAPS, within(0.04));
            // Every prediction lands in a bin: the gaps in B's, filled in as the model fills them.
            assertThat(discipline.bins().stream().mapToDouble(DriftReport.Bin::liveShare).sum())
                    .isCloseTo(1, within(1e-12));
            assertThat(discipline.psi()).isLessThan(0.05);
        });
        assertThat(share(reports, r -> r.status() == DriftReport.Status.DRIFT)).isLessThan(0.1);
    }

    @Test
    void aLevelTheModelDoesNotKnowIsInNoBin() {
        // The edge refuses such a request before it is predicted; were one to reach the window it must not be
        // counted as some other level.
        var monitor = new DriftMonitor(new DriftMonitor.Limits(10, Duration.ofHours(1)), DEFAULT,
                Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC));
        monitor.serving(DriftFixtures.served(model));
        var instance = new HashMap<String, Object>(Map.of("rank", "Dean", "discipline", "A", "yrs_since_phd", 3.0));
        monitor.predicted(new PredictionEvent(Instant.EPOCH, "v1", "unknown", model, Approvals.APPROVED,
                List.of(instance), List.of(new Prediction(1, null, "no interval", 0, List.of(), List.of(),
                        model.name(), model.version()))));

        DriftReport report = monitor.report(model).orElseThrow();
        assertThat(feature(report, "rank").bins()).allSatisfy(bin -> assertThat(bin.liveShare()).isZero());
        assertThat(feature(report, "discipline").bins().get(0).liveShare()).isEqualTo(1);
    }
}
