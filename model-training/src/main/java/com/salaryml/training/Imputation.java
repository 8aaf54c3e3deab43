package com.salaryml.training;

import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The values that fill in missing cells, computed from training rows as the schema's rules say: the median or
 * the mean of a number's values, the level most rows have for a category. Computed on the rows a model is fitted
 * on and on nothing else: each cross-validation fold's from its own training rows, so the held-out rows never
 * leak into the value that fills in their own gaps, and the published model's from all the rows. The published
 * value travels in the model file ({@link Missing}), so the server fills a gap exactly as training did.
 */
final class Imputation {

    private Imputation() {
    }

    /**
     * Each feature's fill value, computed from {@code rows} of the columns: NaN for a feature that refuses a
     * missing value, and for one whose rows have no value at all. As R computes them: the median of an even
     * number of values is the mean of the middle two; of levels equally frequent, the first declared wins.
     *
     * @param declared the features and their rules
     * @param columns  the data's columns, NaN where a cell is missing, a category as its level's code
     * @param rows     the rows to compute from, or {@code null} for all of them
     */
    static double[] values(Declared declared, double[][] columns, int[] rows) {
        double[] values = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            Missing.Rule rule = declared.rules().get(j);
            double[] observed = observed(columns[j], rows);
            values[j] = observed.length == 0 ? Double.NaN : switch (rule) {
                case REFUSE -> Double.NaN;
                case MEDIAN -> median(observed);
                case MEAN -> mean(observed);
                case MOST_FREQUENT -> mostFrequent(observed, declared.features().features().get(j).levels().size());
            };
        }
        return values;
    }

    /**
     * The fill values of a fit on {@code rows}, refusing a feature whose rows have no value to compute one from.
     *
     * @param where what the fit is, as the message names it: the data, or a cross-validation fold of it
     * @throws DataException naming the feature and what to do
     */
    static double[] required(Declared declared, double[][] columns, int[] rows, String where) throws DataException {
        double[] values = values(declared, columns, rows);
        var problems = new ArrayList<String>();
        for (int j = 0; j < values.length; j++) {
            Missing.Rule rule = declared.rules().get(j);
            if (rule != Missing.Rule.REFUSE && Double.isNaN(values[j])) {
                String name = declared.features().features().get(j).name();
                problems.add(where + ": " + name + " is missing in every row, so there is no " + rule.id()
                        + " to fill it in with; leave " + name + " out of the schema file, or fill in its column");
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
        return values;
    }

    /** The features with the values that fill in their missing values, where their rules fill them in. */
    static FeatureSchema withValues(Declared declared, double[] values) {
        return DataSchema.withFillValues(declared.features(), declared.rules(), values);
    }

    /**
     * The columns with every missing cell (NaN) filled in with its feature's value: a column without a missing
     * cell is the same array, one with a missing cell a copy.
     */
    static double[][] fill(double[][] columns, double[] values) {
        double[][] filled = columns.clone();
        for (int j = 0; j < columns.length; j++) {
            double[] column = columns[j];
            for (int i = 0; i < column.length; i++) {
                if (Double.isNaN(column[i])) {
                    if (filled[j] == column) {
                        filled[j] = column.clone();
                    }
                    filled[j][i] = values[j];
                }
            }
        }
        return filled;
    }

    /** The values of {@code rows} (all if null) that are not missing, in row order. */
    private static double[] observed(double[] column, int[] rows) {
        int n = rows == null ? column.length : rows.length;
        double[] observed = new double[n];
        int m = 0;
        for (int r = 0; r < n; r++) {
            double value = column[rows == null ? r : rows[r]];
            if (!Double.isNaN(value)) {
                observed[m++] = value;
            }
        }
        return Arrays.copyOf(observed, m);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double mostFrequent(double[] codes, int levels) {
        long[] counts = new long[levels];
        for (double code : codes) {
            counts[(int) code]++;
        }
        int best = 0;
        for (int level = 1; level < levels; level++) {
            if (counts[level] > counts[best]) {
                best = level;
            }
        }
        return best;
    }
}
