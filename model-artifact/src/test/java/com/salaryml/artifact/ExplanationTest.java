package com.salaryml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What comes with a prediction to explain it: the baseline, each feature's contribution, and range warnings. */
class ExplanationTest {

    private static final List<String> NAMES = List.of("experience", "test_score", "interview_score");

    /** The reference and salary models, and one penalized fit, which every explanation rule must hold for. */
    private static List<Model> linearModelsAnd(Model penalized) {
        return List.of(TestModels.REFERENCE, TestModels.SALARY, penalized);
    }

    @ParameterizedTest(name = "experience {0}, test_score {1}, interview_score {2}")
    @CsvSource({"2, 9, 6", "0, 8, 9", "11, 7, 8", "0.1, 0.2, 0.3", "49.9, 9.99, 3.3333", "4.75, 8.125, 7.875"})
    void oneContributionPerFeatureInSchemaOrderEqualToCoefficientTimesDistanceFromTheMean(
            double experience, double testScore, double interviewScore) {
        for (Model model : linearModelsAnd(TestModels.penalized("ridge", 10, 29000.3, 2100.7, 900.1, 1400.9))) {
            double[] x = {experience, testScore, interviewScore};

            Prediction prediction = model.predict(TestModels.inputs(experience, testScore, interviewScore));

            assertThat(prediction.contributions()).extracting(Prediction.Contribution::feature)
                    .containsExactlyElementsOf(NAMES);
            for (int j = 0; j < 3; j++) {
                double mean = model.metadata().statsOf(j).mean();
                assertThat(prediction.contributions().get(j).amount()).as("%s of %s", NAMES.get(j), model)
                        .isEqualTo(TestModels.linear(model).coefficients()[j] * (x[j] - mean));
            }
        }
    }

    @ParameterizedTest(name = "experience {0}, test_score {1}, interview_score {2}")
    @CsvSource({"2, 9, 6", "0, 8, 9", "11, 7, 8", "0.1, 0.2, 0.3", "49.9, 9.99, 3.3333", "50, 0, 10"})
    void baselinePlusContributionsAddedLeftToRightIsExactlyTheValue(
            double experience, double testScore, double interviewScore) {
        for (Model model : linearModelsAnd(TestModels.penalized("lasso", 10, 29000.3, 2100.7, 0, 1400.9))) {
            Prediction prediction = model.predict(TestModels.inputs(experience, testScore, interviewScore));

            double sum = prediction.baseline();
            for (Prediction.Contribution contribution : prediction.contributions()) {
                sum += contribution.amount();
            }

            assertThat(sum).isEqualTo(prediction.value());
            // And the value is still the linear model's: intercept + Σ coefficient · x, up to rounding.
            double direct = TestModels.linear(model).intercept() + TestModels.linear(model).coefficients()[0] * experience
                    + TestModels.linear(model).coefficients()[1] * testScore + TestModels.linear(model).coefficients()[2] * interviewScore;
            assertThat(prediction.value()).isCloseTo(direct, within(1e-9 * Math.abs(direct)));
        }
    }

    @Test
    void theBaselineIsThePredictionAtTheTrainingMeans() {
        for (Model model : List.of(TestModels.REFERENCE, TestModels.SALARY)) {
            Prediction atMeans = model.predict(TestModels.inputs(4.75, 8.125, 7.875));

            assertThat(atMeans.baseline()).isEqualTo(model.baseline());
            assertThat(atMeans.value()).isEqualTo(model.baseline());
            assertThat(atMeans.contributions()).extracting(Prediction.Contribution::amount).containsOnly(0.0);
            assertThat(model.baseline()).isCloseTo(TestModels.linear(model).intercept() + TestModels.linear(model).coefficients()[0] * 4.75
                    + TestModels.linear(model).coefficients()[1] * 8.125 + TestModels.linear(model).coefficients()[2] * 7.875, within(1e-9));
        }
    }

    @Test
    void theBaselineIsTheSameForEveryPrediction() {
        Model model = TestModels.REFERENCE;

        assertThat(model.predict(TestModels.inputs(0, 0, 0)).baseline())
                .isEqualTo(model.predict(TestModels.inputs(50, 10, 10)).baseline())
                .isEqualTo(model.baseline());
    }

    @Test
    void theReferenceBaselineIsTheMeanSalary() {
        // A least-squares fit with an intercept passes through the means: its baseline is the mean salary.
        assertThat(TestModels.REFERENCE.baseline()).isCloseTo((50000 + 45000 + 60000 + 65000 + 70000 + 62000
                + 72000 + 80000) / 8.0, within(1e-6));
    }

    @Test
    void noWarningInsideTheTrainingRange() {
        Model model = TestModels.REFERENCE;

        assertThat(model.predict(TestModels.reference()).warnings()).isEmpty();
        // The training range is closed: its ends are inside.
        assertThat(model.predict(TestModels.inputs(0, 6, 6)).warnings()).isEmpty();
        assertThat(model.predict(TestModels.inputs(11, 10, 10)).warnings()).isEmpty();
    }

    @Test
    void aValidInputOutsideTheTrainingRangeIsWarnedAboutNamingTheRange() {
        // Training: experience 0 to 11 years, test_score and interview_score 6 to 10 points.
        Prediction prediction = TestModels.REFERENCE.predict(TestModels.inputs(30, 9, 6));

        assertThat(prediction.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.feature()).isEqualTo("experience");
            assertThat(warning.message()).contains("experience").contains("30").contains("0 to 11 years")
                    .contains("outside the range seen in training").contains("extrapolation");
        });
        assertThat(prediction.value()).isFinite();
        assertThat(prediction.interval()).isNotNull();
    }

    @Test
    void everyFeatureOutsideItsTrainingRangeGetsItsOwnWarningInSchemaOrder() {
        Prediction prediction = TestModels.REFERENCE.predict(TestModels.inputs(12, 5.5, 10.0));

        assertThat(prediction.warnings()).extracting(Prediction.Warning::feature)
                .containsExactly("experience", "test_score");
        assertThat(prediction.warnings().get(0).message()).contains("12").contains("0 to 11 years");
        assertThat(prediction.warnings().get(1).message()).contains("5.5").contains("6 to 10 points out of 10");

        Prediction low = TestModels.REFERENCE.predict(TestModels.inputs(0, 0, 0));
        assertThat(low.warnings()).extracting(Prediction.Warning::feature)
                .containsExactly("test_score", "interview_score");
        assertThat(low.warnings().get(1).message()).contains("interview_score 0").contains("6 to 10");
    }

    @Test
    void penalisedModelsWarnToo() {
        Model ridge = TestModels.penalized("ridge", 10, 30000, 2000, 1000, 1500);

        assertThat(ridge.predict(TestModels.inputs(2, 9, 6)).warnings()).isEmpty();
        assertThat(ridge.predict(TestModels.inputs(2, 9, 1)).warnings()).extracting(Prediction.Warning::feature)
                .containsExactly("interview_score");
    }

    @Test
    void predictionsCarryTheModelsNameAndVersion() {
        Prediction prediction = TestModels.reference("2.3.4").predict(TestModels.reference());

        assertThat(prediction.modelName()).isEqualTo("salary");
        assertThat(prediction.modelVersion()).isEqualTo("2.3.4");
    }

    @Test
    void listsInAPredictionCannotBeChanged() {
        Prediction prediction = TestModels.REFERENCE.predict(Map.of("experience", 30.0, "test_score", 9.0,
                "interview_score", 6.0));

        assertThat(prediction.contributions()).isUnmodifiable();
        assertThat(prediction.warnings()).isUnmodifiable();
    }
}
