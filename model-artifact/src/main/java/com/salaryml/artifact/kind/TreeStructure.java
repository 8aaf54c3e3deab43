package com.salaryml.artifact.kind;

import com.salaryml.artifact.kind.TreeEnsembleModel.Tree;
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
    static void check(int[] feature, double[] threshold, int[] left, int[] right, double[] value,
                              double[] cover) {
        int n = feature.length;
        int[] parent = new int[n];
        int[] depth = new int[n];
        Arrays.fill(parent, -1);
        for (int i = 0; i < n; i++) {
            String at = "nodes[" + i + "]";
            if (!(cover[i] > 0) || !Double.isFinite(cover[i])) {
                throw new FieldPathException(at + ".cover", "must be a positive finite number, was " + cover[i]);
            }
            if (left[i] == Tree.LEAF) {
                requireLeaf(at + ".right", right[i]);
                requireLeaf(at + ".feature", feature[i]);
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
            if (!Double.isFinite(threshold[i])) {
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
