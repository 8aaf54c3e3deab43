package com.salaryml.web.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LiveErrorsTest {

    @Test
    void theFiguresAreTheRootMeanSquareTheMeanAbsoluteAndTheCoverage() {
        var live = new LiveErrors(10);
        live.add("1.0.0", 3, true);
        live.add("1.0.0", -4, false);
        live.add("1.0.0", 0, null);

        LiveErrors.Figures figures = live.figures().get(0);

        assertThat(figures.rmse()).isCloseTo(Math.sqrt(25.0 / 3), within(1e-12));
        assertThat(figures.mae()).isCloseTo(7.0 / 3, within(1e-12));
        assertThat(figures.coverage()).isEqualTo(0.5);
        assertThat(figures.withInterval()).isEqualTo(2);
    }

    @Test
    void oneHugeButFiniteOutcomeLeavesTheFiguresFinite() {
        var live = new LiveErrors(1000);
        for (int i = 0; i < 999; i++) {
            live.add("1.0.0", 1000, true);
        }
        live.add("1.0.0", 1e308, false);

        LiveErrors.Figures figures = live.figures().get(0);

        // Unscaled, 1e308 squared is infinity, and so would the RMSE be.
        assertThat(figures.rmse()).isFinite().isCloseTo(1e308 / Math.sqrt(1000), within(1e295));
        assertThat(figures.mae()).isFinite().isCloseTo(1e305, within(1e292));
        live.add("1.0.0", Double.NEGATIVE_INFINITY, false);
        assertThat(live.figures().get(0).rmse()).isFinite();
    }
}
