package com.salaryml.artifact.kind;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.util.List;

/**
 * The trees of an ensemble in one set of flat arrays, laid out for speed: what scoring and TreeSHAP walk.
 * Built once per model; never changed.
 *
 * <p>Each tree's nodes are renumbered breadth first so that a split's two children are neighbours:
 * {@code child[i]} is the left one and {@code child[i] + 1} the right one. A step down is then
 * {@code i = child[i] + (x[feature[i]] > threshold[i] ? 1 : 0)}, with no branch to mispredict. A leaf is its own
 * child, with threshold +∞, so that stepping from it stays put: every instance takes exactly
 * {@code depth[t]} steps in tree {@code t}, however deep its own leaf. ({@code x > t} is {@code !(x <= t)}
 * for the finite inputs the schema lets through.)
 *
 * <p>A categorical split is a step of the same shape. Its threshold is +∞, so the comparison never sends x
 * right, and {@code rightLevels} holds, per node, a bitset of the levels that go right: two 64-bit words, since a
 * category has at most {@value Feature#MAX_LEVELS} levels. A step is then
 * {@code i = child[i] + ((x > threshold[i]) | bit (int) x of node i's words)}, for every node alike: a numeric
 * split's and a leaf's words are 0, and a categorical split's threshold never fires. An ensemble without
 * categorical splits has no {@code rightLevels} (null) and steps as before, reading nothing more.
 *
 * @param baseValue the ensemble's constant term
 * @param roots     per tree, the index of its root
 * @param weights   per tree, its weight
 * @param depths    per tree, its depth
 * @param share     per node, its cover over its parent's: the fraction of the parent's training rows that
 *                  reach it (1 for a root), which TreeSHAP weighs an unknown feature's branches by
 * @param rightLevels per node {@code i}, words {@code 2i} and {@code 2i + 1}: the bitset of the level codes a
 *                  categorical split sends right (bit c of word c / 64); 0 for other nodes; null when no split is
 *                  categorical
 * @param maxDepth  the greatest depth
 * @param deepFirst  the trees' indices, deepest first
 * @param deeperThan per depth d, how many trees are deeper than d: the first that many of {@code deepFirst}
 */
