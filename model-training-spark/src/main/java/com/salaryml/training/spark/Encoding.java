package com.salaryml.training.spark;

import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Target;
import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * How a row of the training data becomes what a model is fitted on, in a Spark task: its missing cells (NaN)
 * filled in with the fold's or the model's values, a linear model's design row (the contract's {@link Design}:
 * R's treatment coding, the first level the reference), and the target on the scale the model is fitted on. The
 * contract's types are data for files, not for object streams, so the little a task needs travels as arrays.
 *
 * @param levels    per feature, its levels' count for a category, 0 for a number
 * @param design    how many columns the design has
 * @param transform the scale the target is fitted on
 */
record Encoding(int[] levels, int design, Target.Transform transform) implements Serializable {

    static Encoding of(FeatureSchema features, Target target) {
        int[] levels = new int[features.size()];
        for (int j = 0; j < levels.length; j++) {
            Feature feature = features.features().get(j);
            levels[j] = feature.isCategorical() ? feature.levels().size() : 0;
        }
        return new Encoding(levels, Design.of(features).size(), target.transform());
    }

    /** How many features a row has; the target follows them, then the row's place. */
    int features() {
        return levels.length;
    }

    /** Feature {@code j} of the row, filled in with {@code fills[j]} where it is missing. */
    double value(Row row, int j, double[] fills) {
        double value = row.getDouble(j);
        return Double.isNaN(value) ? fills[j] : value;
    }

    /** The row's design row, written into {@code x}, {@link #design} long, as {@link Design#encode} writes it. */
    void encode(Row row, double[] fills, double[] x) {
        int at = 0;
        for (int j = 0; j < levels.length; j++) {
            double value = value(row, j, fills);
            if (levels[j] == 0) {
                x[at++] = value;
                continue;
            }
            for (int c = 0; c < levels[j] - 1; c++) {
                x[at + c] = 0;
            }
            int code = (int) value;
            if (code > 0) {
                x[at + code - 1] = 1;
            }
            at += levels[j] - 1;
        }
    }

    /** The target in its own unit, as the data has it. */
    double actual(Row row) {
        return row.getDouble(levels.length);
    }

    /** The target on the scale the model is fitted on. */
    double fitted(Row row) {
        return transform.apply(actual(row));
    }

    /** A prediction on the fitted scale in the target's unit, as the server serves it. */
    double served(double predicted) {
        return transform.invert(predicted);
    }

    /** The width, in the target's unit, of the interval ± {@code half} around {@code predicted}, as served. */
    double width(double predicted, double half) {
        return transform == Target.Transform.NONE ? 2 * half
                : transform.invert(predicted + half) - transform.invert(predicted - half);
    }

    /** The row's place in the data. */
    long place(Row row) {
        return row.getLong(levels.length + 1);
    }
}
