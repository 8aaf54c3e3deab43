package com.salaryml.web.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.web.RScript;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class HomogeneityTest {

    private static final Percentage CLOSE = Percentage.withPercentage(1e-8);

    private static void assertTest(DriftReport.ChiSquare test, double statistic, int degreesOfFreedom,
                                   double pValue) {
        assertThat(test.statistic()).as("statistic").isCloseTo(statistic, CLOSE);
        assertThat(test.degreesOfFreedom()).as("degrees of freedom").isEqualTo(degreesOfFreedom);
        assertThat(test.pValue()).as("p-value").isCloseTo(pValue, CLOSE);
    }

    @Test
    void theWindowAgainstTheTrainingCountsIsRsTestOfHomogeneity() {
        // R: r <- chisq.test(rbind(c(10, 20, 70), c(30, 30, 40)), correct = FALSE); r$statistic, r$parameter,
        // r$p.value
        assertTest(Homogeneity.test(new long[] {10, 20, 70}, new double[] {0.3, 0.3, 0.4}, 100),
                20.18181818181818, 2, 4.1454708385289358e-05);
    }

    @Test
    void binsThatExpectFewerThanFiveOfTheWindowAreMergedWithTheirNeighbours() {
        // Expected of 100: 1, 2, 30 (closes the first merged bin at 33), 30, 30, 5 and 2, which joins the 5.
        // R: chisq.test(rbind(c(21, 25, 40, 14), c(330, 300, 300, 70)), correct = FALSE)
        assertTest(Homogeneity.test(new long[] {0, 1, 20, 25, 40, 9, 5},
                        new double[] {0.01, 0.02, 0.3, 0.3, 0.3, 0.05, 0.02}, 1000),
                13.64630467571644, 3, 0.0034283489003291436);
    }

    @Test
    void withTrainingDataFarLargerThanTheWindowItIsTheGoodnessOfFitTestAgainstTheTrainingShares() {
        // R: chisq.test(c(5, 9, 12, 30, 44), p = c(0.1, 0.1, 0.2, 0.3, 0.3))
        DriftReport.ChiSquare test = Homogeneity.test(new long[] {5, 9, 12, 30, 44},
                new double[] {0.1, 0.1, 0.2, 0.3, 0.3}, 1_000_000_000_000L);
        assertThat(test.statistic()).isCloseTo(12.333333333333334, Percentage.withPercentage(1e-6));
        assertThat(test.degreesOfFreedom()).isEqualTo(4);
        assertThat(test.pValue()).isCloseTo(0.015037231996246469, Percentage.withPercentage(1e-5));
    }

    @Test
    void valuesWhereTrainingHadNoneCountAgainstTheMergedBinNotAsAnInfiniteStatistic() {
        DriftReport.ChiSquare test = Homogeneity.test(new long[] {40, 60, 7}, new double[] {0.5, 0.5, 0}, 1000);
        assertThat(test.degreesOfFreedom()).isEqualTo(1);
        assertThat(test.statistic()).isFinite();
        assertThat(test.pValue()).isBetween(0.0, 1.0);
    }

    @Test
    void anEmptyWindowHasNoTestAndOneBinHasNothingToDiffer() {
        assertThat(Homogeneity.test(new long[] {0, 0}, new double[] {0.5, 0.5}, 10))
                .isEqualTo(DriftReport.ChiSquare.NONE);
        assertThat(Homogeneity.test(new long[] {500}, new double[] {1}, 10))
                .isEqualTo(new DriftReport.ChiSquare(0, 0, 1));
        // Two values expect fewer than five in any bin: one merged bin.
        assertThat(Homogeneity.test(new long[] {2, 0}, new double[] {0.5, 0.5}, 10))
                .isEqualTo(new DriftReport.ChiSquare(0, 0, 1));
    }

    @Test
    void countsThatDoNotMatchTheBinsAreRefused() {
        assertThatThrownBy(() -> Homogeneity.test(new long[] {1, 2}, new double[] {1}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("1 bins, but 2 counts");
        assertThatThrownBy(() -> Homogeneity.test(new long[] {1}, new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training row, was 0");
    }

    @Test
    void fiveHundredSeededTablesAgreeWithR() throws Exception {
        // Uneven training shares (some bins small enough to be merged), windows of 20 to 2,000 with and without a
        // shift, and training data of 8 to 100,000 rows; R merges the bins by the same rule, written again.
        var random = new Random(20261205);
        int tables = 500;
        var input = new StringBuilder();
        var ours = new DriftReport.ChiSquare[tables];
        for (int t = 0; t < tables; t++) {
            int bins = 2 + random.nextInt(19);
            double[] weights = new double[bins];
            for (int b = 0; b < bins; b++) {
                weights[b] = random.nextDouble() < 0.3 ? random.nextDouble() * 0.05 : random.nextDouble();
            }
            double sum = Arrays.stream(weights).sum();
            double[] shares = Arrays.stream(weights).map(w -> w / sum).toArray();
            long rows = new long[] {8, 100, 5000, 100_000}[random.nextInt(4)];
            int n = 20 + random.nextInt(1981);
            boolean shifted = random.nextBoolean();
            long[] live = new long[bins];
            for (int i = 0; i < n; i++) {
                double u = random.nextDouble();
                // A shifted window draws from the shares reversed.
                int b = 0;
                double cumulative = shares[shifted ? bins - 1 : 0];
                while (u > cumulative && b < bins - 1) {
                    b++;
                    cumulative += shares[shifted ? bins - 1 - b : b];
                }
                live[shifted ? bins - 1 - b : b]++;
            }
            ours[t] = Homogeneity.test(live, shares, rows);
            input.append(rows).append(';')
                    .append(Arrays.stream(live).mapToObj(Long::toString).collect(Collectors.joining(" "))).append(';')
                    .append(Arrays.stream(shares).mapToObj(s -> String.format(Locale.ROOT, "%.17g", s))
                            .collect(Collectors.joining(" ")))
                    .append('\n');
        }
        String[] lines = RScript.run("""
                for (line in readLines(file("stdin"))) {
                  parts <- strsplit(line, ";")[[1]]
                  rows <- as.numeric(parts[1])
                  live <- as.numeric(strsplit(parts[2], " ")[[1]])
                  shares <- as.numeric(strsplit(parts[3], " ")[[1]])
                  n <- sum(live)
                  # Adjacent bins merged until each expects 5 of the window; the rest joins the last.
                  group <- integer(length(live)); g <- 1; acc <- 0
                  for (i in seq_along(live)) {
                    group[i] <- g; acc <- acc + shares[i]
                    if (n * acc >= 5) { g <- g + 1; acc <- 0 }
                  }
                  closed <- g - 1
                  if (closed == 0) { group[] <- 1 } else { group[group > closed] <- closed }
                  l <- tapply(live, group, sum); s <- tapply(shares, group, sum)
                  if (length(l) < 2) {
                    cat("0 0 1\\n")
                  } else {
                    r <- suppressWarnings(chisq.test(rbind(l, s * rows), correct = FALSE))
                    cat(sprintf("%.17g %d %.17g\\n", r$statistic, r$parameter, r$p.value))
                  }
                }
                """, input.toString()).strip().split("\n");

        assertThat(lines).hasSize(tables);
        for (int t = 0; t < tables; t++) {
            String[] r = lines[t].split(" ");
            assertThat(ours[t].degreesOfFreedom()).as("table %d's degrees of freedom", t)
                    .isEqualTo(Integer.parseInt(r[1]));
            assertThat(ours[t].statistic()).as("table %d's statistic", t)
                    .isCloseTo(Double.parseDouble(r[0]), Percentage.withPercentage(1e-7));
            double p = Double.parseDouble(r[2]);
            if (p < 1e-290) {
                assertThat(ours[t].pValue()).as("table %d's p-value", t).isLessThan(1e-280);
            } else {
                assertThat(ours[t].pValue()).as("table %d's p-value", t)
                        .isCloseTo(p, Percentage.withPercentage(1e-6));
            }
        }
    }
}
