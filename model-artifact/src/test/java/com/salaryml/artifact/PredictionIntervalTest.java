package com.salaryml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.metadata.ModelMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact least-squares prediction interval ŷ ± t · s · sqrt(1 + x₀ᵀ(XᵀX)⁻¹x₀), checked against
 * {@link Reference}'s independent computation on the reference data.
 */
class PredictionIntervalTest {

    private static final Model MODEL = TestModels.REFERENCE;

    @Test
    void theTableValueOfTIsTheClosedFormForFourDegreesOfFreedom() {
        // With 4 degrees of freedom the quantile has a closed form: 2·sqrt(q − 1), q = cos(acos(√α)/3)/√α,
        // α = 4p(1 − p). This guards the constant the other tests rely on.
        double p = 0.975;
        double alpha = 4 * p * (1 - p);
        double q = Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha);

        assertThat(Reference.T_975_4).isCloseTo(2 * Math.sqrt(q - 1), within(1e-12));
        assertThat(1 - Reference.pValue4(Reference.T_975_4) / 2).isCloseTo(0.975, within(1e-12));
    }

    @Test
    void theReferenceFitPredictsTheReferenceSalaryToTheCent() {
        Prediction prediction = MODEL.predict(TestModels.reference());

        assertThat(prediction.value()).isCloseTo(52062.76, within(0.005));
        assertThat(prediction.value()).isCloseTo(52062.76112207885, within(1e-6));
    }

    @ParameterizedTest(name = "experience {0}, test_score {1}, interview_score {2}")
    @CsvSource({
            "2, 9, 6",      // the reference instance
            "0, 8, 9",      // a training row
            "11, 7, 8",     // the training row of most experience
            "4.75, 8.125, 7.875", // the training means: the narrowest interval
            "30, 2, 10",    // far outside the training data: a wide interval
            "0, 0, 0",
            "50, 10, 10",
    })
    void matchesAnIndependentComputation(double experience, double testScore, double interviewScore) {
        Prediction prediction = MODEL.predict(TestModels.inputs(experience, testScore, interviewScore));

        double expected = Reference.predict(experience, testScore, interviewScore);
        double half = Reference.halfWidth(experience, testScore, interviewScore);
        assertThat(prediction.value()).isCloseTo(expected, within(1e-6));
        assertThat(prediction.interval()).isNotNull();
        assertThat(prediction.interval().level()).isEqualTo(0.95);
        assertThat(prediction.interval().low()).isCloseTo(expected - half, within(1e-6));
        assertThat(prediction.interval().high()).isCloseTo(expected + half, within(1e-6));
        assertThat(prediction.intervalNote()).isNull();
    }

    @Test
    void matchesTheIntervalOfAStatisticsPackage() {
        // From numpy and scipy on the same data: ŷ ± t.ppf(0.975, 4) · s · sqrt(1 + x₀ᵀ inv(XᵀX) x₀).
        assertInterval(TestModels.reference(), 52062.76112207888, 38814.02741682407, 65311.49482733369);
        assertInterval(TestModels.inputs(0, 8, 9), 52701.02382810707, 40356.74481148672, 65045.30284472742);
        assertInterval(TestModels.inputs(11, 7, 8), 79126.85367981267, 65649.42101128612, 92604.28634833923);
        assertInterval(TestModels.inputs(5, 5, 5), 54431.61471006838, 38405.895531365706, 70457.33388877106);
    }

    @Test
    void isNarrowestAtTheTrainingMeansAndSymmetricAroundThePrediction() {
        Prediction atMeans = MODEL.predict(TestModels.inputs(4.75, 8.125, 7.875));
        Prediction reference = MODEL.predict(TestModels.reference());
        Prediction far = MODEL.predict(TestModels.inputs(50, 0, 0));

        double atMeansWidth = atMeans.interval().high() - atMeans.interval().low();
        // At the means x₀ᵀ(XᵀX)⁻¹x₀ is 1/n, so the half-width is t · s · sqrt(1 + 1/8).
        assertThat(atMeansWidth / 2).isCloseTo(Reference.T_975_4 * Reference.residualStdError()
                * Math.sqrt(1 + 1.0 / Reference.N), within(1e-6));
        assertThat(reference.interval().high() - reference.interval().low()).isGreaterThan(atMeansWidth);
        assertThat(far.interval().high() - far.interval().low())
                .isGreaterThan(reference.interval().high() - reference.interval().low());
        for (Prediction prediction : List.of(atMeans, reference, far)) {
            assertThat(prediction.interval().high() - prediction.value())
                    .isCloseTo(prediction.value() - prediction.interval().low(), within(1e-6));
        }
    }

    @Test
    void theParametersHoldWhatTheyWereGiven() {
        var interval = (IntervalParameters.OlsExact) MODEL.interval();

        assertThat(interval.method()).isEqualTo("ols-exact");
        assertThat(interval.level()).isEqualTo(0.95);
        assertThat(interval.tCritical()).isEqualTo(Reference.T_975_4);
        assertThat(interval.residualStdError()).isEqualTo(Reference.residualStdError());
        assertThat(interval.degreesOfFreedom()).isEqualTo(4);
        assertThat(interval.size()).isEqualTo(4);
        assertThat(interval.xtxInverse()).isDeepEqualTo(Reference.xtxInverse());
    }

    @Test
    void theInverseIsTheInverse() {
        double[][] inverse = TestModels.INTERVAL.xtxInverse();
        double[][] xtx = Reference.xtx();

        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                double sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += xtx[r][k] * inverse[k][c];
                }
                assertThat(sum).as("(XᵀX · (XᵀX)⁻¹)[%d][%d]", r, c).isCloseTo(r == c ? 1 : 0, within(1e-9));
            }
        }
    }

    @Test
    void parametersAreCopiedInAndOut() {
        double[][] matrix = {{1, 0}, {0, 1}};
        var interval = new IntervalParameters.OlsExact(0.9, 2, 3, 5, matrix);
        matrix[0][0] = 99;
        interval.xtxInverse()[1][1] = 99;

        assertThat(interval.xtxInverse()).isDeepEqualTo(new double[][] {{1, 0}, {0, 1}});
        assertThat(interval).isEqualTo(new IntervalParameters.OlsExact(0.9, 2, 3, 5, new double[][] {{1, 0}, {0, 1}}))
                .hasSameHashCodeAs(new IntervalParameters.OlsExact(0.9, 2, 3, 5, new double[][] {{1, 0}, {0, 1}}));
        assertThat(interval).isNotEqualTo(new IntervalParameters.OlsExact(0.9, 2, 3, 5, new double[][] {{1, 0}, {0, 2}}));
    }

    @Test
    void parametersRejectWhatCannotBeAnInterval() {
        double[][] identity = {{1, 0}, {0, 1}};
        assertRejected(() -> new IntervalParameters.OlsExact(1, 2, 3, 5, identity), "level must be between 0 and 1");
        assertRejected(() -> new IntervalParameters.OlsExact(0, 2, 3, 5, identity), "level must be between 0 and 1");
        assertRejected(() -> new IntervalParameters.OlsExact(Double.NaN, 2, 3, 5, identity), "level");
        assertRejected(() -> new IntervalParameters.OlsExact(0.95, 0, 3, 5, identity), "t_critical must be positive");
        assertRejected(() -> new IntervalParameters.OlsExact(0.95, Double.POSITIVE_INFINITY, 3, 5, identity), "t_critical");
        assertRejected(() -> new IntervalParameters.OlsExact(0.95, Double.NaN, 3, 5, identity), "t_critical");
        assertRejected(() -> new IntervalParameters.OlsExact(0.95, 2, -1, 5, identity), "residual_std_error");
        assertRejected(() -> new IntervalParameters.OlsExact(0.95, 2, Double.NaN, 5, identity), "residual_std_error");
        assertRejected(() -> new IntervalParameters.OlsExact(0.95, 2, 3, 0, identity), "degrees_of_freedom must be at least 1");
        assertRejected(() -> new IntervalParameters.OlsExact(0.95, 2, 3, 5, new double[][] {{1, 0}, {0}}),
                "xtx_inverse must be square; row 1 has 1 entries, not 2");
        assertRejected(() -> new IntervalParameters.OlsExact(0.95, 2, 3, 5, new double[][] {{1, Double.NaN}, {0, 1}}),
                "xtx_inverse[0][1] must be finite");
    }

    @Test
    void anOlsModelNeedsParametersOfTheRightSize() {
        ModelMetadata metadata = MODEL.metadata();
        double[] coefficients = TestModels.linear(MODEL).coefficients();

        assertRejected(() -> new Model(metadata, new LinearModel(1, coefficients), null),
                "an ols model needs its interval parameters");
        assertRejected(() -> new Model(metadata, new LinearModel(1, coefficients),
                new IntervalParameters.OlsExact(0.95, 2, 3, 4, new double[][] {{1, 0}, {0, 1}})),
                "xtx_inverse is 2×2 but the intercept and 3 features need 4×4");
    }

    @Test
    void penalisedModelsGiveNoIntervalButSayWhy() {
        for (String algorithm : List.of("ridge", "lasso")) {
            Model model = TestModels.penalized(algorithm, 10, 30000, 2000, 1000, 1500);

            Prediction prediction = model.predict(TestModels.reference());

            assertThat(model.interval()).isNull();
            assertThat(prediction.interval()).as(algorithm).isNull();
            assertThat(prediction.intervalNote()).as(algorithm).isNotBlank().contains(algorithm)
                    .contains("ordinary least squares");
            assertThat(prediction.value()).isCloseTo(30000 + 2 * 2000 + 9 * 1000 + 6 * 1500, within(1e-9));
        }
    }

    @Test
    void aPenalisedModelRefusesIntervalParameters() {
        Model ridge = TestModels.penalized("ridge", 10, 30000, 2000, 1000, 1500);

        assertRejected(() -> new Model(ridge.metadata(), new LinearModel(30000, new double[] {2000, 1000, 1500}),
                TestModels.INTERVAL), "interval parameters are exact only for ols, not ridge");
    }

    @Test
    void aPredictionHasAnIntervalOrANoteNeverBothNorNeither() {
        var interval = new Prediction.Interval(0.95, 1, 2, "ols-exact");
        assertRejected(() -> new Prediction(1.5, interval, "no", 1, List.of(), List.of(), "salary", "1"),
                "either an interval or a note");
        assertRejected(() -> new Prediction(1.5, null, null, 1, List.of(), List.of(), "salary", "1"),
                "either an interval or a note");
    }

    private static void assertInterval(Map<String, Double> inputs, double value, double low, double high) {
        Prediction prediction = MODEL.predict(inputs);
        assertThat(prediction.value()).as("value at %s", inputs).isCloseTo(value, within(1e-6));
        assertThat(prediction.interval().low()).as("low at %s", inputs).isCloseTo(low, within(1e-6));
        assertThat(prediction.interval().high()).as("high at %s", inputs).isCloseTo(high, within(1e-6));
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
