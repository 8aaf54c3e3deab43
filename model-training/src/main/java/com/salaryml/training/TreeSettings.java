package com.salaryml.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hyperparameters of a tree ensemble, as Smile 3.1.1 takes them.
 *
 * @param trees     the number of trees
 * @param maxDepth  the most nodes on a path from the root to a leaf, the root and the leaf included (Smile's
 *                  {@code maxDepth}: 1 is a single leaf, 6 is at most 5 splits deep)
 * @param maxNodes  the most leaves in a tree (Smile's {@code maxNodes})
 * @param nodeSize  the fewest training rows in a leaf; a node with fewer than twice this is not split
 * @param shrinkage gradient boosting's learning rate, the weight of each tree; 1 for a random forest, unused
 * @param subsample the share of rows each tree sees: drawn without replacement for gradient boosting, and for a
 *                  random forest below 1; at 1 a random forest draws a bootstrap sample (with replacement)
 * @param mtry      random forest: how many features, drawn at random, each split may choose from; 0 for all
 *                  of them (scikit-learn's default for regression; Smile's own, a third of them, is a single
 *                  feature for the three salary inputs, and cross-validates far worse). Unused by gradient
 *                  boosting, which tries them all
 * @param seed      the seed of every random draw, so that the same data and settings give the same trees
 */
public record TreeSettings(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample,
                           int mtry, long seed) {

    /** Gradient boosting: many small trees, each correcting the ones before by a small step. */
    public static final TreeSettings GBM = new TreeSettings(300, 6, 32, 5, 0.05, 0.7, 0, 42);

    /** Random forest: deeper trees on bootstrap samples, averaged. */
    public static final TreeSettings RANDOM_FOREST = new TreeSettings(100, 12, 128, 10, 1, 1, 0, 42);

    /** The highest seed a model file records exactly: its hyperparameters are JSON numbers, that is doubles. */
    static final long MAX_SEED = 1L << 53;

    /**
     * What the model file records, named as in {@code training.properties} without the algorithm's prefix.
     *
     * @param algorithm the ensemble these settings are for; a forest records no shrinkage, boosting no mtry
     * @return the settings by name, in a fixed order
     */
    public Map<String, Double> hyperparameters(Algorithm algorithm) {
        var recorded = new LinkedHashMap<String, Double>();
        recorded.put("trees", (double) trees);
        recorded.put("max_depth", (double) maxDepth);
        recorded.put("max_nodes", (double) maxNodes);
        recorded.put("node_size", (double) nodeSize);
        if (algorithm == Algorithm.GBM) {
            recorded.put("shrinkage", shrinkage);
        } else {
            recorded.put("mtry", (double) mtry);
        }
        recorded.put("subsample", subsample);
        recorded.put("seed", (double) seed);
        return recorded;
    }
}
