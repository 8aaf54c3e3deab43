package com.salaryml.artifact.kind;

import com.salaryml.artifact.schema.FeatureSchema;

/**
 * Scores a {@link LinearModel}: {@code value = baseline + Σ coefficient · (x − training mean)}, where the
 * baseline is the prediction at the training means. Summed in the order a reader sums them, baseline then each
 * contribution, so that they add up to the value exactly.
 */
final class LinearScorer implements Scorer {

    private final double[] coefficients;
    private final double[] means;
    private final double baseline;

    /**
     * @param means the training mean of each feature, in schema order
     * @throws IllegalArgumentException if there is not one coefficient per feature
     */
    LinearScorer(LinearModel model, double[] means, FeatureSchema schema) {
        if (model.size() != means.length) {
            throw new IllegalArgumentException("there are " + model.size() + " coefficients but " + means.length
                    + " features " + schema.names());
        }
        this.coefficients = model.coefficients();
        this.means = means.clone();
        double atMeans = model.intercept();
        for (int i = 0; i < coefficients.length; i++) {
            atMeans += coefficients[i] * means[i];
        }
        this.baseline = atMeans;
    }

    @Override
    public double baseline() {
        return baseline;
    }

    @Override
    public double predict(double[] x, double[] contributions) {
        double value = baseline;
        for (int i = 0; i < x.length; i++) {
            double amount = coefficients[i] * (x[i] - means[i]);
            if (contributions != null) {
                contributions[i] = amount;
            }
            value += amount;
        }
        return value;
    }

    @Override
    public void predictColumns(double[][] columns, int n, double[] values, double[][] contributions) {
        java.util.Arrays.fill(values, 0, n, baseline);
        // Column by column: each inner loop is a plain pass over two arrays, which the JIT vectorises.
        for (int f = 0; f < coefficients.length; f++) {
            double[] column = columns[f];
            double coefficient = coefficients[f];
            double mean = means[f];
            if (contributions == null) {
                for (int i = 0; i < n; i++) {
                    values[i] += coefficient * (column[i] - mean);
                }
            } else {
                double[] part = contributions[f];
                for (int i = 0; i < n; i++) {
                    double amount = coefficient * (column[i] - mean);
                    part[i] = amount;
                    values[i] += amount;
                }
            }
        }
    }

    @Override
    public boolean contributionsAreCostly() {
        return false;
    }

    @Override
    public void contributionColumns(double[][] columns, int n, double[][] contributions) {
        for (int f = 0; f < coefficients.length; f++) {
            double[] column = columns[f];
            double[] part = contributions[f];
            for (int i = 0; i < n; i++) {
                part[i] = coefficients[f] * (column[i] - means[f]);
            }
        }
    }
}
