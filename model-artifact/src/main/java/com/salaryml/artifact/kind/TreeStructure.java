package com.salaryml.artifact.kind;

import com.salaryml.artifact.kind.TreeEnsembleModel.Tree;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.FieldPathException;
import com.salaryml.artifact.schema.Numbers;
import java.util.Arrays;

/**
 * The structural rules of a {@link Tree}, checked when one is built, so that no file and no trainer can make a
 * scorer loop, recurse without bound or read outside an array. The rules are listed on {@link Tree}; each
 * breach is reported with the node and field, e.g. {@code nodes[17].left: 12 is not after node 17}.
 */
final class TreeStructure {

    private TreeStructure() {
    }

    /** Checks the tree's arrays, which are its own copies: -0.0 thresholds and values of unused slots become 0. */
    static void check(int[] feature, double[] threshold, int[][] leftLevels, int[] left, int[] right,
                      double[] value, double[] cover) {
        int n = feature.length;
        int[] parent = new int[n];
        int[] depth = new int[n];
        Arrays.fill(parent, -1);
        for (int i = 0; i < n; i++) {
            String at = "nodes[" + i + "]";
            if (!(cover[i] > 0) || !Double.isFinite(cover[i])) {
                throw new FieldPathException(at + ".cover", "must be a positive finite number, was " + cover[i]);
            }
            if (leftLevels[i] == null) {
                throw new FieldPathException(at + ".left_levels", "is null; a numeric split and a leaf have none,"
                        + " an empty array");
            }
            if (left[i] == Tree.LEAF) {
                requireLeaf(at + ".right", right[i]);
                requireLeaf(at + ".feature", feature[i]);
                if (leftLevels[i].length > 0) {
                    throw new FieldPathException(at + ".left_levels", "a leaf has no left levels; must be empty, was "
                            + Arrays.toString(leftLevels[i]));
                }
                if (threshold[i] != 0) {
                    throw new FieldPathException(at + ".threshold", "a leaf has no threshold; must be 0, was "
                            + threshold[i]);
                }
                threshold[i] = 0; // not -0.0, which a file cannot tell apart
                if (!Double.isFinite(value[i])) {
                    throw new FieldPathException(at + ".value", "must be finite, was " + value[i]);
                }
                continue;
            }
            if (feature[i] < 0) {
                throw new FieldPathException(at + ".feature", "must be a feature index, 0 or more, was "
                        + feature[i]);
            }
            if (leftLevels[i].length > 0) {
                checkLevels(at, leftLevels[i]);
                if (threshold[i] != 0) {
                    throw new FieldPathException(at + ".threshold", "a categorical split has no threshold; must be"
                            + " 0, was " + threshold[i]);
                }
                threshold[i] = 0; // not -0.0, which a file cannot tell apart
            } else if (!Double.isFinite(threshold[i])) {
                throw new FieldPathException(at + ".threshold", "must be finite, was " + threshold[i]);
            }
            if (value[i] != 0) {
                throw new FieldPathException(at + ".value", "an internal node has no value; must be 0, was "
                        + value[i]);
            }
            value[i] = 0; // not -0.0, which a file cannot tell apart
            link(at + ".left", i, left[i], parent, depth);
            link(at + ".right", i, right[i], parent, depth);
        }
        for (int i = 1; i < n; i++) {
            if (parent[i] < 0) {
                throw new FieldPathException("nodes[" + i + "]", "is not reachable: no node has it as a child,"
                        + " and only node 0 is the root");
            }
        }
        for (int i = 0; i < n; i++) {
            if (left[i] != Tree.LEAF) {
                double children = cover[left[i]] + cover[right[i]];
                if (!(Math.abs(cover[i] - children) <= Tree.COVER_TOLERANCE * cover[i])) {
                    throw new FieldPathException("nodes[" + i + "].cover", Numbers.plain(cover[i])
                            + " is not the sum of its children's covers, " + Numbers.plain(cover[left[i]])
                            + " + " + Numbers.plain(cover[right[i]]));
                }
            }
        }
    }

