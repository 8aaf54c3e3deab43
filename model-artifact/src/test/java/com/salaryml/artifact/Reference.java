package com.salaryml.artifact;

import com.salaryml.artifact.metadata.FeatureStats;

/**
 * The project's reference data (data/hiring.csv) and its ordinary least-squares fit, computed here from first
 * principles: the normal equations solved by Gauss-Jordan elimination, with no code shared with the trainer or
 * the model. Tests check the model's arithmetic against these numbers.
 */
public final class Reference {

    /** experience, test_score, interview_score, salary. */
    public static final double[][] ROWS = {
            {0, 8, 9, 50000},
            {0, 8, 6, 45000},
            {5, 6, 7, 60000},
            {2, 10, 10, 65000},
            {7, 9, 6, 70000},
            {3, 7, 10, 62000},
            {10, 10, 7, 72000},
            {11, 7, 8, 80000},
    };

    public static final int N = ROWS.length;
    public static final int P = 3;
    public static final long DEGREES_OF_FREEDOM = N - P - 1;

    /** Student's t quantile at 0.975 with 4 degrees of freedom, from a table. */
    public static final double T_975_4 = 2.7764451051977987;

    private Reference() {
    }

    /** The design matrix row of the features {@code x}: a leading 1 for the intercept, then x. */
    public static double[] withIntercept(double... x) {
        double[] row = new double[x.length + 1];
        row[0] = 1;
        System.arraycopy(x, 0, row, 1, x.length);
        return row;
    }

    /** XᵀX for X = [1, experience, test_score, interview_score]. */
    public static double[][] xtx() {
        double[][] xtx = new double[P + 1][P + 1];
        for (double[] data : ROWS) {
            double[] x = withIntercept(data[0], data[1], data[2]);
            for (int r = 0; r <= P; r++) {
                for (int c = 0; c <= P; c++) {
                    xtx[r][c] += x[r] * x[c];
                }
            }
        }
        return xtx;
    }

    /** Xᵀy. */
    public static double[] xty() {
        double[] xty = new double[P + 1];
        for (double[] data : ROWS) {
            double[] x = withIntercept(data[0], data[1], data[2]);
            for (int r = 0; r <= P; r++) {
                xty[r] += x[r] * data[P];
            }
        }
        return xty;
    }

    /** The least-squares coefficients, intercept first. */
    public static double[] coefficients() {
        return solve(xtx(), xty());
    }

    /** (XᵀX)⁻¹ by Gauss-Jordan elimination on [XᵀX | I]. */
    public static double[][] xtxInverse() {
        double[][] a = xtx();
        int size = a.length;
        double[][] augmented = new double[size][2 * size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(a[r], 0, augmented[r], 0, size);
            augmented[r][size + r] = 1;
        }
        eliminate(augmented, size);
        double[][] inverse = new double[size][size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(augmented[r], size, inverse[r], 0, size);
        }
        return inverse;
    }

    /** Solves a·v = b by Gauss-Jordan elimination on [a | b]. */
    public static double[] solve(double[][] a, double[] b) {
        int size = a.length;
        double[][] augmented = new double[size][size + 1];
        for (int r = 0; r < size; r++) {
            System.arraycopy(a[r], 0, augmented[r], 0, size);
            augmented[r][size] = b[r];
        }
        eliminate(augmented, size);
        double[] v = new double[size];
        for (int r = 0; r < size; r++) {
            v[r] = augmented[r][size];
        }
        return v;
    }

    /** Reduces the left {@code size} columns to the identity, with partial pivoting. */
    private static void eliminate(double[][] m, int size) {
        int width = m[0].length;
        for (int k = 0; k < size; k++) {
            int pivot = k;
            for (int r = k + 1; r < size; r++) {
                if (Math.abs(m[r][k]) > Math.abs(m[pivot][k])) {
                    pivot = r;
                }
            }
            double[] swap = m[k];
            m[k] = m[pivot];
            m[pivot] = swap;
            double diagonal = m[k][k];
            for (int c = 0; c < width; c++) {
                m[k][c] /= diagonal;
            }
            for (int r = 0; r < size; r++) {
                if (r != k && m[r][k] != 0) {
                    double factor = m[r][k];
                    for (int c = 0; c < width; c++) {
                        m[r][c] -= factor * m[k][c];
                    }
                }
            }
        }
    }

    /** b₀ + Σ bⱼ·xⱼ with the least-squares coefficients. */
    public static double predict(double... x) {
        double[] b = coefficients();
        double sum = b[0];
        for (int j = 0; j < P; j++) {
            sum += b[j + 1] * x[j];
        }
        return sum;
    }

    /** The residual sum of squares of the least-squares fit. */
    public static double rss() {
        double rss = 0;
        for (double[] data : ROWS) {
            double residual = data[P] - predict(data[0], data[1], data[2]);
            rss += residual * residual;
        }
        return rss;
    }

    /** s = sqrt(RSS / (n − p − 1)). */
    public static double residualStdError() {
        return Math.sqrt(rss() / DEGREES_OF_FREEDOM);
    }

    /**
     * x₀ᵀ(XᵀX)⁻¹x₀ for x₀ = (1, x), computed without the inverse: solve (XᵀX)·v = x₀, then x₀·v.
     */
    public static double leverage(double... x) {
        double[] x0 = withIntercept(x);
        double[] v = solve(xtx(), x0);
        double sum = 0;
        for (int i = 0; i < x0.length; i++) {
            sum += x0[i] * v[i];
        }
        return sum;
    }

    /** Half the 95 % prediction interval's width at x: t · s · sqrt(1 + x₀ᵀ(XᵀX)⁻¹x₀). */
    public static double halfWidth(double... x) {
        return T_975_4 * residualStdError() * Math.sqrt(1 + leverage(x));
    }

    /** Feature j's minimum, maximum, mean and sample standard deviation. */
    public static FeatureStats stats(int j) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double[] data : ROWS) {
            min = Math.min(min, data[j]);
            max = Math.max(max, data[j]);
            sum += data[j];
        }
        double mean = sum / N;
        double squares = 0;
        for (double[] data : ROWS) {
            squares += (data[j] - mean) * (data[j] - mean);
        }
        return new FeatureStats(min, max, mean, Math.sqrt(squares / (N - 1)));
    }

    /**
     * The two-sided p value of t with 4 degrees of freedom, from the closed form of that distribution:
     * F(t) = 1/2 + (3/8)·u·(1 − u²/12) with u = t / sqrt(1 + t²/4).
     */
    public static double pValue4(double t) {
        double u = Math.abs(t) / Math.sqrt(1 + t * t / 4);
        double cdf = 0.5 + 0.375 * u * (1 - u * u / 12);
        return Math.min(1, Math.max(0, 2 * (1 - cdf)));
    }
}
