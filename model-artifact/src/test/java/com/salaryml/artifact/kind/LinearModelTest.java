package com.salaryml.artifact.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearModelTest {

    private static final Model MODEL = TestModels.SALARY;

    @Test
    void predictsInterceptPlusWeightedSum() {
        Prediction prediction = MODEL.predict(TestModels.reference());

        assertThat(prediction.value()).isEqualTo(TestModels.REFERENCE_PREDICTION);
        assertThat(prediction.modelName()).isEqualTo("salary");
        assertThat(prediction.modelVersion()).isEqualTo("1.0.0");
    }

    @Test
    void eachCoefficientMultipliesItsOwnFeature() {
        var base = Map.of("experience", 0.0, "test_score", 0.0, "interview_score", 0.0);
        assertThat(MODEL.predict(base).value()).isEqualTo(30000.5);
        assertThat(MODEL.predict(Map.of("experience", 1.0, "test_score", 0.0, "interview_score", 0.0)).value())
                .isEqualTo(30000.5 + 2000.25);
        assertThat(MODEL.predict(Map.of("experience", 0.0, "test_score", 1.0, "interview_score", 0.0)).value())
                .isEqualTo(30000.5 + 1000.125);
        assertThat(MODEL.predict(Map.of("experience", 0.0, "test_score", 0.0, "interview_score", 1.0)).value())
                .isEqualTo(30000.5 + 1500.0625);
    }

    @Test
    void predictValidatesItsInput() {
        assertThatThrownBy(() -> MODEL.predict(Map.of("experience", 2.0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("test_score")
                .hasMessageContaining("interview_score");
    }

    @Test
    void predictAllKeepsTheOrder() {
        var predictions = MODEL.predictAll(List.of(
                TestModels.reference(),
                Map.of("experience", 0.0, "test_score", 0.0, "interview_score", 0.0)));

        assertThat(predictions).extracting(Prediction::value)
                .containsExactly(TestModels.REFERENCE_PREDICTION, 30000.5);
    }

    @Test
    void predictAllOfNothingIsEmpty() {
        assertThat(MODEL.predictAll(List.of())).isEmpty();
    }

    @Test
    void predictAllIsAllOrNothingAndPrefixesEveryErrorWithItsInstance() {
        var instances = List.of(
                TestModels.reference(),
                Map.of("experience", 2.0, "test_score", 11.0, "interview_score", 6.0),
                TestModels.reference(),
                Map.of("experience", 2.0, "test_score", 9.0, "salary", 1.0));

        var e = catchThrowableOfType(InvalidInputException.class, () -> MODEL.predictAll(instances));

        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field)
                .containsExactly("instances[1].test_score", "instances[3].interview_score", "instances[3].salary");
        assertThat(e.errors().get(0).message()).contains("was 11");
    }

    @Test
    void rejectsACoefficientCountThatDoesNotMatchTheFeatures() {
        assertThatThrownBy(() -> TestModels.model("1.0.0", 1, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 coefficients but 3 features");
    }

    @Test
    void rejectsNonFiniteParameters() {
        assertThatThrownBy(() -> TestModels.model("1.0.0", Double.NaN, 1, 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intercept");
        assertThatThrownBy(() -> TestModels.model("1.0.0", 0, 1, Double.POSITIVE_INFINITY, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coefficients[1]: must be finite");
    }

    @Test
    void isImmutable() {
        double[] coefficients = {1, 2, 3};
        var model = TestModels.model("1.0.0", 0, coefficients);
        coefficients[0] = 100;
        TestModels.linear(model).coefficients()[1] = 100;

        assertThat(TestModels.linear(model).coefficients()).containsExactly(1, 2, 3);
    }

    @Test
    void equalityCoversParametersAndMetadata() {
        assertThat(TestModels.model("1.0.0", 30000.5, 2000.25, 1000.125, 1500.0625))
                .isEqualTo(MODEL).hasSameHashCodeAs(MODEL);
        assertThat(TestModels.model("1.0.1", 30000.5, 2000.25, 1000.125, 1500.0625)).isNotEqualTo(MODEL);
        assertThat(TestModels.model("1.0.0", 30000.5, 2000.25, 1000.125, 1500.5)).isNotEqualTo(MODEL);
    }

    @Test
    void metadataRejectsVersionsThatCouldEscapeAFolder() {
        assertThatThrownBy(() -> TestModels.model("../x", 0, 1, 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    }
}
