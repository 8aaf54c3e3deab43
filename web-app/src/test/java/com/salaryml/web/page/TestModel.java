package com.salaryml.web.page;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The shipped model, read from a copy of its model file, so that the page tests need no container. */
final class TestModel {

    static final Model MODEL = load("/models/salary-model-1.0.0.json");

    static final FeatureSchema SCHEMA = MODEL.metadata().schema();

    static final ModelMetadata METADATA = MODEL.metadata();

    private TestModel() {
    }

    /** The shipped model's metadata with other inputs; the one place the tests build a {@link ModelMetadata}. */
    static ModelMetadata metadata(FeatureSchema schema) {
        return metadata(schema, METADATA.target());
    }

    /** The shipped model's metadata with other inputs and another target. */
    static ModelMetadata metadata(FeatureSchema schema, com.salaryml.artifact.schema.Target target) {
        var stats = new java.util.LinkedHashMap<String, com.salaryml.artifact.metadata.FeatureStats>();
        for (Feature feature : schema.features()) {
            stats.put(feature.name(), new com.salaryml.artifact.metadata.FeatureStats(feature.min(), feature.max(),
                    (feature.min() + feature.max()) / 2, 1));
        }
        var data = METADATA.trainingData();
        return METADATA.toBuilder().algorithm("ridge").hyperparameters(Map.of("lambda", 1.0)).schema(schema)
                .target(target).coefficientStats(List.of())
                .trainingData(new com.salaryml.artifact.metadata.TrainingData(data.file(), data.sha256(), data.rows(),
                        stats))
                .build();
    }

    /** A prediction of {@code value} by that model, with an interval, contributions and no warnings. */
    static Prediction prediction(double value) {
        Prediction reference = MODEL.predict(Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0));
        return new Prediction(value, new Prediction.Interval(0.95, value - 13000, value + 13000, "ols-exact"), null,
                reference.baseline(), reference.contributions(), List.of(), "salary", "1.0.0");
    }

    private static Model load(String resource) {
        try (InputStream in = TestModel.class.getResourceAsStream(resource)) {
            return ModelFormat.read(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ModelLoadException e) {
            throw new IllegalStateException(e);
        }
    }
}
