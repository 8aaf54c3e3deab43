package com.salaryml.web.page;

import com.salaryml.artifact.Feature;
import com.salaryml.artifact.FeatureSchema;
import com.salaryml.artifact.Metrics;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Target;
import com.salaryml.artifact.TrainingData;
import java.util.List;

/** The shipped model's schema and metadata, built in code so that the page tests need no model file. */
final class TestModel {

    static final FeatureSchema SCHEMA = new FeatureSchema(List.of(
            new Feature("experience", "years", "Years of professional experience", 0, 50),
            new Feature("test_score", "points out of 10", "Score in the written test", 0, 10),
            new Feature("interview_score", "points out of 10", "Score in the interview", 0, 10)));

    static final ModelMetadata METADATA = metadata(SCHEMA);

    private TestModel() {
    }

    /** The shipped model's metadata with other inputs; the one place the tests build a {@link ModelMetadata}. */
    static ModelMetadata metadata(FeatureSchema schema) {
        return new ModelMetadata("salary", "1.0.0", "ols", schema, new Target("salary", "USD"),
                new Metrics(0.935, 2733.70, 2110.80),
                new TrainingData("hiring.csv", "6ea51347c2ff65f8532b064b2c861a9705c0ab5bc7c88f89d8929922c275f227", 8));
    }

    /** A prediction of {@code value} by that model. */
    static Prediction prediction(double value) {
        return new Prediction(value, "salary", "1.0.0");
    }
}
