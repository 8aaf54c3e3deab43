package com.salaryml.training;

import com.salaryml.artifact.Feature;
import com.salaryml.artifact.FeatureSchema;
import com.salaryml.artifact.Target;
import java.util.List;
import java.util.Map;

/** The salary model's inputs and output, as the data scientist defines them. They travel inside the model file. */
final class SalarySchema {

    static final String MODEL_NAME = "salary";

    static final FeatureSchema FEATURES = new FeatureSchema(List.of(
            new Feature("experience", "years", "Years of professional experience", 0, 50),
            new Feature("test_score", "points out of 10", "Score in the written test", 0, 10),
            new Feature("interview_score", "points out of 10", "Score in the interview", 0, 10)));

    static final Target TARGET = new Target("salary", "USD");

    /** The instance every training run predicts, so that a reviewer can compare runs at a glance. */
    static final Map<String, Double> REFERENCE_INSTANCE =
            Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0);

    private SalarySchema() {
    }
}
