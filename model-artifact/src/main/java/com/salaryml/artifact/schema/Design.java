package com.salaryml.artifact.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * How a linear model sees its inputs: the columns of its design matrix, R's treatment coding. A numeric feature
 * is one column, its value. A categorical feature with {@code k} levels is {@code k − 1} columns, one per level
 * after the first, each 1 when the input is that level and 0 otherwise; the first level, the reference, is all
 * zeros. So each of those columns' coefficients is the difference its level makes against the reference level,
 * as in R's {@code lm} with a factor.
 *
 * <p>For a schema of numbers only the design is the inputs themselves, in the same order: a model file written
 * before categories existed means exactly what it meant. Immutable.
 */
public final class Design {

    private final FeatureSchema schema;
    /** Where each feature's columns start. */
    private final int[] offsets;
    private final int size;
    private final List<String> names;
    private final boolean identity;

    private Design(FeatureSchema schema) {
        this.schema = schema;
        this.offsets = new int[schema.size()];
        var columnNames = new ArrayList<String>();
        int column = 0;
        for (int f = 0; f < schema.size(); f++) {
            Feature feature = schema.features().get(f);
            offsets[f] = column;
            if (feature.isCategorical()) {
                for (int level = 1; level < feature.levels().size(); level++) {
                    columnNames.add(columnName(feature, level));
                }
                column += feature.levels().size() - 1;
            } else {
                columnNames.add(feature.name());
                column++;
            }
        }
        this.size = column;
        this.names = List.copyOf(columnNames);
        // Asked at every prediction with an interval: known once.
        this.identity = size == schema.size() && schema.features().stream().noneMatch(Feature::isCategorical);
    }

    /** The design of a schema. */
    public static Design of(FeatureSchema schema) {
        return new Design(schema);
    }

    /**
     * The name of the column of one level, as reports and model files show it: the feature's name and the
     * level's, e.g. {@code rank=Prof}. R writes {@code rankProf}; the equals sign keeps the two apart.
     */
    public static String columnName(Feature feature, int level) {
        return feature.name() + "=" + feature.level(level);
    }

    /** The schema this is the design of. */
    public FeatureSchema schema() {
        return schema;
    }

    /** How many columns: one per number, one per level but the first for each category. */
    public int size() {
        return size;
    }

    /** Whether the design is the inputs themselves: every feature a number. */
    public boolean isIdentity() {
        return identity;
    }

    /** The columns' names, in order: a number's name, or {@code feature=level}. */
    public List<String> names() {
        return names;
    }

    /** The first column of feature {@code f}. */
    public int offset(int f) {
        return offsets[f];
    }

    /** How many columns feature {@code f} has. */
    public int width(int f) {
        Feature feature = schema.features().get(f);
        return feature.isCategorical() ? feature.levels().size() - 1 : 1;
    }

    /** The feature whose column {@code column} is. */
    public int featureOf(int column) {
        int f = 0;
        while (f + 1 < offsets.length && offsets[f + 1] <= column) {
            f++;
        }
        return f;
    }

    /**
     * One instance's design row.
     *
     * @param x   the inputs, in schema order, a category as its level's code
     * @param row where the design row is written, {@link #size()} long
     */
    public void encode(double[] x, double[] row) {
        for (int f = 0; f < offsets.length; f++) {
            Feature feature = schema.features().get(f);
            int at = offsets[f];
            if (feature.isCategorical()) {
                int width = feature.levels().size() - 1;
                for (int j = 0; j < width; j++) {
                    row[at + j] = 0;
                }
                int code = (int) x[f];
                if (code > 0) {
                    row[at + code - 1] = 1;
                }
            } else {
                row[at] = x[f];
            }
        }
    }

    /** One instance's design row, in a new array. */
    public double[] encode(double[] x) {
        double[] row = new double[size];
        encode(x, row);
        return row;
    }

    /**
     * A batch's design columns, {@code design[c][i]}: the inputs' own columns where a feature is a number (the
     * same arrays, not copies), new ones for a category's levels.
     */
    public double[][] encodeColumns(double[][] columns, int n) {
        double[][] design = new double[size][];
        for (int f = 0; f < offsets.length; f++) {
            Feature feature = schema.features().get(f);
            int at = offsets[f];
            if (!feature.isCategorical()) {
                design[at] = columns[f];
                continue;
            }
            for (int j = 0; j < feature.levels().size() - 1; j++) {
                design[at + j] = new double[n];
            }
            double[] codes = columns[f];
            for (int i = 0; i < n; i++) {
                int code = (int) codes[i];
                if (code > 0) {
                    design[at + code - 1][i] = 1;
                }
            }
        }
        return design;
    }
}
