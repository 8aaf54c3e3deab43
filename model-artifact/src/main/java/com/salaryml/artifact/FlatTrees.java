package com.salaryml.artifact;

import java.util.List;

/**
 * The trees of an ensemble in one set of flat arrays, one tree after another, with absolute node indices:
 * what scoring and TreeSHAP walk. A leaf has {@code left == }{@value TreeEnsembleModel.Tree#LEAF}. Built once
 * per model; never changed.
 *
 * @param baseValue the ensemble's constant term
 * @param roots     per tree, the index of its root
 * @param weights   per tree, its weight
 * @param maxDepth  the depth of the deepest tree
 */
record FlatTrees(double baseValue, int[] roots, double[] weights, int[] feature, double[] threshold, int[] left,
                 int[] right, double[] value, double[] cover, int maxDepth) {

    /**
     * @throws IllegalArgumentException naming the node, if a split's feature is not one of the schema's
     */
    static FlatTrees of(TreeEnsembleModel model, FeatureSchema schema) {
        List<TreeEnsembleModel.Tree> trees = model.trees();
        int total = model.nodeCount();
        int features = schema.size();
        int[] roots = new int[trees.size()];
        double[] weights = new double[trees.size()];
        int[] feature = new int[total];
        double[] threshold = new double[total];
        int[] left = new int[total];
        int[] right = new int[total];
        double[] value = new double[total];
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
        return new FlatTrees(model.baseValue(), roots, weights, feature, threshold, left, right, value, cover,
                maxDepth);
    }

    /** The leaf of tree {@code t} that {@code x} (schema order) reaches. */
    int leafOf(int t, double[] x) {
        int node = roots[t];
        while (left[node] >= 0) {
            node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
        }
        return node;
    }
}
