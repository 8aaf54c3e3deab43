package com.salaryml.artifact;

import java.util.List;
import java.util.Map;

/** A small salary model whose numbers are exact in binary, so expected predictions can be written down. */
final class TestModels {

    static final String SHA256 = "0123456789abcdef".repeat(4);

    static final Feature EXPERIENCE = new Feature("experience", "years", "Years of professional experience", 0, 50);
    static final Feature TEST_SCORE = new Feature("test_score", "points out of 10", "Score in the written test", 0, 10);
    static final Feature INTERVIEW_SCORE =
            new Feature("interview_score", "points out of 10", "Score in the interview", 0, 10);

    static final FeatureSchema SCHEMA = new FeatureSchema(List.of(EXPERIENCE, TEST_SCORE, INTERVIEW_SCORE));

    /** 30000.5 + 2000.25 · experience + 1000.125 · test_score + 1500.0625 · interview_score. */
    static final LinearModel SALARY = model("1.0.0", 30000.5, 2000.25, 1000.125, 1500.0625);

    /** For experience 2, test_score 9, interview_score 6: 30000.5 + 4000.5 + 9001.125 + 9000.375. */
    static final double REFERENCE_PREDICTION = 52002.5;

    private TestModels() {
    }

    static LinearModel model(String version, double intercept, double... coefficients) {
        var metadata = new ModelMetadata("salary", version, "ols", SCHEMA, new Target("salary", "USD"),
                new Metrics(0.875, 2500.5, 2000.25), new TrainingData("hiring.csv", SHA256, 8));
        return new LinearModel(metadata, intercept, coefficients);
    }

    static Map<String, Double> reference() {
        return Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0);
    }
}
