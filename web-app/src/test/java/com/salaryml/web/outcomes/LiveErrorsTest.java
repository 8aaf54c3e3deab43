package com.salaryml.web.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Test
    void aReporterAloneFillsTheWholeWindowOldestLeavingFirst() {
        var live = new LiveErrors(4, 0.5);
        for (int i = 1; i <= 6; i++) {
            live.add("1.0.0", i, true, "hr");
        }
        LiveErrors.Figures figures = live.figures().get(0);
        assertThat(figures.outcomes()).isEqualTo(4);
        assertThat(figures.mae()).as("errors 3 to 6 remain").isCloseTo(4.5, within(1e-12));
        assertThat(figures.reporters()).containsExactly(new LiveErrors.Reporter("hr", 4, 6));
    }

    @Test
    void aFloodingReporterCannotOutweighTheRestOfTheWindow() {
        var live = new LiveErrors(1000, 0.5);
        // The real outcomes: 40% above the estimates, none inside the interval.
        for (int i = 0; i < 1000; i++) {
            live.add("1.0.0", 24_000, false, "hr");
        }
        // Planted perfect ones, twice the window.
        for (int i = 0; i < 2000; i++) {
            live.add("1.0.0", 0, true, "mallory");
        }
        LiveErrors.Figures figures = live.figures().get(0);
        assertThat(figures.outcomes()).isEqualTo(1000);
        assertThat(figures.reporters()).containsExactly(new LiveErrors.Reporter("hr", 500, 1000),
                new LiveErrors.Reporter("mallory", 500, 2000));
        assertThat(figures.coverage()).as("the coverage alert still sees the real misses").isEqualTo(0.5);
        assertThat(figures.mae()).isCloseTo(12_000, within(1e-9));

        // The real reporter's next outcomes take back the window's oldest, which are the flooder's.
        for (int i = 0; i < 100; i++) {
            live.add("1.0.0", 24_000, false, "hr");
        }
        assertThat(live.figures().get(0).reporters()).containsExactly(new LiveErrors.Reporter("hr", 500, 1100),
                new LiveErrors.Reporter("mallory", 500, 2000));
    }

    @Test
    void aShareOfOneLetsTheNewestOutcomesWinWhoeverReportsThem() {
        var live = new LiveErrors(10);
        for (int i = 0; i < 10; i++) {
            live.add("1.0.0", 5, false, "hr");
        }
        for (int i = 0; i < 10; i++) {
            live.add("1.0.0", 0, true, "mallory");
        }
        assertThat(live.figures().get(0).reporters()).containsExactly(new LiveErrors.Reporter("hr", 0, 10),
                new LiveErrors.Reporter("mallory", 10, 10));
        assertThatThrownBy(() -> new LiveErrors(10, 0)).hasMessageContaining("share");
    }
}
