package com.salaryml.artifact;

import java.util.List;

/**
 * Scores a {@link TreeEnsembleModel}: {@code value = baseValue + Σ weight · leaf}, the trees in order. The
 * trees are copied into flat arrays, one for all of them, with absolute node indices, so that scoring walks
 * plain arrays. Contributions are exact SHAP values, by {@link TreeShap}; the baseline is the ensemble's
 * cover-weighted expected value.
 */
final class TreeScorer implements Scorer {

    /** How many instances of a batch go through each tree before the next: their values stay in cache. */
    private static final int BLOCK = 512;

    private final double baseValue;
    private final int[] roots;
    private final double[] weights;
    private final int[] feature;
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    private final double[] value;
    private final double baseline;
    private final TreeShap shap;

    /**
     * @throws IllegalArgumentException naming the node, if a split's feature index is not a feature of the schema
     */
    TreeScorer(TreeEnsembleModel model, FeatureSchema schema) {
        List<TreeEnsembleModel.Tree> trees = model.trees();
        int total = model.nodeCount();
        int features = schema.size();
        this.baseValue = model.baseValue();
        this.roots = new int[trees.size()];
        this.weights = new double[trees.size()];
        this.feature = new int[total];
        this.threshold = new double[total];
        this.left = new int[total];
        this.right = new int[total];
        this.value = new double[total];
        double[] cover = new double[total];
        int maxDepth = 0;
        int at = 0;
        for (int t = 0; t < trees.size(); t++) {
            TreeEnsembleModel.Tree tree = trees.get(t);
            roots[t] = at;
            weights[t] = tree.weight();
            for (int i = 0; i < tree.size(); i++) {
                int split = tree.feature(i);
                if (split >= features) {
                    throw new FieldPathException("model.trees[" + t + "].nodes[" + i + "].feature", split
                            + " is not a feature; the model has " + features + " (0 to " + (features - 1) + ")");
                }
                boolean leaf = tree.isLeaf(i);
                feature[at + i] = split;
                threshold[at + i] = tree.threshold(i);
                left[at + i] = leaf ? TreeEnsembleModel.Tree.LEAF : at + tree.left(i);
                right[at + i] = leaf ? TreeEnsembleModel.Tree.LEAF : at + tree.right(i);
                value[at + i] = tree.value(i);
                cover[at + i] = tree.cover(i);
            }
            maxDepth = Math.max(maxDepth, tree.depth());
            at += tree.size();
        }
        this.baseline = model.expectedValue();
        this.shap = new TreeShap(roots, weights, feature, threshold, left, right, value, cover, maxDepth, features);
    }

    @Override
    public double baseline() {
        return baseline;
    }

    @Override
    public double predict(double[] x, double[] contributions) {
        double sum = baseValue;
        for (int t = 0; t < roots.length; t++) {
            int node = roots[t];
            while (left[node] >= 0) {
                node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            }
            sum += weights[t] * value[node];
        }
        if (contributions != null) {
            shap.contributions(x, contributions, new TreeShap.Scratch(shap));
        }
        return sum;
    }

    @Override
    public void predictColumns(double[][] columns, int n, double[] values, double[][] contributions) {
        java.util.Arrays.fill(values, 0, n, baseValue);
        // Tree by tree over a block of instances: one tree's nodes stay in cache while a block goes through it,
        // and each instance still adds its trees' values in tree order, as predict does.
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            for (int t = 0; t < roots.length; t++) {
                int root = roots[t];
                double weight = weights[t];
                for (int i = from; i < to; i++) {
                    int node = root;
                    while (left[node] >= 0) {
                        node = columns[feature[node]][i] <= threshold[node] ? left[node] : right[node];
                    }
                    values[i] += weight * value[node];
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