record FlatTrees(double baseValue, int[] roots, double[] weights, int[] depths, int[] feature, double[] threshold,
                 int[] child, double[] value, double[] share, long[] rightLevels, int maxDepth, int[] deepFirst,
                 int[] deeperThan) {

    /**
     * @throws IllegalArgumentException naming the node and field, if a split does not fit the schema: its feature
     *                                  is not one of the schema's, or its sort (numeric or categorical) is not its
     *                                  feature's, or its levels are not the feature's ({@link TreeStructure#checkAgainst})
     */
    static FlatTrees of(TreeEnsembleModel model, FeatureSchema schema) {
        List<TreeEnsembleModel.Tree> trees = model.trees();
        int total = model.nodeCount();
        for (int t = 0; t < trees.size(); t++) {
            TreeStructure.checkAgainst(trees.get(t), t, schema);
        }
        long[] rightLevels = model.hasCategoricalSplits() ? new long[2 * total] : null;
        int[] roots = new int[trees.size()];
        double[] weights = new double[trees.size()];
        int[] depths = new int[trees.size()];
        int[] feature = new int[total];
        double[] threshold = new double[total];
        int[] child = new int[total];
        double[] value = new double[total];
        double[] share = new double[total];
        int maxDepth = 0;
        int at = 0;
        for (int t = 0; t < trees.size(); t++) {
            TreeEnsembleModel.Tree tree = trees.get(t);
            int n = tree.size();
            // Breadth first from the root: queue[k] is the original index of new node k.
            int[] queue = new int[n];
            int[] renamed = new int[n];
            int next = 1;
            for (int k = 0; k < n; k++) {
                int i = queue[k];
                renamed[i] = k;
                if (!tree.isLeaf(i)) {
                    queue[next] = tree.left(i);
                    queue[next + 1] = tree.right(i);
                    next += 2;
                }
            }
            for (int k = 0; k < n; k++) {
                int i = queue[k];
                boolean leaf = tree.isLeaf(i);
                boolean byLevels = !leaf && tree.isCategorical(i);
                feature[at + k] = leaf ? 0 : tree.feature(i);
                threshold[at + k] = leaf || byLevels ? Double.POSITIVE_INFINITY : tree.threshold(i);
                if (byLevels) {
                    // Every level of the feature goes right but the left ones; codes beyond them never occur.
                    int levels = schema.features().get(tree.feature(i)).levels().size();
                    for (int code = 0; code < levels; code++) {
                        rightLevels[2 * (at + k) + (code >>> 6)] |= 1L << code;
                    }
                    for (int code : tree.leftLevels(i)) {
                        rightLevels[2 * (at + k) + (code >>> 6)] &= ~(1L << code);
                    }
                }
                child[at + k] = at + (leaf ? k : renamed[tree.left(i)]);
                value[at + k] = tree.value(i);
                if (!leaf) {
                    share[at + renamed[tree.left(i)]] = tree.cover(tree.left(i)) / tree.cover(i);
                    share[at + renamed[tree.right(i)]] = tree.cover(tree.right(i)) / tree.cover(i);
                }
            }
            share[at] = 1;
            roots[t] = at;
            weights[t] = tree.weight();
            depths[t] = tree.depth();
            maxDepth = Math.max(maxDepth, depths[t]);
            at += n;
        }
        int[] deepFirst = java.util.stream.IntStream.range(0, roots.length).boxed()
                .sorted((a, b) -> Integer.compare(depths[b], depths[a])).mapToInt(Integer::intValue).toArray();
        int[] deeperThan = new int[maxDepth];
        for (int depth : depths) {
            for (int d = 0; d < depth; d++) {
                deeperThan[d]++;
            }
        }
        return new FlatTrees(model.baseValue(), roots, weights, depths, feature, threshold, child, value, share,
                rightLevels, maxDepth, deepFirst, deeperThan);
    }

    /** Whether node {@code i} is a leaf. */
    boolean isLeaf(int i) {
        return child[i] == i;
    }

    /** Whether split {@code i} is categorical: it sends levels right by its bitset, not values by a threshold. */
    boolean isCategorical(int i) {
        return rightLevels != null && threshold[i] == Double.POSITIVE_INFINITY && !isLeaf(i);
    }

    /** Whether split {@code i} sends {@code v}, the value of its feature (a level's code for a category), right. */
    boolean goesRight(int i, double v) {
        return v > threshold[i] || rightLevels != null && right(rightLevels, i, v) == 1;
    }

    /**
     * 1 if node {@code i}'s bitset holds level {@code (int) v}, 0 otherwise, without a branch. Numeric nodes'
     * words are 0, so any number gives 0 there, whatever {@code (int) v} is: the word's index is masked to 0 or 1,
     * and Java shifts a long by the low 6 bits of the count.
     */
    static int right(long[] rightLevels, int i, double v) {
        int code = (int) v;
        return (int) (rightLevels[(i << 1) | ((code >>> 6) & 1)] >>> code) & 1;
    }

    /**
     * The ensemble's prediction at {@code x} (schema order, from {@code offset}):
     * {@code baseValue + Σ weight · leaf}, added in tree order. All the trees step down together, one level at
     * a time: their walks do not depend on each other, so the processor overlaps them. A tree takes only as
     * many steps as it is deep ({@link #deepFirst} lists the trees deepest first).
     *
     * @param nodes room for one node per tree
     */
    double predict(double[] x, int offset, int[] nodes) {
        System.arraycopy(roots, 0, nodes, 0, roots.length);
        if (rightLevels == null) {
            for (int step = 0; step < maxDepth; step++) {
                for (int k = 0, active = deeperThan[step]; k < active; k++) {
                    int t = deepFirst[k];
                    int node = nodes[t];
                    nodes[t] = child[node] + (x[offset + feature[node]] > threshold[node] ? 1 : 0);
                }
            }
        } else {
            long[] levels = rightLevels;
            for (int step = 0; step < maxDepth; step++) {
                for (int k = 0, active = deeperThan[step]; k < active; k++) {
                    int t = deepFirst[k];
                    int node = nodes[t];
                    double v = x[offset + feature[node]];
                    nodes[t] = child[node] + ((v > threshold[node] ? 1 : 0) | right(levels, node, v));
                }
            }
        }
        double sum = baseValue;
        for (int t = 0; t < nodes.length; t++) {
            sum += weights[t] * value[nodes[t]];
        }
        return sum;
    }
}
