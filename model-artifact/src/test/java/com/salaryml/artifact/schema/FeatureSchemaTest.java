package com.salaryml.artifact.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.TestModels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureSchemaTest {

    private static final FeatureSchema SCHEMA = TestModels.SCHEMA;

    @Test
    void returnsValidValuesInSchemaOrderWhateverTheMapOrder() {
        var values = new LinkedHashMap<String, Double>();
        values.put("interview_score", 6.0);
        values.put("test_score", 9.0);
        values.put("experience", 2.0);

        assertThat(SCHEMA.check(values)).containsExactly(2.0, 9.0, 6.0);
    }

    @Test
    void acceptsTheEndsOfEveryRange() {
        assertThat(SCHEMA.check(Map.of("experience", 0.0, "test_score", 0.0, "interview_score", 0.0)))
                .containsExactly(0.0, 0.0, 0.0);
        assertThat(SCHEMA.check(Map.of("experience", 50.0, "test_score", 10.0, "interview_score", 10.0)))
                .containsExactly(50.0, 10.0, 10.0);
    }

    @Test
    void missingFieldIsNamedWithItsRange() {
        var e = invalid(Map.of("experience", 2.0, "interview_score", 6.0));

        assertThat(e.errors()).containsExactly(
                new FieldError("test_score", "is required (0 to 10 points out of 10)"));
    }

    @Test
    void nullValueCountsAsMissing() {
        var values = new HashMap<String, Double>(TestModels.reference());
        values.put("experience", null);

        assertThat(invalid(values).errors()).extracting(FieldError::field).containsExactly("experience");
    }

    @Test
    void nullNameIsAnErrorNotACrash() {
        var values = new HashMap<String, Double>(TestModels.reference());
        values.put(null, 1.0);

        assertThat(invalid(values).errors()).extracting(FieldError::field).containsExactly("(no name)");
    }

    @Test
    void unknownFieldIsNamedAndTheInputsAreListed() {
        var values = new HashMap<>(TestModels.reference());
        values.put("age", 30.0);

        var e = invalid(values);

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("age");
            assertThat(error.message()).contains("not an input").contains("experience, test_score, interview_score");
        });
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteValueIsRejected(double value) {
        var values = new HashMap<>(TestModels.reference());
        values.put("test_score", value);

        assertThat(invalid(values).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("test_score");
            assertThat(error.message()).contains("must be a finite number").contains(Double.toString(value));
        });
    }

    @Test
    void valueBelowMinIsRejectedWithRangeAndValue() {
        var values = new HashMap<>(TestModels.reference());
        values.put("experience", -0.5);

        assertThat(invalid(values).errors()).containsExactly(
                new FieldError("experience", "must be between 0 and 50 years, was -0.5"));
    }

    @Test
    void valueAboveMaxIsRejectedWithRangeAndValue() {
        var values = new HashMap<>(TestModels.reference());
        values.put("interview_score", 11.0);

        assertThat(invalid(values).errors()).containsExactly(
                new FieldError("interview_score", "must be between 0 and 10 points out of 10, was 11"));
    }

    @Test
    void reportsEveryProblemAtOnceInFeatureOrderThenUnknownNames() {
        var values = new LinkedHashMap<String, Double>();
        values.put("bonus", 1.0);
        values.put("interview_score", Double.NaN);
        values.put("test_score", 10.5);

        var e = invalid(values);

        assertThat(e.errors()).extracting(FieldError::field)
                .containsExactly("experience", "test_score", "interview_score", "bonus");
        assertThat(e.getMessage())
                .contains("experience: is required")
                .contains("test_score: must be between")
                .contains("interview_score: must be a finite number")
                .contains("bonus: is not an input");
    }

    @Test
    void rejectsAnEmptyOrDuplicatedSchema() {
        assertThatThrownBy(() -> new FeatureSchema(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one feature");
        assertThatThrownBy(() -> new FeatureSchema(List.of(TestModels.EXPERIENCE, TestModels.EXPERIENCE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("experience appears twice");
    }

    @Test
    void rejectsAFeatureWithoutAFiniteOrderedRange() {
        assertThatThrownBy(() -> new Feature("x", "u", "d", 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature x");
        assertThatThrownBy(() -> new Feature("x", "u", "d", 0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void namesAndLookupFollowTheSchema() {
        assertThat(SCHEMA.names()).containsExactly("experience", "test_score", "interview_score");
        assertThat(SCHEMA.feature("test_score")).contains(TestModels.TEST_SCORE);
        assertThat(SCHEMA.feature("salary")).isEmpty();
    }

    private static InvalidInputException invalid(Map<String, Double> values) {
        var e = catchThrowableOfType(InvalidInputException.class, () -> SCHEMA.check(values));
        assertThat(e).as("check(%s) should throw", values).isNotNull();
        return e;
    }
}
