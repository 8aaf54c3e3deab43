package com.salaryml.web.serving;

import com.salaryml.web.ModelFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.TrainingData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelExamplesTest {

    private static final ModelMetadata SHIPPED = ModelFiles.model("1.0.0", 0).metadata();

    /** The shipped model's training means are 4.75, 8.125 and 7.875; its spreads 11, 4 and 4. */
    @Test
    void aTypicalInstanceIsEachTrainingMeanRoundedToAStepThatSuitsItsSpread() {
        assertThat(ModelExamples.typical(SHIPPED))
                .containsExactly(Map.entry("experience", 5.0), Map.entry("test_score", 8.0),
                        Map.entry("interview_score", 8.0));
        assertThat(SHIPPED.schema().check(ModelExamples.typical(SHIPPED))).isNotEmpty();
    }

    @Test
    void anUnusualInstanceTakesOneInputAStepPastItsTrainingRange() {
        var unusual = ModelExamples.unusual(SHIPPED).orElseThrow();

        assertThat(unusual.feature()).isEqualTo("experience");
        assertThat(unusual.instance()).containsExactly(Map.entry("experience", 12.0), Map.entry("test_score", 8.0),
                Map.entry("interview_score", 8.0));
        assertThat(ModelFiles.model("1.0.0", 0).predict(unusual.instance()).warnings())
                .singleElement().satisfies(warning -> assertThat(warning.feature()).isEqualTo("experience"));
    }

    @Test
    void theRequestBodiesNameTheModelsInputs() {
        assertThat(ModelExamples.predictBody(SHIPPED)).isEqualTo("{\"experience\":5,\"test_score\":8,\"interview_score\":8}");
        assertThat(ModelExamples.inferBody(SHIPPED)).isEqualTo("{\"inputs\":[{\"name\":\"experience\",\"shape\":[1],"
                + "\"datatype\":\"FP64\",\"data\":[5]}, ...one per input: experience, test_score, interview_score]}");
    }

    @Test
    void stepsFollowTheSpreadAndValuesStayInsideBothRanges() {
        ModelMetadata model = model(
                new Feature("share", "fraction", "A share", 0, 1), new FeatureStats(0, 1, 0.437, 0.2),
                new Feature("count", "items", "A count", 0, 1000), new FeatureStats(0, 100, 47.3, 20),
                new Feature("fixed", "units", "Always 3", 0, 10), new FeatureStats(3, 3, 3, 0),
                new Feature("narrow", "units", "Valid range inside the training range", 2, 4),
                new FeatureStats(0, 10, 7, 1));

        assertThat(ModelExamples.typical(model)).containsExactly(Map.entry("share", 0.4), Map.entry("count", 50.0),
                Map.entry("fixed", 3.0), Map.entry("narrow", 4.0));
        // share's valid range is its training range; count's reaches past it, by one step of 10.
        assertThat(ModelExamples.unusual(model).orElseThrow().instance()).containsEntry("count", 110.0);
        assertThat(ModelExamples.predictBody(model))
                .isEqualTo("{\"share\":0.4,\"count\":50,\"fixed\":3,\"narrow\":4}");
    }

    @Test
    void theSchemaFilesExampleValuesComeFirstWhenTheyLieInTheTrainingRange() {
        ModelMetadata model = model(
                new Feature("experience", "years", "Experience", 0, 50, 2.0), new FeatureStats(0, 11, 4.75, 3),
                new Feature("score", "points", "A score", 0, 10, 9.5), new FeatureStats(5, 10, 8.125, 1),
                new Feature("late", "years", "An example past the training range", 0, 50, 40.0),
                new FeatureStats(0, 11, 4.75, 3));

        assertThat(ModelExamples.typical(model)).containsExactly(Map.entry("experience", 2.0),
                Map.entry("score", 9.5), Map.entry("late", 5.0));
        assertThat(ModelExamples.predictBody(model)).isEqualTo("{\"experience\":2,\"score\":9.5,\"late\":5}");
    }

    @Test
    void noUnusualInstanceWhenEveryValidRangeIsItsTrainingRange() {
        ModelMetadata model = model(new Feature("a", "units", "A", 0, 10), new FeatureStats(0, 10, 5, 1),
                new Feature("b", "units", "B", 1, 2), new FeatureStats(1, 2, 1.5, 0.1));

        assertThat(ModelExamples.unusual(model)).isEmpty();
    }

    /** The shipped model's metadata with other inputs: features and their training statistics, alternately. */
    private static ModelMetadata model(Object... featuresAndStats) {
        var features = new java.util.ArrayList<Feature>();
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int i = 0; i < featuresAndStats.length; i += 2) {
            Feature feature = (Feature) featuresAndStats[i];
            features.add(feature);
            stats.put(feature.name(), (FeatureStats) featuresAndStats[i + 1]);
        }
        TrainingData data = SHIPPED.trainingData();
        return SHIPPED.toBuilder().algorithm("ridge").hyperparameters(Map.of("lambda", 1.0))
                .schema(new FeatureSchema(features)).coefficientStats(List.of())
                .trainingData(new TrainingData(data.file(), data.sha256(), data.rows(), stats)).build();
    }
}
