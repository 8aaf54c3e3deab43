package com.salaryml.artifact.metadata;

import java.util.Arrays;

/**
 * How a quantity was distributed in the training data, as quantile bins: the cut points between the bins, and
 * the share of training rows in each. Bin {@code i} holds the values above {@code edges[i - 1]} and at most
 * {@code edges[i]}; the first has no lower end, the last no upper end. The app counts live values into the same
 * bins and compares the two with the population stability index.
 *
 * <p>The cut points lie halfway between a training value at a quantile and the next larger one, so on data with few
 * distinct values (a score out of 10) there are fewer bins than asked for, never an empty one from training, and
 * a live value equal to a training value falls in the same bin even if it differs in its last bits.
 *
 * @param edges  the cut points, strictly increasing; one fewer than the bins
 * @param shares the share of training rows in each bin, each in [0, 1], together 1
 */
public record Distribution(double[] edges, double[] shares) {

    /** The most bins a model file may hold per quantity. */
    public static final int MAX_BINS = 100;

    /** The share a bin is given, expected or seen, when it has none: the logarithm of 0 has no value. */
    static final double EMPTY_SHARE = 1e-4;

    public Distribution {
        edges = edges.clone();
        shares = shares.clone();
        if (shares.length < 1 || shares.length > MAX_BINS) {
            throw new IllegalArgumentException("a distribution has 1 to " + MAX_BINS + " bins, was " + shares.length);
        }
        if (edges.length != shares.length - 1) {
            throw new IllegalArgumentException(shares.length + " bins need " + (shares.length - 1)
                    + " edges, were " + edges.length);
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
                throw new IllegalArgumentException("edges must be finite and strictly increasing, were "
                        + Arrays.toString(edges));
            }
        }
        double total = 0;
        for (double share : shares) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares must lie in [0, 1], were " + Arrays.toString(shares));
            }
            total += share;
        }
        if (Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("shares must add up to 1, added up to " + total);
        }
    }

    /**
     * The quantile bins of a sample: cut at the {@code 1/bins, 2/bins, ...} quantiles, ties kept in one bin.
     *
     * @param values the sample, at least one value, all finite
     * @param bins   how many bins to aim for, 1 to {@value #MAX_BINS}
     */
    public static Distribution of(double[] values, int bins) {
        if (values.length == 0 || bins < 1 || bins > MAX_BINS) {
            throw new IllegalArgumentException("need at least one value and 1 to " + MAX_BINS + " bins");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (!Double.isFinite(sorted[0]) || !Double.isFinite(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("values must be finite");
        }
        int n = sorted.length;
        double[] cuts = new double[bins - 1];
        int count = 0;
        for (int i = 1; i < bins; i++) {
            // Cut after the lower i/bins quantile, halfway to the next larger value: the same training values fall
            // on each side, but a live value that differs from a training one in its last bit (a prediction
            // summed in another order) does not cross the cut. None after the maximum: the last bin would be empty.
            double quantile = sorted[(int) Math.ceil((double) i * n / bins) - 1];
            int next = upperBound(sorted, quantile);
            if (next < n) {
                double cut = quantile + (sorted[next] - quantile) / 2;
                if (count == 0 || cut > cuts[count - 1]) {
                    cuts[count++] = cut;
                }
            }
        }
        double[] edges = Arrays.copyOf(cuts, count);
        long[] counts = new long[count + 1];
        for (double value : sorted) {
            counts[bin(edges, value)]++;
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / n;
        }
        return new Distribution(edges, shares);
    }

    /** The index of the first value above {@code value} in a sorted array, or its length if none is. */
    private static int upperBound(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] <= value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** How many bins. */
    public int bins() {
        return shares.length;
    }

    /** The bin of a value: the first whose upper edge is not below it. NaN, which no bin holds, gives -1. */
    public int bin(double value) {
        return Double.isNaN(value) ? -1 : bin(edges, value);
    }

    private static int bin(double[] edges, double value) {
        int low = 0;
        int high = edges.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (value <= edges[middle]) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /**
     * The population stability index of live counts against these training shares: the sum over bins of
     * {@code (live - expected) · ln(live / expected)}, with an empty bin counted as holding {@value #EMPTY_SHARE}.
     * Below 0.1 the two are alike; above 0.2 they differ.
     *
     * @param counts live values counted into these bins
     * @return the index, or NaN when nothing was counted
     */
    public double psi(long[] counts) {
        if (counts.length != shares.length) {
            throw new IllegalArgumentException(shares.length + " bins, but " + counts.length + " counts");
        }
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < shares.length; i++) {
            double live = Math.max((double) counts[i] / total, EMPTY_SHARE);
            double expected = Math.max(shares[i], EMPTY_SHARE);
            psi += (live - expected) * Math.log(live / expected);
        }
        return psi;
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public double[] shares() {
        return shares.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Distribution that && Arrays.equals(edges, that.edges)
                && Arrays.equals(shares, that.shares);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(shares);
    }

    @Override
    public String toString() {
        return "Distribution[edges=" + Arrays.toString(edges) + ", shares=" + Arrays.toString(shares) + "]";
    }
}
