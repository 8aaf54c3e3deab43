package com.salaryml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.artifact.IntervalParameters.Conformal;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoadException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The conformal interval: its quantile, its checks, and any model carrying it through the file. */
class ConformalIntervalTest {

    @Test
    void theHalfWidthIsTheRankedQuantileOfTheAbsoluteResiduals() {
        // 19 residuals at 95 %: ⌈0.95 · 20⌉ = 19, the largest.
        double[] nineteen = new double[19];
        for (int i = 0; i < 19; i++) {
            nineteen[i] = (i % 2 == 0 ? 1 : -1) * (i + 1);
        }
        Conformal smallest = Conformal.fromResiduals(0.95, Conformal.CV_PLUS, nineteen);
        assertThat(smallest.halfWidth()).isEqualTo(19);
        assertThat(smallest.calibrationSize()).isEqualTo(19);

        // 100 residuals ±1 … ±100 at 90 %: ⌈0.9 · 101⌉ = 91.
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = (i % 3 == 0 ? -1 : 1) * (100 - i);
        }
        assertThat(Conformal.fromResiduals(0.9, Conformal.SPLIT, hundred).halfWidth()).isEqualTo(91);
        // At 95 %: ⌈0.95 · 101⌉ = ⌈95.95⌉ = 96.
        assertThat(Conformal.fromResiduals(0.95, Conformal.JACKKNIFE_PLUS, hundred).halfWidth()).isEqualTo(96);
    }

    @Test
    void aProductThatIsWholeInDecimalIsNotPushedUpByBinaryRounding() {
        // 0.95 · 20 is 19 in decimal but not quite in binary; the rank must still be 19, not 20.
        assertThat(Conformal.rank(0.95, 19)).isEqualTo(19);
        assertThat(Conformal.rank(0.9, 9)).isEqualTo(9);
        assertThat(Conformal.rank(0.8, 4)).isEqualTo(4);
        assertThat(Conformal.rank(0.95, 39)).isEqualTo(38);
    }

    @Test
    void theQuantileCoversAtLeastTheLevelOfExchangeableDraws() {
        // Split conformal's promise, checked by simulation: scores and a new score from the same distribution.
        var random = new SplittableRandom(5);
        int trials = 4000;
        int inside = 0;
        for (int t = 0; t < trials; t++) {
            double[] residuals = new double[39];
            for (int i = 0; i < residuals.length; i++) {
                residuals[i] = random.nextDouble(-1, 1) * random.nextDouble(0, 3);
            }
            double q = Conformal.fromResiduals(0.9, Conformal.SPLIT, residuals).halfWidth();
            double fresh = random.nextDouble(-1, 1) * random.nextDouble(0, 3);
            inside += Math.abs(fresh) <= q ? 1 : 0;
        }
        // Exactly ⌈0.9 · 40⌉ / 40 = 0.9 in expectation; the binomial spread of 4,000 trials is about 0.005.
        assertThat((double) inside / trials).isBetween(0.88, 0.92);
    }

    @Test
    void itRefusesWhatCannotBeAConformalInterval() {
        assertThatThrownBy(() -> new Conformal(1, Conformal.SPLIT, 1, 100)).hasMessageContaining("level");
        assertThatThrownBy(() -> new Conformal(0.95, "bootstrap", 1, 100))
                .hasMessage("scheme must be one of [split, cv+, jackknife+], was \"bootstrap\"");
        assertThatThrownBy(() -> new Conformal(0.95, Conformal.SPLIT, -1, 100)).hasMessageContaining("half_width");
        assertThatThrownBy(() -> new Conformal(0.95, Conformal.SPLIT, Double.NaN, 100)).hasMessageContaining("half_width");
        assertThatThrownBy(() -> new Conformal(0.95, Conformal.SPLIT, 1, 0)).hasMessageContaining("calibration_size");
        assertThatThrownBy(() -> new Conformal(0.95, Conformal.SPLIT, 1, 18))
                .hasMessageContaining("calibration_size 18 is too small for level 0.95").hasMessageContaining("19 of 18");
        assertThat(new Conformal(0.95, Conformal.SPLIT, 1, 19).calibrationSize()).isEqualTo(19);
        assertThatThrownBy(() -> Conformal.fromResiduals(0.95, Conformal.SPLIT, new double[18]))
                .hasMessageContaining("18 residuals are too few for level 0.95");
        assertThatThrownBy(() -> Conformal.fromResiduals(0.95, Conformal.SPLIT, new double[] {1, Double.NaN}))
                .hasMessageContaining("residual 1 must be finite");
    }

    @Test
    void anyModelMayCarryOneAndItIsPlusOrMinusTheHalfWidth() throws Exception {
        Model ridge = withInterval(TestModels.penalized("ridge", 10, 30000, 2000, 1000, 1500), TestModels.CONFORMAL);
        Model ols = withInterval(TestModels.SALARY, TestModels.CONFORMAL);
        Model gbm = TestModels.gbm(TestModels.TWO_TREES, TestModels.CONFORMAL);
        for (Model model : List.of(ridge, ols, gbm)) {
            Prediction prediction = model.predict(TestModels.reference());
            assertThat(prediction.interval().method()).isEqualTo("conformal");
            assertThat(prediction.interval().low()).isEqualTo(prediction.value() - 5000.5);
            assertThat(prediction.interval().high()).isEqualTo(prediction.value() + 5000.5);
            assertThat(prediction.intervalNote()).isNull();

            Predictions batch = model.predictColumns(new double[][] {{2, 40}, {9, 1}, {6, 10}});
            assertThat(batch.intervalMethod()).isEqualTo("conformal");
            assertThat(batch.get(0)).isEqualTo(prediction);
            assertThat(batch.high(1) - batch.low(1)).isEqualTo(2 * 5000.5);

            Model read = ModelFormat.read(ModelFormat.write(model), "conformal.json");
            assertThat(read).isEqualTo(model);
            assertThat(read.interval()).isEqualTo(TestModels.CONFORMAL);
        }
    }

    @Test
    void aFileNamesWhatIsWrongWithItsConformalInterval() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var good = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                ModelFormat.write(TestModels.gbm(TestModels.TWO_TREES, TestModels.CONFORMAL)));
        for (var bad : List.of(
                Map.entry("calibration_size", json.getNodeFactory().numberNode(10)),
                Map.entry("scheme", json.getNodeFactory().textNode("bootstrap")),
                Map.entry("half_width", json.getNodeFactory().numberNode(-3)),
                Map.entry("t_critical", json.getNodeFactory().numberNode(2)))) {
            var root = good.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("interval")).set(bad.getKey(), bad.getValue());
            var e = org.assertj.core.api.Assertions.catchThrowableOfType(ModelLoadException.class,
                    () -> ModelFormat.read(json.writeValueAsBytes(root), "bad.json"));
            assertThat(e).as(bad.getKey()).isNotNull();
            assertThat(e.getMessage()).as(bad.getKey()).contains("interval").contains(bad.getKey());
        }
    }

    private static Model withInterval(Model model, IntervalParameters interval) {
        return new Model(model.metadata(), model.kind(), interval);
    }
}
