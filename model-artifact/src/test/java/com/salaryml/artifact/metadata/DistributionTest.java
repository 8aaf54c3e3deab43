package com.salaryml.artifact.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void decilesOfOneToAHundredHoldTenValuesEach() {
        double[] values = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

        Distribution deciles = Distribution.of(values, 10);

        assertThat(deciles.edges()).containsExactly(10.5, 20.5, 30.5, 40.5, 50.5, 60.5, 70.5, 80.5, 90.5);
        assertThat(deciles.shares()).containsOnly(0.1);
        // A bin holds its upper edge, not its lower one; cuts lie between training values.
        assertThat(deciles.bin(10.5)).isZero();
        assertThat(deciles.bin(Math.nextUp(10.5))).isEqualTo(1);
        assertThat(deciles.bin(Math.nextUp(10.0))).as("a training value off by its last bit").isZero();
        assertThat(deciles.bin(-1e300)).isZero();
        assertThat(deciles.bin(1e300)).isEqualTo(9);
        assertThat(deciles.bin(Double.NaN)).isEqualTo(-1);
    }

    @Test
    void tiesStayInOneBinSoFewValuesGiveFewerBinsAndNoneEmpty() {
        // Test scores out of 10, mostly 7 to 9: as on real data, far fewer distinct values than bins.
        double[] scores = {6, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 10};

        Distribution bins = Distribution.of(scores, 10);

        // The tenth percentile of these twelve is their second value, 7: the single 6 shares its bin.
        assertThat(bins.edges()).containsExactly(7.5, 8.5, 9.5);
        assertThat(bins.shares()).containsExactly(4 / 12.0, 4 / 12.0, 3 / 12.0, 1 / 12.0);
        assertThat(Distribution.of(new double[] {5, 5, 5}, 10).shares()).containsExactly(1.0);
    }

    @Test
    void thePsiOfTheTrainingSharesIsZeroAndOfAShiftedSampleLarge() {
        var random = new SplittableRandom(7);
        double[] training = random.doubles(10_000).map(u -> 5 + 2 * normal(u)).toArray();
        Distribution bins = Distribution.of(training, 10);

        long[] same = new long[bins.bins()];
        long[] alike = new long[bins.bins()];
        long[] shifted = new long[bins.bins()];
        for (double value : training) {
            same[bins.bin(value)]++;
        }
        random.doubles(10_000).forEach(u -> alike[bins.bin(5 + 2 * normal(u))]++);
        random.doubles(10_000).forEach(u -> shifted[bins.bin(5 + 2 * normal(u) + 2 * 2)]++);

        assertThat(bins.psi(same)).isCloseTo(0, within(1e-12));
        assertThat(bins.psi(alike)).isLessThan(0.01);
        assertThat(bins.psi(shifted)).isGreaterThan(2);
        assertThat(bins.psi(new long[bins.bins()])).isNaN();
    }

    @Test
    void refusesWhatIsNotADistribution() {
        assertThatThrownBy(() -> new Distribution(new double[] {1, 1}, new double[] {0.2, 0.3, 0.5}))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new Distribution(new double[] {1}, new double[] {0.2, 0.3, 0.5}))
                .hasMessageContaining("3 bins need 2 edges");
        assertThatThrownBy(() -> new Distribution(new double[] {1}, new double[] {0.2, 0.7}))
                .hasMessageContaining("add up to 1");
        assertThatThrownBy(() -> new Distribution(new double[] {1}, new double[] {-0.2, 1.2}))
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new Distribution(new double[0], new double[0])).hasMessageContaining("1 to 100 bins");
        assertThatThrownBy(() -> Distribution.of(new double[] {1, Double.NaN}, 10)).hasMessageContaining("finite");
    }

    /** A standard normal from a uniform, by the inverse of the logistic approximation: enough for a test sample. */
    private static double normal(double u) {
        double clipped = Math.min(Math.max(u, 1e-9), 1 - 1e-9);
        return Math.log(clipped / (1 - clipped)) / 1.702;
    }
}
