package com.salaryml.artifact.kind;

import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.util.Arrays;

/**
 * Scores a {@link LinearModel}: {@code value = baseline + Σ contribution}, where the baseline is the prediction
 * at the training means of the design's columns ({@link Design}) and each feature contributes
 * {@code coefficient · (x − training mean)} summed over its columns. For a number that is one term; for a
 * category it is the coefficient of the given level (0 for the reference level) less the training mean of the
 * feature's level terms, one number per feature. Summed in the order a reader sums them, baseline then each
 * contribution, so that they add up to the value exactly.
 */
final class LinearScorer implements Scorer {

    private final double[] coefficients;
    private final double[] means;
    private final double baseline;
    /** Per feature, in schema order: null for a number; for a category, its contribution at each level's code. */
    private final double[][] levelContributions;
    /** Per feature: its one design column, for a number. */
    private final int[] column;

    /**
     * @param means the training mean of each design column, in design order: a number's mean, a level's share
     * @throws IllegalArgumentException if there is not one coefficient per design column
     */
    LinearScorer(LinearModel model, double[] means, FeatureSchema schema) {
        Design design = Design.of(schema);
        if (model.size() != design.size() || means.length != design.size()) {
            throw new IllegalArgumentException("there are " + model.size() + " coefficients but " + (design.isIdentity()
                    ? design.size() + " features " + schema.names()
                    : "the features " + schema.names() + " have " + design.size() + " design columns "
                            + design.names()));
        }
        this.coefficients = model.coefficients();
        this.means = means.clone();
        double atMeans = model.intercept();
        for (int c = 0; c < coefficients.length; c++) {
            atMeans += coefficients[c] * means[c];
        }
        this.baseline = atMeans;
        int features = schema.size();
        this.levelContributions = new double[features][];
        this.column = new int[features];
        for (int f = 0; f < features; f++) {
            Feature feature = schema.features().get(f);
            int at = design.offset(f);
            column[f] = at;
            if (feature.isCategorical()) {
                int width = design.width(f);
                double atMean = 0;
                for (int j = 0; j < width; j++) {
                    atMean += coefficients[at + j] * means[at + j];
                }
                double[] byLevel = new double[width + 1];
                byLevel[0] = -atMean;
                for (int level = 1; level <= width; level++) {
                    byLevel[level] = coefficients[at + level - 1] - atMean;
                }
                levelContributions[f] = byLevel;
            }
        }
    }

    @Override
    public double baseline() {
        return baseline;
    }

    @Override
    public double predict(double[] x, double[] contributions) {
        double value = baseline;
        for (int f = 0; f < x.length; f++) {
            double[] byLevel = levelContributions[f];
            double amount = byLevel != null ? byLevel[(int) x[f]]
                    : coefficients[column[f]] * (x[f] - means[column[f]]);
            if (contributions != null) {
                contributions[f] = amount;
            }
            value += amount;
        }
        return value;
    }

    @Override
    public void predictColumns(double[][] columns, int n, double[] values, double[][] contributions) {
        Arrays.fill(values, 0, n, baseline);
        // Column by column: each inner loop is a plain pass over two arrays, which the JIT vectorises.
        for (int f = 0; f < column.length; f++) {
            double[] x = columns[f];
            double[] part = contributions == null ? null : contributions[f];
            double[] byLevel = levelContributions[f];
            if (byLevel != null) {
                for (int i = 0; i < n; i++) {
                    double amount = byLevel[(int) x[i]];
                    if (part != null) {
                        part[i] = amount;
                    }
                    values[i] += amount;
                }
                continue;
            }
            double coefficient = coefficients[column[f]];
            double mean = means[column[f]];
            if (part == null) {
                for (int i = 0; i < n; i++) {
                    values[i] += coefficient * (x[i] - mean);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    double amount = coefficient * (x[i] - mean);
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
        for (int f = 0; f < column.length; f++) {
            double[] x = columns[f];
            double[] part = contributions[f];
            double[] byLevel = levelContributions[f];
            for (int i = 0; i < n; i++) {
                part[i] = byLevel != null ? byLevel[(int) x[i]]
                        : coefficients[column[f]] * (x[i] - means[column[f]]);
            }
        }
    }
}
