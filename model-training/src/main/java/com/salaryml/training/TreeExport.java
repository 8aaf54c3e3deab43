package com.salaryml.training;

import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.util.ArrayList;
import java.util.List;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.NominalNode;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.base.cart.SplitValues;
import smile.data.DataFrame;
import smile.data.type.StructType;
import smile.math.MathEx;
import smile.regression.DataFrameRegression;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;
import smile.regression.RegressionTree;

/**
 * Turns Smile's fitted trees into the model format's {@link TreeEnsembleModel}, exactly: the same features, the
 * same split values to the last bit, the same leaf outputs, and each node's cover (the training rows through it,
 * counted as often as they were drawn: Smile's {@code Node.size()}), which TreeSHAP weighs by.
 *
 * <p>Smile sends an instance to a split's true child when {@code x[feature] <= value} ({@code OrdinalNode.predict}),
 * so the true child is exported as the left one, as the model format reads {@code x <= threshold}. A NaN would go
 * right in Smile ({@code NaN <= v} is false); the schema never lets one through, so it never matters.
 *
 * <p>A categorical feature is fitted as Smile's nominal column ({@link TreeEnsembles#frame}), whose codes are the
 * schema's level codes. Smile splits it with a {@code NominalNode}, which sends one level to the true child
 * ({@code x == level}) and every other level to the false one; it is exported as a categorical split whose left
 * levels are that one level. A level no training row of the node had goes right, in Smile and in the export.
 */
public final class TreeExport {

    /** The largest relative difference allowed between the export's prediction and Smile's. */
    public static final double TOLERANCE = 1e-9;

    private TreeExport() {
    }

    /**
     * Exports gradient boosting or a random forest fitted by {@link TreeEnsembles#fit}.
     *
     * @param frame    the data frame the model was fitted on
     * @param features the feature names in schema order, which must be the order of the frame's columns
     */
    static TreeEnsembleModel of(DataFrameRegression model, TreeSettings settings, DataFrame frame,
                                List<String> features) {
        if (model instanceof GradientTreeBoost boosting) {
            return boosting(boosting, settings.shrinkage(), frame, features);
        }
        if (model instanceof RandomForest forest) {
            return forest(forest, features);
        }
        throw new IllegalArgumentException("not a tree ensemble: " + model.getClass().getName());
    }

    /**
     * Gradient boosting predicts {@code b + shrinkage · Σ tree(x)}. Smile 3.1.1 keeps both {@code b} and the
     * shrinkage private: the shrinkage is the one it was given, and least-squares boosting starts from
     * {@code b} = the mean of the response ({@code Loss.ls().intercept} is {@code MathEx.mean(y)}), computed
     * here the same way on the same values, so to the same bits. {@link #check} confirms both on every training
     * row.
     */
    static TreeEnsembleModel boosting(GradientTreeBoost model, double shrinkage, DataFrame frame,
                                      List<String> features) {
        double b = MathEx.mean(model.formula().y(frame).toDoubleArray());
        var trees = new ArrayList<TreeEnsembleModel.Tree>();
        for (RegressionTree tree : model.trees()) {
            trees.add(tree(tree, shrinkage, features));
        }
        return ensemble(b, trees);
    }

    /** A random forest predicts the mean of its trees: base 0 and each tree weighted 1 / number of trees. */
    static TreeEnsembleModel forest(RandomForest model, List<String> features) {
        RegressionTree[] forest = model.trees();
        double weight = 1.0 / forest.length;
        var trees = new ArrayList<TreeEnsembleModel.Tree>();
        for (RegressionTree tree : forest) {
            trees.add(tree(tree, weight, features));
        }
        return ensemble(0, trees);
    }

    private static TreeEnsembleModel ensemble(double baseValue, List<TreeEnsembleModel.Tree> trees) {
        long nodes = trees.stream().mapToLong(TreeEnsembleModel.Tree::size).sum();
        if (nodes > TreeEnsembleModel.MAX_NODES) {
            throw new TooLargeException(nodes);
        }
        return new TreeEnsembleModel(baseValue, trees);
    }

    /** An ensemble with more nodes than a model file may hold, in all or in one tree. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final long nodes;
        /** The tree beyond a tree's limit, from 0; -1 when the trees are too many nodes together. */
        private final int tree;

        /**
         * Trees too many nodes together.
         *
         * @param nodes the nodes of all trees
         */
        public TooLargeException(long nodes) {
            super("the trees have " + nodes + " nodes in all; a model file may hold at most "
                    + TreeEnsembleModel.MAX_NODES);
            this.nodes = nodes;
            this.tree = -1;
        }

        /**
         * One tree beyond a tree's limit. Smile's max_nodes keeps its trees far below it; a trainer whose library
         * has no such limit (MLlib) can reach it.
         *
         * @param tree  the tree's place in the ensemble, from 0
         * @param nodes the tree's nodes
         */
        public TooLargeException(int tree, long nodes) {
            super("tree " + (tree + 1) + " has " + nodes + " nodes; a tree in a model file may have at most "
                    + TreeEnsembleModel.MAX_NODES_PER_TREE);
            this.nodes = nodes;
            this.tree = tree;
        }

