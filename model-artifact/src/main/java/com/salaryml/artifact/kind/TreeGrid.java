package com.salaryml.artifact.kind;

import java.util.Arrays;

/**
 * A tree ensemble's answers, its value and every feature's SHAP value, computed ahead for every cell of the grid
 * its split thresholds draw. A split only asks whether {@code x[f] > t}; so each feature's distinct thresholds cut
 * its axis into intervals, and two inputs in the same interval of every feature take the same branch at every
 * split of every tree: they reach the same leaves and read the same rows of the SHAP tables, in the same order, so
 * {@link FlatTrees#predict} and {@link TreeShap#contributions} give them the same doubles, to the bit. The grid holds
 * those doubles once per cell, computed at one input inside it; an instance then costs one binary search per
 * feature and a few reads, whatever the number of trees.
 *
 * <p>It pays where inputs are few and coarse, as the salary model's are (years, and scores out of 10: a few dozen
 * thresholds), and a forest of a hundred deep trees would otherwise read thousands of leaves per instance. A grid is
 * made only within {@value #MAX_DOUBLES} doubles of memory and {@value #MAX_LEAF_VISITS} leaf visits of work to
 * fill it (each cell costs what one instance costs today); beyond either, and for ensembles with categorical splits,
 * the trees are walked per instance as before.
 */
final class TreeGrid {

    /** The most doubles a grid may hold: 8 MiB. */
    static final int MAX_DOUBLES = 1 << 20;

    /** The most leaves that filling a grid may visit (cells times the ensemble's leaves): a second or so. */
    static final long MAX_LEAF_VISITS = 1L << 28;

    private final int features;
    /** Per feature, its distinct split thresholds, ascending; empty for a feature no split asks about. */
    private final double[][] cuts;
    /** Per feature, how far apart in {@link #values} two cells are that differ by one in its interval. */
    private final int[] strides;
    private final double[] values;
    /** Per cell, its {@link #features} SHAP values, one after another. */
    private final double[] contributions;

    private TreeGrid(int features, double[][] cuts, int[] strides, double[] values, double[] contributions) {
        this.features = features;
        this.cuts = cuts;
        this.strides = strides;
        this.values = values;
        this.contributions = contributions;
    }

    /**
     * The grid of an ensemble, or null where it would take more memory or work than allowed, or where a split is
     * categorical.
     */
    static TreeGrid of(FlatTrees trees, TreeShap shap, int features) {
        return of(trees, shap, features, MAX_DOUBLES, MAX_LEAF_VISITS);
    }

    /** As {@link #of(FlatTrees, TreeShap, int)}, with other limits: for tests. */
    static TreeGrid of(FlatTrees trees, TreeShap shap, int features, int maxDoubles, long maxLeafVisits) {
        if (trees.rightLevels() != null) {
            return null;
        }
        double[][] cuts = thresholds(trees, features);
        int[] strides = new int[features];
        long cells = 1;
        for (int f = features - 1; f >= 0; f--) {
            strides[f] = (int) Math.min(cells, Integer.MAX_VALUE);
            cells *= cuts[f].length + 1;
            if (cells * (features + 1) > maxDoubles) {
                return null;
            }
        }
        long leaves = 0;
        for (int i = 0; i < trees.child().length; i++) {
            leaves += trees.isLeaf(i) ? 1 : 0;
        }
        if (cells * leaves > maxLeafVisits) {
            return null;
        }
        int n = (int) cells;
        double[] values = new double[n];
        double[] contributions = new double[n * features];
        double[] x = new double[features];
        double[] phi = new double[features];
        int[] nodes = new int[trees.roots().length];
        var scratch = new TreeShap.Scratch(shap);
        for (int cell = 0; cell < n; cell++) {
            for (int f = 0; f < features; f++) {
                x[f] = inside(cuts[f], cell / strides[f] % (cuts[f].length + 1));
            }
            values[cell] = trees.predict(x, 0, nodes);
            shap.contributions(x, phi, scratch);
            System.arraycopy(phi, 0, contributions, cell * features, features);
        }
        return new TreeGrid(features, cuts, strides, values, contributions);
    }

    /** Per feature, the distinct thresholds its splits compare it with, ascending. */
    private static double[][] thresholds(FlatTrees trees, int features) {
        double[][] found = new double[features][];
        int[] count = new int[features];
        for (int f = 0; f < features; f++) {
            found[f] = new double[8];
        }
        for (int i = 0; i < trees.child().length; i++) {
            if (trees.isLeaf(i)) {
                continue;
            }
            int f = trees.feature()[i];
            if (count[f] == found[f].length) {
                found[f] = Arrays.copyOf(found[f], count[f] * 2);
            }
            // + 0.0 makes -0.0 into 0.0, which the split's > treats alike and the binary search would not.
            found[f][count[f]++] = trees.threshold()[i] + 0.0;
        }
        double[][] cuts = new double[features][];
        for (int f = 0; f < features; f++) {
            cuts[f] = Arrays.stream(found[f], 0, count[f]).sorted().distinct().toArray();
        }
        return cuts;
    }

    /**
     * A value inside interval {@code k} of an axis cut at {@code cuts}: interval 0 is up to and including the
     * first cut, interval k up to and including cut k, the last one above the last cut.
     */
    private static double inside(double[] cuts, int k) {
        if (cuts.length == 0) {
            return 0;
        }
        return k < cuts.length ? cuts[k] : Math.nextUp(cuts[cuts.length - 1]);
    }

    /** The cell of the input at {@code x[offset ...]}: per feature, how many of its cuts lie below its value. */
    int cell(double[] x, int offset) {
        int cell = 0;
        for (int f = 0; f < features; f++) {
            double[] axis = cuts[f];
            int at = Arrays.binarySearch(axis, x[offset + f] + 0.0);
            // Found: the cuts below are those before it (x > t is false at t itself). Not found: the insertion point.
            cell += (at >= 0 ? at : -at - 1) * strides[f];
        }
        return cell;
    }

    /** The ensemble's value in a cell. */
    double value(int cell) {
        return values[cell];
    }

    /** Copies a cell's SHAP values into {@code phi}. */
    void contributions(int cell, double[] phi) {
        System.arraycopy(contributions, cell * features, phi, 0, features);
    }

    /** The contribution of feature {@code f} in a cell. */
    double contribution(int cell, int f) {
        return contributions[cell * features + f];
    }

    /** How many cells the grid has: for tests and logs. */
    int cells() {
        return values.length;
    }
}
