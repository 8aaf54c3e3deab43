package com.salaryml.web.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.web.RScript;
import java.util.Locale;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class ChiSquareDistributionTest {

    /**
     * {x, df, upper tail}, printed by R 4 with
     * {@code sprintf("%.17g", pchisq(x, df, lower.tail = FALSE))}: the 5% points of 1 and 9 degrees of freedom,
     * the drift test's limit at ten bins (26.1 against 0.25%), the body and both tails.
     */
    private static final double[][] PCHISQ = {
        {0.5, 1, 0.47950012218695348},
        {3.84145882069412, 1, 0.050000000000000183},
        {16.918977604620402, 9, 0.050000000000000759},
        {26.100000000000001, 9, 0.0019674133876786755},
        {33, 9, 0.00013355206363408904},
        {9, 9, 0.43727418891386705},
        {100, 3, 1.5541594313896051e-21},
        {1e-08, 2, 0.99999999500000003},
        {0.10000000000000001, 20, 1},
        {400, 99, 8.3728937806646504e-38},
        {1500, 99, 6.4669843672284297e-249},
        {60, 1, 9.4857375710738494e-15},
    };

    /** {a, ln Γ(a)}, printed by R with {@code sprintf("%.17g", lgamma(a))}. */
    private static final double[][] LGAMMA = {
        {0.5, 0.57236494292470008}, {1, 0}, {1.5, -0.12078223763524518}, {4.5, 2.4537365708424423},
        {10, 12.801827480081469}, {49.5, 142.61728282114601}, {171.30000000000001, 708.11494703899712},
    };

    @Test
    void theUpperTailIsRsPchisq() {
        for (double[] known : PCHISQ) {
            assertThat(ChiSquareDistribution.upperTail(known[0], (int) known[1]))
                    .as("pchisq(%s, %s, lower.tail = FALSE)", known[0], known[1])
                    .isCloseTo(known[2], Percentage.withPercentage(1e-8));
        }
    }

    @Test
    void theLogGammaFunctionIsRsLgamma() {
        for (double[] known : LGAMMA) {
            assertThat(ChiSquareDistribution.logGamma(known[0])).as("lgamma(%s)", known[0])
                    .isCloseTo(known[1], within(1e-12 * Math.max(1, Math.abs(known[1]))));
        }
    }

    @Test
    void theEdgesOfTheDomainAreOneAndZero() {
        assertThat(ChiSquareDistribution.upperTail(0, 9)).isEqualTo(1);
        assertThat(ChiSquareDistribution.upperTail(-3, 9)).isEqualTo(1);
        assertThat(ChiSquareDistribution.upperTail(Double.POSITIVE_INFINITY, 9)).isZero();
        // Far in the tail the value is below the smallest double, not a negative or NaN from a subtraction.
        assertThat(ChiSquareDistribution.upperTail(5000, 9)).isZero();
    }

    @Test
    void aStatisticOrDegreesOutsideTheDomainAreRefusedByName() {
        assertThatThrownBy(() -> ChiSquareDistribution.upperTail(3, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("degree of freedom, was 0");
        assertThatThrownBy(() -> ChiSquareDistribution.upperTail(Double.NaN, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statistic").hasMessageContaining("NaN");
        assertThatThrownBy(() -> ChiSquareDistribution.regularizedUpperGamma(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape").hasMessageContaining("was 0");
    }

    @Test
    void twoThousandSeededPointsAgreeWithR() throws Exception {
        // Degrees of freedom as the drift test has them (1 to 99) and statistics from far below the mean to far
        // into the tail, where the p-value is tiny but still a double.
        var random = new Random(20261204);
        int points = 2000;
        double[] x = new double[points];
        int[] df = new int[points];
        var input = new StringBuilder();
        for (int i = 0; i < points; i++) {
            df[i] = 1 + random.nextInt(99);
            x[i] = df[i] * Math.exp(random.nextDouble() * 6 - 4) * (1 + random.nextDouble());
            input.append(String.format(Locale.ROOT, "%.17g %d%n", x[i], df[i]));
        }
        String[] lines = RScript.run("""
                d <- read.table(file("stdin"), col.names = c("x", "df"))
                cat(sprintf("%.17g", pchisq(d$x, d$df, lower.tail = FALSE)), sep = "\\n")
                """, input.toString()).strip().split("\n");

        assertThat(lines).hasSize(points);
        for (int i = 0; i < points; i++) {
            double r = Double.parseDouble(lines[i]);
            double ours = ChiSquareDistribution.upperTail(x[i], df[i]);
            if (r < 1e-290) {
                // R keeps subnormal values; ours rounds to 0 or keeps a few digits there. Both mean "never by noise".
                assertThat(ours).as("x %s, df %s", x[i], df[i]).isLessThan(1e-280);
            } else {
                assertThat(ours).as("pchisq(%s, %s, lower.tail = FALSE)", x[i], df[i])
                        .isCloseTo(r, Percentage.withPercentage(1e-8));
            }
        }
    }
}