        /**
         * Which tree is too large.
         *
         * @return the tree's place in the ensemble, from 0; -1 when the trees are too many nodes together
         */
        public int tree() {
            return tree;
        }
    }

    /** The ensemble's prediction for every row of the data, as the model format computes it. */
    static double[] predictAll(TreeEnsembleModel model, Dataset data) {
        int p = data.columns().length;
        double[] x = new double[p];
        double[] predicted = new double[data.rows()];
        for (int i = 0; i < predicted.length; i++) {
            for (int j = 0; j < p; j++) {
                x[j] = data.columns()[j][i];
            }
            predicted[i] = predict(model, x);
        }
        return predicted;
    }

    /**
     * base value + Σ weight × leaf value, summed in tree order, as the served model sums them.
     *
     * @param model the exported ensemble
     * @param x     the instance's features, in the model's order
     * @return the prediction
     */
    public static double predict(TreeEnsembleModel model, double[] x) {
        double sum = model.baseValue();
        for (TreeEnsembleModel.Tree tree : model.trees()) {
            sum += tree.weight() * tree.predict(x);
        }
        return sum;
    }

    /**
     * Fails if the export predicts any training row differently from Smile, beyond {@value #TOLERANCE} relative:
     * a change in how Smile predicts (a later version, say) must stop training, not reach a server.
     */
    static void check(TreeEnsembleModel model, double[] predicted, DataFrameRegression smile, DataFrame frame) {
        for (int i = 0; i < predicted.length; i++) {
            double expected = smile.predict(frame.get(i));
            if (relativeError(predicted[i], expected) > TOLERANCE) {
                throw new IllegalStateException("the exported trees predict " + predicted[i] + " for training row "
                        + (i + 1) + ", but Smile predicts " + expected + "; the export does not match this Smile");
            }
        }
    }

    /**
     * How far an export's prediction lies from the library's, relative to the library's.
     *
     * @param actual   the export's prediction
     * @param expected the library's prediction
     * @return the relative difference, to compare with {@link #TOLERANCE}
     */
    public static double relativeError(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    }

    private static TreeEnsembleModel.Tree tree(RegressionTree tree, double weight, List<String> features) {
        // Smile numbers a tree's features by the columns of the frame it was fitted on, less the response;
        // the model format numbers them by the schema. They must be the same order.
        StructType schema = tree.schema();
        if (schema.length() != features.size()) {
            throw new IllegalStateException("the tree was fitted on " + schema.length() + " features, not "
                    + features.size());
        }
        for (int j = 0; j < features.size(); j++) {
            if (!schema.field(j).name.equals(features.get(j))) {
                throw new IllegalStateException("the tree's feature " + j + " is " + schema.field(j).name + ", not "
                        + features.get(j));
            }
        }
        var nodes = new Nodes();
        nodes.add(tree.root());
        return nodes.tree(weight);
    }

    /** Collects a tree's nodes depth first: a node, then its true (left) subtree, then its false (right) one. */
    private static final class Nodes {
        private final List<Integer> feature = new ArrayList<>();
        private final List<Double> threshold = new ArrayList<>();
        private final List<int[]> leftLevels = new ArrayList<>();
        private final List<Integer> left = new ArrayList<>();
        private final List<Integer> right = new ArrayList<>();
        private final List<Double> value = new ArrayList<>();
        private final List<Integer> cover = new ArrayList<>();

        int add(Node node) {
            int index = feature.size();
            feature.add(TreeEnsembleModel.Tree.LEAF);
            threshold.add(0.0);
            leftLevels.add(new int[0]);
            left.add(TreeEnsembleModel.Tree.LEAF);
            right.add(TreeEnsembleModel.Tree.LEAF);
            value.add(0.0);
            cover.add(node.size());
            if (node instanceof OrdinalNode split) {
                feature.set(index, split.feature());
                threshold.set(index, SplitValues.of(split));
                left.set(index, add(split.trueChild()));
                right.set(index, add(split.falseChild()));
            } else if (node instanceof NominalNode split) {
                feature.set(index, split.feature());
                leftLevels.set(index, new int[] {SplitValues.level(split)});
                left.set(index, add(split.trueChild()));
                right.set(index, add(split.falseChild()));
            } else if (node instanceof RegressionNode leaf) {
                value.set(index, leaf.output());
            } else {
                throw new IllegalStateException("cannot export a " + node.getClass().getSimpleName()
                        + (node instanceof InternalNode ? " split" : " leaf")
                        + ": only numeric and nominal splits and regression leaves are expected");
            }
            return index;
        }

        TreeEnsembleModel.Tree tree(double weight) {
            int n = feature.size();
            int[] features = new int[n];
            double[] thresholds = new double[n];
            int[][] levels = new int[n][];
            int[] lefts = new int[n];
            int[] rights = new int[n];
            double[] values = new double[n];
            double[] covers = new double[n];
            for (int i = 0; i < n; i++) {
                features[i] = feature.get(i);
                thresholds[i] = threshold.get(i);
                levels[i] = leftLevels.get(i);
                lefts[i] = left.get(i);
                rights[i] = right.get(i);
                values[i] = value.get(i);
                covers[i] = cover.get(i);
            }
            return new TreeEnsembleModel.Tree(weight, features, thresholds, levels, lefts, rights, values, covers);
        }
    }
}
