package com.salaryml.training.spark;

/**
 * Solves the small symmetric positive definite systems of least squares (one row and column per feature) by
 * Cholesky decomposition: stable for such matrices, and all a p × p system on the driver needs.
 */
final class Linear {

    private Linear() {
    }

    /** The lower Cholesky factor L of {@code a} = L·Lᵀ. */
    static double[][] cholesky(double[][] a) {
        double[][] l = new double[a.length][a.length];
        int failed = factor(a, l, 0);
        if (failed >= 0) {
            throw new IllegalArgumentException("the matrix is not positive definite at row " + failed);
        }
        return l;
    }

    /**
     * The first column of a covariance-like matrix that is, within {@code tolerance} of its own spread, a linear
     * combination of the columns before it: the first pivot of the Cholesky factor at most {@code tolerance}
     * · aⱼⱼ. −1 if there is none.
     */
    static int firstDependent(double[][] a, double tolerance) {
        return factor(a, new double[a.length][a.length], tolerance);
    }

    /** Fills L column by column; stops at, and returns, the first row whose pivot is not above tolerance · aⱼⱼ. */
    private static int factor(double[][] a, double[][] l, double tolerance) {
        int p = a.length;
        for (int j = 0; j < p; j++) {
            double diagonal = a[j][j];
            for (int k = 0; k < j; k++) {
                diagonal -= l[j][k] * l[j][k];
            }
            if (!(diagonal > tolerance * a[j][j])) {
                return j;
            }
            l[j][j] = Math.sqrt(diagonal);
            for (int i = j + 1; i < p; i++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = sum / l[j][j];
            }
        }
        return -1;
    }

    /** x with a·x = b. */
    static double[] solve(double[][] a, double[] b) {
        return solve(cholesky(a), b, true);
    }

    private static double[] solve(double[][] l, double[] b, boolean factored) {
        int p = l.length;
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < p; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }

    /** a⁻¹, column by column. */
    static double[][] inverse(double[][] a) {
        int p = a.length;
        double[][] l = cholesky(a);
        double[][] inverse = new double[p][p];
        for (int c = 0; c < p; c++) {
            double[] unit = new double[p];
            unit[c] = 1;
            double[] column = solve(l, unit, true);
            for (int r = 0; r < p; r++) {
                inverse[r][c] = column[r];
            }
        }
        return inverse;
    }
}
