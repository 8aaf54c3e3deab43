package com.salaryml.web.monitoring;

/**
 * Pearson's chi-square test of homogeneity between the window's counts in a quantity's training bins and the
 * training data's own counts in them (each bin's share times the training rows): could both have come from one
 * population, and differ only by sampling noise? R's {@code chisq.test(rbind(live, training), correct = FALSE)}
 * on the same (merged) bins.
 *
 * <p>Two samples, not one: the training shares are themselves estimated from a sample of {@code N} rows, so the
 * difference between a window of {@code n} and the training shares has a variance of (1/n + 1/N) times the
 * share's. Treating the training shares as exact would call drift at large windows on the training sample's
 * own noise. For large {@code N} the test becomes the goodness-of-fit test against the training shares.
 *
 * <p>Adjacent bins are merged until each expects at least {@value #MIN_EXPECTED} of the window's values: the
 * chi-square distribution describes the statistic only when no bin's expected count is small (Cochran's rule),
 * and quantile bins of a feature with few distinct values can hold a small share.
 */
final class Homogeneity {

    /** The fewest window values a (merged) bin is expected to hold. */
    static final double MIN_EXPECTED = 5;

    private Homogeneity() {
    }

    /**
     * The test of one quantity.
     *
     * @param live         the window's values counted into the training bins
     * @param shares       the training share of each bin
     * @param trainingRows the training rows the shares were counted from
     * @return the statistic, its degrees of freedom and p-value; {@link DriftReport.ChiSquare#NONE} when the
     *         window holds no value
     */
    static DriftReport.ChiSquare test(long[] live, double[] shares, long trainingRows) {
        if (live.length != shares.length) {
            throw new IllegalArgumentException(shares.length + " bins, but " + live.length + " counts");
        }
        if (trainingRows < 1) {
            throw new IllegalArgumentException("a distribution is counted from at least 1 training row, was "
                    + trainingRows);
        }
        long n = 0;
        for (long count : live) {
            n += count;
        }
        if (n == 0) {
            return DriftReport.ChiSquare.NONE;
        }
        // Merged bins, as (live count, training share) pairs: each closes once it expects MIN_EXPECTED values;
        // what is left at the end joins the last one closed.
        long[] counts = new long[live.length];
        double[] merged = new double[live.length];
        int groups = 0;
        long count = 0;
        double share = 0;
        for (int i = 0; i < live.length; i++) {
            count += live[i];
            share += shares[i];
            if (n * share >= MIN_EXPECTED) {
                counts[groups] = count;
                merged[groups] = share;
                groups++;
                count = 0;
                share = 0;
            }
        }
        if (groups == 0) {
            return new DriftReport.ChiSquare(0, 0, 1);
        }
        counts[groups - 1] += count;
        merged[groups - 1] += share;
        if (groups == 1) {
            // One bin holds everything: nothing can differ.
            return new DriftReport.ChiSquare(0, 0, 1);
        }
        double rows = trainingRows;
        double statistic = 0;
        for (int g = 0; g < groups; g++) {
            double training = merged[g] * rows;
            double pooled = counts[g] + training;
            if (pooled > 0) {
                // The 2 x k table's two cells of this bin, summed: (c N - t n)^2 / (n N (c + t)).
                double difference = counts[g] * rows - training * n;
                statistic += difference * difference / (n * rows * pooled);
            }
        }
        int degreesOfFreedom = groups - 1;
        return new DriftReport.ChiSquare(statistic, degreesOfFreedom,
                ChiSquareDistribution.upperTail(statistic, degreesOfFreedom));
    }
}
