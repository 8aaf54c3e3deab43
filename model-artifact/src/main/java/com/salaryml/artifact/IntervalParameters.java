package com.salaryml.artifact;

import java.util.Arrays;

/**
 * What an exact least-squares prediction interval needs, fixed at training time:
 * {@code ŷ ± tCritical · s · sqrt(1 + x₀ᵀ (XᵀX)⁻¹ x₀)}, where {@code x₀ = (1, x₁, …, xₚ)}.
 *
 * <p>The critical value is stored rather than computed here, so that serving needs no statistics library.
 */
public final class IntervalParameters {

    private final double level;
    private final double tCritical;
    private final double residualStdError;
    private final long degreesOfFreedom;
    private final double[][] xtxInverse;

    /**
     * @param level            the coverage, e.g. 0.95
     * @param tCritical        Student's t quantile at {@code (1 + level) / 2} with {@code degreesOfFreedom}
     * @param residualStdError the residual standard error s
     * @param degreesOfFreedom n − p − 1
     * @param xtxInverse       (XᵀX)⁻¹ for the design matrix with a leading column of ones; (p+1)×(p+1), symmetric
     */
    public IntervalParameters(double level, double tCritical, double residualStdError, long degreesOfFreedom,
                              double[][] xtxInverse) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be between 0 and 1, was " + level);
        }
        if (!(tCritical > 0) || !Double.isFinite(tCritical)) {
            throw new IllegalArgumentException("t_critical must be positive and finite, was " + tCritical);
        }
        if (!(residualStdError >= 0) || !Double.isFinite(residualStdError)) {
            throw new IllegalArgumentException("residual_std_error must be finite and not negative, was "
                    + residualStdError);
        }
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees_of_freedom must be at least 1, was " + degreesOfFreedom);
        }
        int size = xtxInverse.length;
        this.xtxInverse = new double[size][];
        for (int i = 0; i < size; i++) {
            if (xtxInverse[i].length != size) {
                throw new IllegalArgumentException("xtx_inverse must be square; row " + i + " has "
                        + xtxInverse[i].length + " entries, not " + size);
            }
            for (int j = 0; j < size; j++) {
                if (!Double.isFinite(xtxInverse[i][j])) {
                    throw new IllegalArgumentException("xtx_inverse[" + i + "][" + j + "] must be finite, was "
                            + xtxInverse[i][j]);
                }
            }
            this.xtxInverse[i] = xtxInverse[i].clone();
        }
        this.level = level;
        this.tCritical = tCritical;
        this.residualStdError = residualStdError;
        this.degreesOfFreedom = degreesOfFreedom;
    }

    public double level() {
        return level;
    }

    public double tCritical() {
        return tCritical;
    }

    public double residualStdError() {
        return residualStdError;
    }

    public long degreesOfFreedom() {
        return degreesOfFreedom;
    }

    /** The size of (XᵀX)⁻¹: the number of features plus one for the intercept. */
    public int size() {
        return xtxInverse.length;
    }

    /** A copy of (XᵀX)⁻¹. */
    public double[][] xtxInverse() {
        double[][] copy = new double[xtxInverse.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = xtxInverse[i].clone();
        }
        return copy;
    }

    /** Half the interval's width at the features {@code x} (without the leading 1). */
    double halfWidth(double[] x) {
        int n = xtxInverse.length;
        double quadratic = 0;
        for (int i = 0; i < n; i++) {
            double xi = i == 0 ? 1 : x[i - 1];
            double row = 0;
            double[] a = xtxInverse[i];
            for (int j = 0; j < n; j++) {
                row += a[j] * (j == 0 ? 1 : x[j - 1]);
            }
            quadratic += xi * row;
        }
        return tCritical * residualStdError * Math.sqrt(1 + Math.max(0, quadratic));
    }

    /**
     * Half the interval's width for every instance of a batch given as columns, written into {@code out}.
     * Same arithmetic as {@link #halfWidth(double[])}, in the same order, so a batch and single predictions
     * agree to the last bit.
     */
    void halfWidths(double[][] columns, int n, double[] out) {
        int size = xtxInverse.length;
        double[] quadratic = new double[n];
        double[] row = new double[n];
        // Loop by loop the same sums as halfWidth, in the same order for each instance, but each inner loop
        // runs down a column, which the JIT vectorises.
        for (int i = 0; i < size; i++) {
            java.util.Arrays.fill(row, 0);
            double[] a = xtxInverse[i];
            for (int j = 0; j < size; j++) {
                double aij = a[j];
                if (j == 0) {
                    for (int r = 0; r < n; r++) {
                        row[r] += aij * 1;
                    }
                } else {
                    double[] xj = columns[j - 1];
                    for (int r = 0; r < n; r++) {
                        row[r] += aij * xj[r];
                    }
                }
            }
            if (i == 0) {
                for (int r = 0; r < n; r++) {
                    quadratic[r] += 1 * row[r];
                }
            } else {
                double[] xi = columns[i - 1];
                for (int r = 0; r < n; r++) {
                    quadratic[r] += xi[r] * row[r];
                }
            }
        }
        double scale = tCritical * residualStdError;
        for (int r = 0; r < n; r++) {
            out[r] = scale * Math.sqrt(1 + Math.max(0, quadratic[r]));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IntervalParameters that
                && Double.compare(level, that.level) == 0
                && Double.compare(tCritical, that.tCritical) == 0
                && Double.compare(residualStdError, that.residualStdError) == 0
                && degreesOfFreedom == that.degreesOfFreedom
                && Arrays.deepEquals(xtxInverse, that.xtxInverse);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(xtxInverse) * 31 + Double.hashCode(tCritical);
    }
}
