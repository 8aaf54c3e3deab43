package com.salaryml.artifact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Salary models for tests. {@link #SALARY} has numbers that are exact in binary, training means included, so
 * expected predictions can be written down; {@link #REFERENCE} is the least-squares fit of the reference data,
 * built by hand from {@link Reference}'s independent computation.
 */
final class TestModels {

    static final String SHA256 = "0123456789abcdef".repeat(4);
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    static final Feature EXPERIENCE = new Feature("experience", "years", "Years of professional experience", 0, 50);
    static final Feature TEST_SCORE = new Feature("test_score", "points out of 10", "Score in the written test", 0, 10);
    static final Feature INTERVIEW_SCORE =
            new Feature("interview_score", "points out of 10", "Score in the interview", 0, 10);

    static final FeatureSchema SCHEMA = new FeatureSchema(List.of(EXPERIENCE, TEST_SCORE, INTERVIEW_SCORE));

    static final Target TARGET = new Target("salary", "USD");

    /**
     * The reference data's statistics: means 4.75, 8.125 and 7.875, exact in binary, so that
     * baseline + contributions adds up without rounding for {@link #SALARY}.
     */
    static final TrainingData TRAINING_DATA = new TrainingData("hiring.csv", SHA256, 8, referenceStats());

    /** The reference data's prediction-interval parameters, computed by {@link Reference}. */
    static final IntervalParameters INTERVAL = new IntervalParameters(0.95, Reference.T_975_4,
            Reference.residualStdError(), Reference.DEGREES_OF_FREEDOM, Reference.xtxInverse());

    static final Provenance PROVENANCE = new Provenance("2026-11-27T00:00:00Z", "1.0.0", "3.1.1", "17.0.15", COMMIT,
            Map.of("algorithm", "ols", "data", "data/hiring.csv", "version", "1.0.0"));

    static final Metrics METRICS = new Metrics(0.875, 0.78125, 2500.5, 2000.25,
            new CrossValidation(CrossValidation.LEAVE_ONE_OUT, 8, null, 4000.5, 3000.25, 0.5));

    /** Plausible statistics for SALARY's terms; estimates equal to its parameters. */
    static final List<CoefficientStats> SALARY_STATS = List.of(
            new CoefficientStats("intercept", 30000.5, 12000.5, 2.5, 0.0625),
            new CoefficientStats("experience", 2000.25, 500.5, 4.0, 0.015625),
            new CoefficientStats("test_score", 1000.125, 1000.5, 1.0, 0.375),
            new CoefficientStats("interview_score", 1500.0625, 750.25, 2.0, 0.125));

    /** 30000.5 + 2000.25 · experience + 1000.125 · test_score + 1500.0625 · interview_score. */
    static final LinearModel SALARY = model("1.0.0", 30000.5, 2000.25, 1000.125, 1500.0625);

    /** For experience 2, test_score 9, interview_score 6: 30000.5 + 4000.5 + 9001.125 + 9000.375. */
    static final double REFERENCE_PREDICTION = 52002.5;

    /** The least-squares fit of the reference data, with its interval parameters and coefficient statistics. */
    static final LinearModel REFERENCE = reference("1.0.0");

    private TestModels() {
    }

    static LinearModel model(String version, double intercept, double... coefficients) {
        var metadata = new ModelMetadata("salary", version, "ols", Map.of(), SCHEMA, TARGET, METRICS, SALARY_STATS,
                TRAINING_DATA, PROVENANCE);
        return new LinearModel(metadata, intercept, coefficients, INTERVAL);
    }

    /** The reference data's least-squares model, from {@link Reference}'s numbers alone. */
    static LinearModel reference(String version) {
        double[] b = Reference.coefficients();
        double[][] inverse = Reference.xtxInverse();
        double s = Reference.residualStdError();
        var stats = new ArrayList<CoefficientStats>();
        List<String> terms = List.of("intercept", "experience", "test_score", "interview_score");
        for (int j = 0; j < b.length; j++) {
            double stdError = s * Math.sqrt(inverse[j][j]);
            double t = b[j] / stdError;
            stats.add(new CoefficientStats(terms.get(j), b[j], stdError, t, Reference.pValue4(t)));
        }
        var metadata = new ModelMetadata("salary", version, "ols", Map.of(), SCHEMA, TARGET, METRICS, stats,
                TRAINING_DATA, PROVENANCE);
        return new LinearModel(metadata, b[0], new double[] {b[1], b[2], b[3]}, INTERVAL);
    }

    /** A penalised model: no interval parameters and no coefficient statistics. */
    static LinearModel penalized(String algorithm, double lambda, double intercept, double... coefficients) {
        var provenance = new Provenance(PROVENANCE.trainedAt(), "1.0.0", "3.1.1", "17.0.15", null,
                Map.of("algorithm", algorithm, "lambda", Double.toString(lambda), "data", "data/hiring.csv"));
        var metadata = new ModelMetadata("salary", "1.0.0", algorithm, Map.of("lambda", lambda), SCHEMA, TARGET,
                METRICS, List.of(), TRAINING_DATA, provenance);
        return new LinearModel(metadata, intercept, coefficients, null);
    }

    static Map<String, Double> reference() {
        return Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0);
    }

    static Map<String, Double> inputs(double experience, double testScore, double interviewScore) {
        return Map.of("experience", experience, "test_score", testScore, "interview_score", interviewScore);
    }

    private static Map<String, FeatureStats> referenceStats() {
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int j = 0; j < SCHEMA.size(); j++) {
            stats.put(SCHEMA.names().get(j), Reference.stats(j));
        }
        return stats;
    }
}
