package com.salaryml.training;

/**
 * Squared and absolute errors of predictions against the truth, as every trainer reports them on the training
 * rows and on held-out rows.
 *
 * @param rss      the residual sum of squares
 * @param rmse     the root mean squared error
 * @param mae      the mean absolute error
 * @param rSquared R², against the mean of the actual values; 0 if they are all equal
 */
public record Errors(double rss, double rmse, double mae, double rSquared) {

    /**
     * The errors of {@code predicted} against {@code actual}, row by row.
     *
     * @param actual    the true values
     * @param predicted the predictions, as many as {@code actual}
     * @return the errors, summed in the rows' order
     */
    public static Errors of(double[] actual, double[] predicted) {
        double mean = 0;
        for (double value : actual) {
            mean += value;
        }
        mean /= actual.length;
        double rss = 0;
        double absolute = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            double residual = actual[i] - predicted[i];
            rss += residual * residual;
            absolute += Math.abs(residual);
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        return fromSums(actual.length, rss, absolute, total);
    }

    /**
     * The errors from the sums a pass over the rows gives, for a trainer that never holds the rows.
     *
     * @param n        the rows
     * @param rss      Σ residual²
     * @param absolute Σ |residual|
     * @param total    Σ (actual − mean)²
     * @return the errors
     */
    public static Errors fromSums(long n, double rss, double absolute, double total) {
        return new Errors(rss, Math.sqrt(rss / n), absolute / n, total == 0 ? 0 : 1 - rss / total);
    }
}
