package com.salaryml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.InvalidInputException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The columnar batch path gives, bit for bit, what one prediction at a time gives. */
class PredictColumnsTest {

    @Test
    void everyNumberEqualsTheSinglePredictionToTheLastBit() {
        for (Model model : List.of(TestModels.REFERENCE, TestModels.penalized("ridge", 1, 30000.5, 2000.25,
                1000.125, 1500.0625))) {
            var random = new SplittableRandom(3);
            int n = 517;
            double[][] columns = new double[3][n];
            for (int i = 0; i < n; i++) {
                columns[0][i] = random.nextDouble(0, 50);
                columns[1][i] = random.nextDouble(0, 10);
                columns[2][i] = random.nextInt(0, 11);
            }
            Predictions batch = model.predictColumns(columns);
            assertThat(batch.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                Prediction single = model.predict(TestModels.inputs(columns[0][i], columns[1][i], columns[2][i]));
                assertThat(batch.get(i)).as("instance %d", i).isEqualTo(single);
                assertThat(Double.doubleToRawLongBits(batch.value(i)))
                        .isEqualTo(Double.doubleToRawLongBits(single.value()));
                if (single.interval() != null) {
                    assertThat(batch.low(i)).isEqualTo(single.interval().low());
                    assertThat(batch.high(i)).isEqualTo(single.interval().high());
                }
                assertThat(batch.warnings(i)).isEqualTo(single.warnings());
            }
        }
    }

    @Test
    void badValuesAreNamedByInstanceAndNothingIsPredicted() {
        double[][] columns = {{2, 70, 3}, {9, 9, Double.NaN}, {6, 6, 6}};
        var e = catchThrowableOfType(InvalidInputException.class, () -> TestModels.REFERENCE.predictColumns(columns));
        assertThat(e.errors()).extracting(FieldError::field)
                .containsExactly("instances[1].experience", "instances[2].test_score");
    }

    @Test
    void columnsMustMatchTheSchemaAndEachOther() {
        assertThatThrownBy(() -> TestModels.REFERENCE.predictColumns(new double[2][4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 3 columns");
        assertThatThrownBy(() -> TestModels.REFERENCE.predictColumns(new double[][] {{1}, {1, 2}, {1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same number");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> TestModels.REFERENCE.predictColumns(new double[3][0])).errors())
                .extracting(FieldError::field).containsExactly("instances");
    }

    /**
     * The numbers the reference model gives, pinned: a faster implementation must give these exact doubles.
     * They were recorded from the straightforward implementation.
     */
    @Test
    void outputIsPinnedBitForBit() {
        Prediction p = TestModels.REFERENCE.predict(TestModels.reference());
        Predictions batch = TestModels.REFERENCE.predictColumns(new double[][] {{2}, {9}, {6}});
        for (Prediction prediction : List.of(p, batch.get(0))) {
            assertThat(Double.doubleToRawLongBits(prediction.value())).isEqualTo(PINNED_VALUE);
            assertThat(Double.doubleToRawLongBits(prediction.interval().low())).isEqualTo(PINNED_LOW);
            assertThat(Double.doubleToRawLongBits(prediction.interval().high())).isEqualTo(PINNED_HIGH);
            assertThat(Double.doubleToRawLongBits(prediction.baseline())).isEqualTo(PINNED_BASELINE);
        }
    }

    static final long PINNED_VALUE = 4677388264986685604L;
    static final long PINNED_LOW = 4675567372891406164L;
    static final long PINNED_HIGH = 4679209157081965044L;
    static final long PINNED_BASELINE = 4678891467651940351L;
}
