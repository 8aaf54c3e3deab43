package com.salaryml.training;

import com.salaryml.artifact.Reference;

/**
 * Ordinary least squares from first principles, to check the trainer against: the normal equations
 * (XᵀX)·b = Xᵀy with X = [1, features] of any data set, solved and inverted by the Gauss-Jordan elimination of
 * model-artifact's {@link Reference} fit. Shares no code with the trainer or Smile.
 */
final class IndependentOls {

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
        return Reference.solve(xtx(data, use), xty);
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

    /** (XᵀX)⁻¹, one column at a time, by the reference fit's Gauss-Jordan elimination. */
    static double[][] inverse(double[][] a) {
        int size = a.length;
        double[][] inverse = new double[size][size];
        for (int c = 0; c < size; c++) {
            double[] unit = new double[size];
            unit[c] = 1;
            double[] column = Reference.solve(a, unit);
            for (int r = 0; r < size; r++) {
                inverse[r][c] = column[r];
            }
        }
        return inverse;
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
}
