package com.salaryml.artifact.kind;

import com.salaryml.artifact.schema.FeatureSchema;

/**
 * Scores a {@link TreeEnsembleModel}: {@code value = baseValue + Σ weight · leaf}, the trees in order, over the
 * trees copied into flat arrays ({@link FlatTrees}). Contributions are exact SHAP values, by {@link TreeShap};
 * the baseline is the ensemble's cover-weighted expected value. Where the ensemble's thresholds draw a grid small
 * enough, both are read from it ({@link TreeGrid}), the same doubles computed once per cell.
 */
final class TreeScorer implements Scorer {

    /** How many instances of a batch step down the trees together. */
    private static final int BLOCK = 256;

    /** Fewer instances than this are predicted one by one: stepping together would not pay for itself. */
    private static final int SMALL = 8;

    private final FlatTrees trees;
    private final double baseline;
    private final TreeShap shap;
    /** The answers per cell of the thresholds' grid, or null where the grid would be too large. */
    private final TreeGrid grid;

    /**
     * @throws IllegalArgumentException naming the node, if a split's feature index is not a feature of the schema
     */
    TreeScorer(TreeEnsembleModel model, FeatureSchema schema) {
        this.trees = FlatTrees.of(model, schema);
        this.baseline = model.expectedValue();
        this.shap = new TreeShap(trees, schema.size());
        this.grid = TreeGrid.of(trees, shap, schema.size());
    }

    /** Whether answers come from the grid: for tests. */
    boolean gridded() {
        return grid != null;
    }

    @Override
    public double baseline() {
        return baseline;
    }

    @Override
    public double predict(double[] x, double[] contributions) {
        if (grid != null) {
            int cell = grid.cell(x, 0);
            if (contributions != null) {
                grid.contributions(cell, contributions);
            }
            return grid.value(cell);
        }
        double sum = trees.predict(x, 0, new int[trees.roots().length]);
        if (contributions != null) {
            shap.contributions(x, contributions, new TreeShap.Scratch(shap));
        }
        return sum;
    }

    @Override
    public void predictColumns(double[][] columns, int n, double[] values, double[][] contributions) {
        if (grid != null) {
            double[] x = new double[columns.length];
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < x.length; f++) {
                    x[f] = columns[f][i];
                }
                values[i] = grid.value(grid.cell(x, 0));
            }
            if (contributions != null) {
                contributionColumns(columns, n, contributions);
            }
            return;
        }
        int[] roots = trees.roots();
        double[] weights = trees.weights();
        int[] depths = trees.depths();
        int[] feature = trees.feature();
        double[] threshold = trees.threshold();
        int[] child = trees.child();
        double[] value = trees.value();
        long[] levels = trees.rightLevels();
        int p = columns.length;
        double[] rows = new double[Math.min(n, BLOCK) * p];
        int[] nodes = new int[Math.min(n, BLOCK)];
        // A block of instances at a time, copied row by row so that a step reads one array. Then tree by
        // tree, the whole block steps down together: the steps of different instances do not depend on each
        // other, so the processor overlaps them, and the tree's nodes stay in cache. Each instance still adds
        // its trees' values in tree order, as predict does, so a batch and single predictions agree to the bit.
        for (int from = 0; from < n; from += BLOCK) {
            int m = Math.min(n, from + BLOCK) - from;
            for (int f = 0; f < p; f++) {
                double[] column = columns[f];
                for (int r = 0; r < m; r++) {
                    rows[r * p + f] = column[from + r];
                }
            }
            if (m < SMALL) {
                // Too few to step down together: each its own way, across the trees, as predict does.
                int[] perTree = new int[roots.length];
                for (int r = 0; r < m; r++) {
                    values[from + r] = trees.predict(rows, r * p, perTree);
                }
                continue;
            }
            java.util.Arrays.fill(values, from, from + m, trees.baseValue());
            for (int t = 0; t < roots.length; t++) {
                java.util.Arrays.fill(nodes, 0, m, roots[t]);
                if (levels == null) {
                    for (int step = depths[t]; step > 0; step--) {
                        for (int r = 0; r < m; r++) {
                            int node = nodes[r];
                            nodes[r] = child[node] + (rows[r * p + feature[node]] > threshold[node] ? 1 : 0);
                        }
                    }
                } else {
                    // As predict steps with categorical splits: a level goes right where its bit is set.
                    for (int step = depths[t]; step > 0; step--) {
                        for (int r = 0; r < m; r++) {
                            int node = nodes[r];
                            double v = rows[r * p + feature[node]];
                            nodes[r] = child[node] + ((v > threshold[node] ? 1 : 0) | FlatTrees.right(levels, node, v));
                        }
                    }
                }
                double weight = weights[t];
                for (int r = 0; r < m; r++) {
                    values[from + r] += weight * value[nodes[r]];
                }
            }
        }
        if (contributions != null) {
            contributionColumns(columns, n, contributions);
        }
    }

    @Override
    public boolean contributionsAreCostly() {
        return true;
    }

    @Override
    public void contributionColumns(double[][] columns, int n, double[][] contributions) {
        int p = columns.length;
        if (grid != null) {
            double[] x = new double[p];
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < p; f++) {
                    x[f] = columns[f][i];
                }
                int cell = grid.cell(x, 0);
                for (int f = 0; f < p; f++) {
                    contributions[f][i] = grid.contribution(cell, f);
                }
            }
            return;
        }
        double[] x = new double[p];
        double[] phi = new double[p];
        var scratch = new TreeShap.Scratch(shap);
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < p; f++) {
                x[f] = columns[f][i];
            }
            shap.contributions(x, phi, scratch);
            for (int f = 0; f < p; f++) {
                contributions[f][i] = phi[f];
            }
        }
    }
}
