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
 */
public record FeatureStats(double min, double max, double mean, double std, Distribution distribution) {

    /** Statistics without a recorded distribution. */
    public FeatureStats(double min, double max, double mean, double std) {
        this(min, max, mean, std, null);
    }

    public FeatureStats {
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

    /** Whether {@code value} lies inside the range seen in training. */
    public boolean covers(double value) {
        return value >= min && value <= max;
    }
}
