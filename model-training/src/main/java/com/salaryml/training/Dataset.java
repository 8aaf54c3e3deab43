package com.salaryml.training;

import java.util.List;

/**
 * Validated training data, column by column.
 *
 * @param file     the data file's name, without its folder
 * @param sha256   the SHA-256 of the data file's bytes
 * @param features the feature names, in the order of {@code columns}
 * @param columns  one array of values per feature, each {@code rows()} long
 * @param target   the target values
 */
public record Dataset(String file, String sha256, List<String> features, double[][] columns, double[] target) {

    int rows() {
        return target.length;
    }

    /** The data as rows of features, the shape Smile's data frames take. */
    double[][] rowsWithTarget() {
        int p = columns.length;
        double[][] rows = new double[target.length][p + 1];
        for (int i = 0; i < target.length; i++) {
            for (int j = 0; j < p; j++) {
                rows[i][j] = columns[j][i];
            }
            rows[i][p] = target[i];
        }
        return rows;
    }
}
