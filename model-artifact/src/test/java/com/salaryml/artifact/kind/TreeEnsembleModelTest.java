package com.salaryml.artifact.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.format.ModelFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tree ensemble through the same contract as a linear model: predict, interval, round trip. */
class TreeEnsembleModelTest {

    private static final Model GBM = TestModels.gbm(TestModels.TWO_TREES, TestModels.CONFORMAL);

    @Test
    void predictsBaseValuePlusWeightedLeaves() {
        // experience 2 <= 5, test 9 > 8: 44000; interview 6 <= 7: -2000.
        Prediction prediction = GBM.predict(TestModels.reference());

        assertThat(prediction.value()).isEqualTo(50000 + 0.5 * 44000 + 0.5 * -2000);
        assertThat(GBM.predict(TestModels.inputs(10, 0, 10)).value()).isEqualTo(50000 + 0.5 * 60000 + 0.5 * 2000);
        assertThat(GBM.predict(TestModels.inputs(5, 8, 7)).value()).isEqualTo(50000 + 0.5 * 40000 + 0.5 * -2000);
    }

    @Test
    void theConformalIntervalIsThePredictionPlusOrMinusItsHalfWidth() {
        Prediction prediction = GBM.predict(TestModels.reference());

        assertThat(prediction.interval().method()).isEqualTo("conformal");
        assertThat(prediction.interval().level()).isEqualTo(0.95);
        assertThat(prediction.interval().low()).isEqualTo(prediction.value() - 5000.5);
        assertThat(prediction.interval().high()).isEqualTo(prediction.value() + 5000.5);
        assertThat(prediction.intervalNote()).isNull();
    }

    @Test
    void withoutAnIntervalThePredictionSaysWhy() {
        Prediction prediction = TestModels.gbm(TestModels.TWO_TREES, null).predict(TestModels.reference());

        assertThat(prediction.interval()).isNull();
        assertThat(prediction.intervalNote()).contains("gbm").contains("without interval parameters");
    }

    @Test
    void theBaselineIsTheCoverWeightedExpectationAndTheContributionsAddUp() {
        // tree 0: (2·40000 + 3·44000 + 3·60000) / 8 = 49000; tree 1: 0.
        assertThat(GBM.baseline()).isEqualTo(50000 + 0.5 * 49000);
        Prediction prediction = GBM.predict(TestModels.reference());
        double sum = prediction.baseline();
        for (var contribution : prediction.contributions()) {
            sum += contribution.amount();
        }
        assertThat(sum).isCloseTo(prediction.value(), within(1e-9));
        assertThat(prediction.contributions()).extracting(Prediction.Contribution::feature)
                .containsExactly("experience", "test_score", "interview_score");
    }

    @Test
    void theKindIsNamedForServers() {
        assertThat(GBM.metadata().kind()).isEqualTo("tree_ensemble");
        assertThat(GBM.kind().kind()).isEqualTo("tree_ensemble");
        assertThat(TestModels.SALARY.metadata().kind()).isEqualTo("linear");
    }

    @Test
    void roundTripsThroughTheModelFile() throws Exception {
        byte[] bytes = ModelFormat.write(GBM);
        Model read = ModelFormat.read(bytes, "gbm.json");

        assertThat(read).isEqualTo(GBM);
        assertThat(read.metadata().metrics().crossValidation().intervalCoverage()).isEqualTo(0.95);
        assertThat(ModelFormat.write(read)).isEqualTo(bytes);
        assertThat(read.predict(TestModels.reference())).isEqualTo(GBM.predict(TestModels.reference()));

        JsonNode root = new ObjectMapper().readTree(bytes);
        JsonNode model = root.get("model");
        assertThat(model.fieldNames()).toIterable().containsExactly("kind", "base_value", "trees");
        assertThat(model.get("trees").get(0).fieldNames()).toIterable().containsExactly("weight", "nodes");
        assertThat(model.get("trees").get(0).get("nodes").get(0).fieldNames()).toIterable()
                .containsExactly("feature", "threshold", "left", "right", "cover");
        assertThat(model.get("trees").get(0).get("nodes").get(2).fieldNames()).toIterable()
                .containsExactly("value", "cover");
        assertThat(root.get("interval").fieldNames()).toIterable()
                .containsExactly("method", "level", "scheme", "half_width", "calibration_size");
        assertThat(root.get("coefficient_stats")).isEmpty();
    }

    @Test
    void writesOneNodeALine() {
        String text = new String(ModelFormat.write(GBM), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(text).contains("\n          {\"feature\": 0, \"threshold\": 5.0, \"left\": 1, \"right\": 2, \"cover\": 8.0},\n")
                .contains("\n          {\"value\": 60000.0, \"cover\": 3.0},\n");
    }

    @Test
    void aBatchGivesWhatSinglePredictionsGive() {
        double[][] columns = {{0, 2, 5, 5.5, 50}, {0, 9, 8, 8.5, 10}, {0, 6, 7, 7.5, 10}};
        Predictions batch = GBM.predictColumns(columns);

        assertThat(batch.intervalMethod()).isEqualTo("conformal");
        for (int i = 0; i < columns[0].length; i++) {
            Prediction single = GBM.predict(TestModels.inputs(columns[0][i], columns[1][i], columns[2][i]));
            assertThat(batch.get(i)).isEqualTo(single);
        }
        assertThat(batch.toList()).hasSize(5);
        assertThat(List.of(batch.value(4))).containsExactly(50000 + 0.5 * 60000 + 0.5 * 2000);
    }
}
