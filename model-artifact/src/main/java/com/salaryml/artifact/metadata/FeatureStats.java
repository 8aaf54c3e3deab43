package com.salaryml.artifact.metadata;

/**
 * How one feature was distributed in the training data. A value outside {@code [min, max]} is still valid,
 * but the model never saw one like it: its prediction there is an extrapolation.
 *
 * @param min  the smallest training value
 * @param max  the largest training value
 * @param mean the mean of the training values
 * @param std  the sample standard deviation of the training values
 * @param distribution the training values' quantile bins, against which live inputs are compared; null in
 *                     model files written before they were recorded
 * @param missingShare the share of training rows whose value was missing and filled in: 0 for a feature that
 *                     refuses a missing value. The other statistics are those of the filled-in values, which the
 *                     model was fitted on, so live inputs are compared with them after the same filling
 */
public record FeatureStats(double min, double max, double mean, double std, Distribution distribution,
                           double missingShare) {

    /** Statistics without a recorded distribution. */
    public FeatureStats(double min, double max, double mean, double std) {
        this(min, max, mean, std, null);
    }

    /** Statistics of a feature no training value of which was missing. */
    public FeatureStats(double min, double max, double mean, double std, Distribution distribution) {
        this(min, max, mean, std, distribution, 0);
    }

    public FeatureStats {
        if (!(missingShare >= 0 && missingShare <= 1)) {
            throw new IllegalArgumentException("the share of missing training values must be from 0 to 1, was "
                    + missingShare);
        }
        for (double value : new double[] {min, max, mean, std}) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("training statistics must be finite, were min " + min + ", max "
                        + max + ", mean " + mean + ", std " + std);
            }
        }
        if (min > max || mean < min || mean > max || std < 0) {
            throw new IllegalArgumentException("training statistics are inconsistent: min " + min + ", max " + max
                    + ", mean " + mean + ", std " + std);
        }
    }

    /**
     * The statistics of a categorical feature, from how many training rows had each level.
     *
     * @param counts the rows per level, in the order of the feature's levels; each level in at least one row
     * @throws IllegalArgumentException if a level has no row, or there are fewer than two levels
     */
    public static FeatureStats ofLevels(long[] counts) {
        long total = 0;
        for (int level = 0; level < counts.length; level++) {
            if (counts[level] < 1) {
                throw new IllegalArgumentException("level " + level + " has no training row");
            }
            total += counts[level];
        }
        double[] shares = new double[counts.length];
        for (int level = 0; level < counts.length; level++) {
            shares[level] = (double) counts[level] / total;
        }
        return ofShares(shares);
    }

    /**
     * The statistics of a categorical feature, from the share of training rows at each level: over the levels'
     * codes, with one bin per level, so that drift is measured over the levels. The same shares always give the
     * same statistics, to the bit, so a model file need hold only the shares.
     *
     * @param shares the share of rows per level, in the order of the feature's levels, together 1
     * @throws IllegalArgumentException if there are fewer than two levels or the shares are not a distribution
     */
    public static FeatureStats ofShares(double[] shares) {
        int k = shares.length;
        if (k < 2) {
            throw new IllegalArgumentException("a category has at least two levels, had " + k);
        }
        double[] edges = new double[k - 1];
        double mean = 0;
        for (int level = 0; level < k; level++) {
            mean += level * shares[level];
            if (level < k - 1) {
                edges[level] = level + 0.5;
            }
        }
        double variance = 0;
        for (int level = 0; level < k; level++) {
            variance += shares[level] * (level - mean) * (level - mean);
        }
        var distribution = new Distribution(edges, shares);
        return new FeatureStats(0, k - 1, Math.min(Math.max(mean, 0), k - 1), Math.sqrt(variance), distribution);
    }

    /**
     * The share of training rows at each level of a categorical feature, in the order of its levels: what a
     * linear model's level columns averaged in training.
     *
     * @throws IllegalStateException if these are not a category's statistics ({@link #ofLevels})
     */
    public double[] levelShares() {
        if (distribution == null || distribution.shares().length != (int) max + 1 || min != 0) {
            throw new IllegalStateException("these are not the statistics of a categorical feature");
        }
        return distribution.shares();
    }

    /** The same statistics, with {@code share} of the training rows' values missing and filled in. */
    public FeatureStats withMissingShare(double share) {
        return new FeatureStats(min, max, mean, std, distribution, share);
    }

    /** Whether {@code value} lies inside the range seen in training. */
    public boolean covers(double value) {
        return value >= min && value <= max;
    }
}
