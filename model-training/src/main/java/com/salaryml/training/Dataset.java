package com.salaryml.training;

import java.util.List;
import java.util.Objects;

/**
 * Validated training data, column by column, as the model reads it: a number as itself, a category as its
 * level's code (its index among the schema's levels), and a missing cell that the schema fills in as NaN. The
 * target is in its own unit, whatever scale the model is fitted on, and never missing.
 *
 * @param file     the data file's name, without its folder
 * @param sha256   the SHA-256 of the data file's bytes
 * @param features the feature names, in the order of {@code columns}
 * @param columns  one array of values per feature, each {@code rows()} long
 * @param target   the target values
 * @param dropped  the incomplete rows left out by {@code --drop-incomplete}; none unless asked
 */
public record Dataset(String file, String sha256, List<String> features, double[][] columns, double[] target,
                      Dropped dropped) {

    /** Data of which no row was left out. */
    public Dataset(String file, String sha256, List<String> features, double[][] columns, double[] target) {
        this(file, sha256, features, columns, target, Dropped.NONE);
    }

    /** Checks that every part is there. */
    public Dataset {
        Objects.requireNonNull(dropped, "dropped");
    }

    /**
     * The rows left out of the data because a cell the model needs was blank or {@code NA}, as R's {@code lm}
     * leaves them out ({@code na.omit}).
     *
     * @param rows  each one's place among the file's data rows, from 1: R's row name for it
     * @param lines each one's line in the file, from 1, for messages
     */
    public record Dropped(long[] rows, long[] lines) {

        /** No row left out. */
        public static final Dropped NONE = new Dropped(new long[0], new long[0]);

        /** How many rows were left out. */
        public int count() {
            return rows.length;
        }
    }

    int rows() {
        return target.length;
    }

    /** Whether some feature's cell is missing (NaN) in some row: only then is there anything to fill in. */
    boolean hasMissing() {
        for (double[] column : columns) {
            for (double value : column) {
                if (Double.isNaN(value)) {
                    return true;
                }
            }
        }
        return false;
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
