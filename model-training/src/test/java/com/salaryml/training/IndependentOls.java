package com.salaryml.training;

/**
 * Ordinary least squares from first principles, to check the trainer against: the normal equations
 * (XᵀX)·b = Xᵀy with X = [1, features], solved and inverted by Gauss-Jordan elimination. Shares no code with
 * the trainer or Smile.
 */
final class IndependentOls {

    /** Student's t quantile at 0.975 with 4 degrees of freedom, from a table. */
    static final double T_975_4 = 2.7764451051977987;

    private IndependentOls() {
    }

    /** Row i of the design matrix: a leading 1 for the intercept, then the features. */
    static double[] designRow(Dataset data, int i) {
        int p = data.columns().length;
        double[] x = new double[p + 1];
        x[0] = 1;
        for (int j = 0; j < p; j++) {
            x[j + 1] = data.columns()[j][i];
        }
        return x;
    }

    /** XᵀX over the rows for which {@code use[i]} is true (all rows if {@code use} is null). */
    static double[][] xtx(Dataset data, boolean[] use) {
        int size = data.columns().length + 1;
        double[][] xtx = new double[size][size];
        for (int i = 0; i < data.rows(); i++) {
            if (use == null || use[i]) {
                double[] x = designRow(data, i);
                for (int r = 0; r < size; r++) {
                    for (int c = 0; c < size; c++) {
                        xtx[r][c] += x[r] * x[c];
                    }
                }
            }
        }
        return xtx;
    }

    /** The least-squares coefficients, intercept first, over the rows for which {@code use[i]} is true. */
    static double[] coefficients(Dataset data, boolean[] use) {
        int size = data.columns().length + 1;
        double[] xty = new double[size];
        for (int i = 0; i < data.rows(); i++) {
            if (use == null || use[i]) {
                double[] x = designRow(data, i);
                for (int r = 0; r < size; r++) {
                    xty[r] += x[r] * data.target()[i];
                }
            }
        }
        return solve(xtx(data, use), xty);
    }

    static double[] coefficients(Dataset data) {
        return coefficients(data, null);
    }

    static double predict(double[] b, double... x) {
        double sum = b[0];
        for (int j = 0; j < x.length; j++) {
            sum += b[j + 1] * x[j];
        }
        return sum;
    }

    static double rss(Dataset data, double[] b) {
        double rss = 0;
        for (int i = 0; i < data.rows(); i++) {
            double[] x = designRow(data, i);
            double fitted = 0;
            for (int j = 0; j < x.length; j++) {
                fitted += b[j] * x[j];
            }
            double residual = data.target()[i] - fitted;
            rss += residual * residual;
        }
        return rss;
    }

    /** s = sqrt(RSS / (n − p − 1)). */
    static double residualStdError(Dataset data) {
        int df = data.rows() - data.columns().length - 1;
        return Math.sqrt(rss(data, coefficients(data)) / df);
    }

    /** (XᵀX)⁻¹ by Gauss-Jordan elimination on [XᵀX | I]. */
    static double[][] inverse(double[][] a) {
        int size = a.length;
        double[][] m = new double[size][2 * size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(a[r], 0, m[r], 0, size);
            m[r][size + r] = 1;
        }
        eliminate(m, size);
        double[][] inverse = new double[size][size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(m[r], size, inverse[r], 0, size);
        }
        return inverse;
    }

    /** Solves a·v = b by Gauss-Jordan elimination on [a | b]. */
    static double[] solve(double[][] a, double[] b) {
        int size = a.length;
        double[][] m = new double[size][size + 1];
        for (int r = 0; r < size; r++) {
            System.arraycopy(a[r], 0, m[r], 0, size);
            m[r][size] = b[r];
        }
        eliminate(m, size);
        double[] v = new double[size];
        for (int r = 0; r < size; r++) {
            v[r] = m[r][size];
        }
        return v;
    }

    /** x₀ᵀ(XᵀX)⁻¹x₀ for x₀ = (1, x), with the inverse computed here. */
    static double leverage(Dataset data, double... x) {
        double[][] inverse = inverse(xtx(data, null));
        double[] x0 = new double[x.length + 1];
        x0[0] = 1;
        System.arraycopy(x, 0, x0, 1, x.length);
        double sum = 0;
        for (int r = 0; r < x0.length; r++) {
            for (int c = 0; c < x0.length; c++) {
                sum += x0[r] * inverse[r][c] * x0[c];
            }
        }
        return sum;
    }

    /** The two-sided p value of t with 4 degrees of freedom, from that distribution's closed form. */
    static double pValue4(double t) {
        double u = Math.abs(t) / Math.sqrt(1 + t * t / 4);
        return 2 * (1 - (0.5 + 0.375 * u * (1 - u * u / 12)));
    }

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
                if (r != k) {
                    double factor = m[r][k];
                    for (int c = 0; c < width; c++) {
                        m[r][c] -= factor * m[k][c];
                    }
                }
            }
        }
    }
}
