package com.salaryml.training;

import com.salaryml.artifact.schema.Numbers;
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
 * @param autoTrees gradient boosting: whether the number of trees is chosen by cross-validation within the
 *                  training rows ({@code gbm.trees=auto}, {@link TreeSearch}); {@code trees} is then the most it
 *                  may choose
 * @param autoDepth gradient boosting: whether the depth is chosen so ({@code gbm.max_depth=auto}), from a stump
 *                  ({@value TreeSearch#MIN_DEPTH}) to {@code maxDepth}
 */
public record TreeSettings(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample,
                           int mtry, long seed, boolean autoTrees, boolean autoDepth) {

    /**
     * Gradient boosting: many small trees, each correcting the ones before by a small step; how many, and how deep,
     * chosen by cross-validation within the training rows, since too many or too deep overfit small data.
     */
    public static final TreeSettings GBM = new TreeSettings(TreeSearch.MAX_TREES, TreeSearch.MAX_DEPTH, 32, 5,
            0.1, 0.7, 0, 42, true, true);

    /** Random forest: deeper trees on bootstrap samples, averaged. */
    public static final TreeSettings RANDOM_FOREST = new TreeSettings(100, 12, 128, 10, 1, 1, 0, 42);

    /** Settings with nothing left to choose: what is given is fitted. */
    public TreeSettings(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample,
                        int mtry, long seed) {
        this(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, mtry, seed, false, false);
    }

    /**
     * Whether cross-validation chooses the number of trees or the depth before the fit.
     *
     * @return true if {@link #autoTrees()} or {@link #autoDepth()}
     */
    public boolean searched() {
        return autoTrees || autoDepth;
    }

    /** These settings with this number of trees and depth, and nothing left to choose. */
    TreeSettings fixed(int chosenTrees, int chosenDepth) {
        return new TreeSettings(chosenTrees, chosenDepth, maxNodes, nodeSize, shrinkage, subsample, mtry, seed);
    }

    /**
     * The settings as {@code training.properties} writes them, named without the algorithm's prefix: what
     * {@link #hyperparameters} records, but {@code auto} for what cross-validation chooses.
     *
     * @param algorithm the ensemble these settings are for
     * @return the settings' texts by name, in a fixed order
     */
    public Map<String, String> texts(Algorithm algorithm) {
        var texts = new LinkedHashMap<String, String>();
        hyperparameters(algorithm).forEach((name, value) -> texts.put(name,
                name.equals("trees") && autoTrees || name.equals("max_depth") && autoDepth ? AUTO
                        : name.equals("shrinkage") || name.equals("subsample") ? Numbers.plain(value)
                        : Long.toString(value.longValue())));
        return texts;
    }

    /** The text of a setting that cross-validation chooses. */
    public static final String AUTO = "auto";

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