    /**
     * A categorical split's left levels: codes a category can have, in increasing order, each once. Whether the
     * feature has that many levels, and whether some level goes right, the schema decides ({@link #checkAgainst}).
     */
    private static void checkLevels(String at, int[] levels) {
        for (int k = 0; k < levels.length; k++) {
            if (levels[k] < 0 || levels[k] >= Feature.MAX_LEVELS || k > 0 && levels[k] <= levels[k - 1]) {
                throw new FieldPathException(at + ".left_levels", "must be level codes from 0 to "
                        + (Feature.MAX_LEVELS - 1) + " in increasing order, each once, was " + Arrays.toString(levels));
            }
        }
    }

    /**
     * Checks tree {@code t}'s splits against the model's inputs: every split's feature is one of them; a
     * categorical split is on a categorical feature and sends some but not all of its levels left; a numeric
     * split is not on a categorical feature, since a threshold over codes would cut the levels by the order they
     * happen to be listed in, which means nothing. Errors name the node and field under {@code model.trees[t]}.
     */
    static void checkAgainst(Tree tree, int t, FeatureSchema schema) {
        int features = schema.size();
        for (int i = 0; i < tree.size(); i++) {
            if (tree.isLeaf(i)) {
                continue;
            }
            String at = "model.trees[" + t + "].nodes[" + i + "]";
            int split = tree.feature(i);
            if (split >= features) {
                throw new FieldPathException(at + ".feature", split + " is not a feature; the model has " + features
                        + " (0 to " + (features - 1) + ")");
            }
            Feature feature = schema.features().get(split);
            if (!tree.isCategorical(i)) {
                if (feature.isCategorical()) {
                    throw new FieldPathException(at + ".threshold", "feature " + split + ", " + feature.name()
                            + ", is a category; a split on it sends levels left (left_levels), not values up to a"
                            + " threshold");
                }
                continue;
            }
            if (!feature.isCategorical()) {
                throw new FieldPathException(at + ".left_levels", "feature " + split + ", " + feature.name()
                        + ", is a number; a split on it has a threshold, not left levels");
            }
            int[] levels = tree.leftLevels(i);
            int count = feature.levels().size();
            if (levels[levels.length - 1] >= count) {
                throw new FieldPathException(at + ".left_levels", levels[levels.length - 1] + " is not a level's"
                        + " code; " + feature.name() + " has " + count + " levels (0 to " + (count - 1) + ")");
            }
            if (levels.length == count) {
                throw new FieldPathException(at + ".left_levels", "sends all " + count + " levels of "
                        + feature.name() + " left; a split sends some level each way");
            }
        }
    }

    private static void requireLeaf(String at, int index) {
        if (index != Tree.LEAF) {
            throw new FieldPathException(at, "must be " + Tree.LEAF + " in a leaf (its left is " + Tree.LEAF + "), was "
                    + index);
        }
    }

    private static void link(String at, int node, int child, int[] parent, int[] depth) {
        int n = parent.length;
        if (child <= node) {
            throw new FieldPathException(at, child + " is not after node " + node
                    + "; a child's index must be greater than its parent's");
        }
        if (child >= n) {
            throw new FieldPathException(at, child + " is not a node; the tree has " + n + " (0 to " + (n - 1)
                    + ")");
        }
        if (parent[child] >= 0) {
            throw new FieldPathException(at, "node " + child + " is already a child of node " + parent[child]
                    + "; every node but the root has exactly one parent");
        }
        parent[child] = node;
        depth[child] = depth[node] + 1;
        if (depth[child] > TreeEnsembleModel.MAX_DEPTH) {
            throw new FieldPathException(at, "node " + child + " is at depth " + depth[child]
                    + "; a tree may be at most " + TreeEnsembleModel.MAX_DEPTH + " deep");
        }
    }
}
