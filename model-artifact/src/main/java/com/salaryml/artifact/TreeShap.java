package com.salaryml.artifact;

import java.util.Arrays;

/**
 * Exact SHAP values of a tree ensemble in polynomial time: Algorithm 2 of Lundberg, Erion and Lee (2018),
 * "Consistent Individualized Feature Attribution for Tree Ensembles", with the nodes' cover as the
 * distribution of the training data.
 *
 * <p>The value of a feature set S is the tree's expected prediction when the features in S are known and the
 * others are not: at a split on a known feature the path follows x, at any other split it goes both ways,
 * each child weighted by its share of the parent's cover. A feature's SHAP value is its Shapley value for that
 * game; the values of an instance add up to its prediction minus the expected prediction with nothing known
 * (the baseline). Instead of enumerating the 2^M subsets, the algorithm walks each tree once, carrying along
 * the path, per distinct feature on it, the fraction of "zero" paths (feature unknown, cover-weighted) and of
 * "one" paths (feature known, following x) and the weights of every subset size: O(leaves · depth²) per tree.
 * A feature split on twice along a path is first removed from it ("unwound") and entered again, so it is
 * counted once.
 *
 * <p>Immutable and safe to share; each computation needs a {@link Scratch} of its own.
 */
final class TreeShap {

    private final FlatTrees trees;
    private final int features;
    /** Path elements needed for a tree of the greatest depth: each level copies the path of its parent. */
    private final int pathSize;

    TreeShap(FlatTrees trees, int features) {
        this.trees = trees;
        this.features = features;
        int maxDepth = trees.maxDepth();
        // The root's path starts at 1; a node at depth d (d + 1 elements at most) starts d + 1 after its
        // parent's: 1 + Σ_{k=1..D} (k + 1) + D + 1 elements for depth D.
        this.pathSize = maxDepth * (maxDepth + 5) / 2 + 2;
    }

    /** The paths' storage for one computation at a time. */
    static final class Scratch {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;

        Scratch(TreeShap shap) {
            feature = new int[shap.pathSize];
            zero = new double[shap.pathSize];
            one = new double[shap.pathSize];
            weight = new double[shap.pathSize];
        }
    }

    /** Writes the SHAP value of each feature at {@code x} (schema order) into {@code phi}. */
    void contributions(double[] x, double[] phi, Scratch path) {
        Arrays.fill(phi, 0, features, 0);
        int[] roots = trees.roots();
        double[] weights = trees.weights();
        for (int t = 0; t < roots.length; t++) {
            recurse(x, phi, path, roots[t], 0, 0, 1, 1, -1, weights[t]);
        }
    }

    /**
     * Visits {@code node}, whose path holds {@code depth} distinct features before this step. The path of the
     * parent starts at {@code parentOffset}; this node's starts right after it.
     */
    private void recurse(double[] x, double[] phi, Scratch path, int node, int depth, int parentOffset,
                         double parentZero, double parentOne, int parentFeature, double treeWeight) {
        int offset = parentOffset + depth + 1;
        System.arraycopy(path.feature, parentOffset, path.feature, offset, depth + 1);
        System.arraycopy(path.zero, parentOffset, path.zero, offset, depth + 1);
        System.arraycopy(path.one, parentOffset, path.one, offset, depth + 1);
        System.arraycopy(path.weight, parentOffset, path.weight, offset, depth + 1);
        extend(path, offset, depth, parentZero, parentOne, parentFeature);

        int[] left = trees.left();
        if (left[node] < 0) {
            double scaled = trees.value()[node] * treeWeight;
            // Element 0 is the empty start of the path, not a feature.
            for (int i = 1; i <= depth; i++) {
                double w = unwoundSum(path, offset, depth, i);
                phi[path.feature[offset + i]] += w * (path.one[offset + i] - path.zero[offset + i]) * scaled;
            }
            return;
        }

        int split = trees.feature()[node];
        int hot;
        int cold;
        if (x[split] <= trees.threshold()[node]) {
            hot = left[node];
            cold = trees.right()[node];
        } else {
            hot = trees.right()[node];
            cold = left[node];
        }
        double[] cover = trees.cover();
        double hotZero = cover[hot] / cover[node];
        double coldZero = cover[cold] / cover[node];
        double incomingZero = 1;
        double incomingOne = 1;

        // A feature already on the path is taken off it and entered again with this split's fractions.
        int k = 1;
        while (k <= depth && path.feature[offset + k] != split) {
            k++;
        }
        if (k <= depth) {
            incomingZero = path.zero[offset + k];
            incomingOne = path.one[offset + k];
            unwind(path, offset, depth, k);
            depth--;
        }
        recurse(x, phi, path, hot, depth + 1, offset, hotZero * incomingZero, incomingOne, split, treeWeight);
        recurse(x, phi, path, cold, depth + 1, offset, coldZero * incomingZero, 0, split, treeWeight);
    }

    /** Adds a feature with its zero and one fractions to the path of {@code depth} elements at {@code o}. */
    private static void extend(Scratch path, int o, int depth, double zero, double one, int feature) {
        path.feature[o + depth] = feature;
        path.zero[o + depth] = zero;
        path.one[o + depth] = one;
        path.weight[o + depth] = depth == 0 ? 1 : 0;
        double[] w = path.weight;
        for (int i = depth - 1; i >= 0; i--) {
            w[o + i + 1] += one * w[o + i] * (i + 1) / (depth + 1);
            w[o + i] = zero * w[o + i] * (depth - i) / (depth + 1);
        }
    }

    /** Takes element {@code k} off the path of {@code depth + 1} elements at {@code o}: the inverse of extend. */
    private static void unwind(Scratch path, int o, int depth, int k) {
        double one = path.one[o + k];
        double zero = path.zero[o + k];
        double[] w = path.weight;
        double next = w[o + depth];
        for (int i = depth - 1; i >= 0; i--) {
            if (one != 0) {
                double kept = w[o + i];
                w[o + i] = next * (depth + 1) / ((i + 1) * one);
                next = kept - w[o + i] * zero * (depth - i) / (depth + 1);
            } else {
                w[o + i] = w[o + i] * (depth + 1) / (zero * (depth - i));
            }
        }
        for (int i = k; i < depth; i++) {
            path.feature[o + i] = path.feature[o + i + 1];
            path.zero[o + i] = path.zero[o + i + 1];
            path.one[o + i] = path.one[o + i + 1];
        }
    }

    /** The total weight of the path with element {@code k} unwound, without changing the path. */
    private static double unwoundSum(Scratch path, int o, int depth, int k) {
        double one = path.one[o + k];
        double zero = path.zero[o + k];
        double[] w = path.weight;
        double next = w[o + depth];
        double total = 0;
        for (int i = depth - 1; i >= 0; i--) {
            if (one != 0) {
                double share = next * (depth + 1) / ((i + 1) * one);
                total += share;
                next = w[o + i] - share * zero * (depth - i) / (depth + 1);
            } else {
                // zero > 0: every cover is positive, so no fraction of a path is 0.
                total += w[o + i] / zero * (depth + 1) / (depth - i);
            }
        }
        return total;
    }
}
