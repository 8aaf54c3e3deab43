package com.salaryml.training;

import java.util.ArrayList;
import java.util.List;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.base.cart.SplitValues;
import smile.data.DataFrame;
import smile.data.type.StructType;
import smile.math.MathEx;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;
import smile.regression.RegressionTree;

/**
 * Turns Smile's fitted trees into plain arrays, exactly: the same features, the same split values to the last
 * bit, the same leaf outputs, and each node's cover (the training rows through it, counted as often as they
 * were drawn, Smile's {@code Node.size()}), which TreeSHAP weighs by.
 *
 * <p>Smile sends an instance to a split's true child when {@code x[feature] <= value} ({@code OrdinalNode.predict}),
 * so the true child is exported as the left one, as the model format reads {@code x <= threshold}. A NaN would go
 * right in Smile ({@code NaN <= v} is false); the schema never lets one through, so it never matters.
 */
final class TreeExport {

    /**
     * One tree, node 0 its root, in depth-first order, so that a child always comes after its parent.
     * For a leaf {@code feature} is −1, {@code threshold} is NaN and {@code left}, {@code right} are −1.
     */
    record Tree(double weight, int[] feature, double[] threshold, int[] left, int[] right, double[] value,
                int[] cover) {

        int size() {
            return feature.length;
        }

        boolean isLeaf(int node) {
            return feature[node] < 0;
        }

        /** The leaf value {@code x} reaches. */
        double leafValue(double[] x) {
            int node = 0;
            while (!isLeaf(node)) {
                node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            }
            return value[node];
        }
    }

    /** base value + Σ weight × leaf value: what the model format holds. */
    record Ensemble(double baseValue, List<Tree> trees) {

        double predict(double[] x) {
            double sum = baseValue;
            for (Tree tree : trees) {
                sum += tree.weight() * tree.leafValue(x);
            }
            return sum;
        }
    }

    private TreeExport() {
    }

    /**
     * Gradient boosting predicts {@code b + shrinkage · Σ tree(x)}. Smile 3.1.1 keeps both {@code b} and the
     * shrinkage private: the shrinkage is the one it was given, and least-squares boosting starts from
     * {@code b} = the mean of the response ({@code Loss.ls().intercept} is {@code MathEx.mean(y)}), computed
     * here the same way on the same values, so to the same bits.
     *
     * @param frame the data frame the model was fitted on
     */
    static Ensemble of(GradientTreeBoost model, double shrinkage, DataFrame frame, List<String> features) {
        double b = MathEx.mean(model.formula().y(frame).toDoubleArray());
        var trees = new ArrayList<Tree>();
        for (RegressionTree tree : model.trees()) {
            trees.add(tree(tree, shrinkage, features));
        }
        return new Ensemble(b, List.copyOf(trees));
    }

    /** A random forest predicts the mean of its trees: base 0 and each tree weighted 1 / number of trees. */
    static Ensemble of(RandomForest model, List<String> features) {
        RegressionTree[] forest = model.trees();
        double weight = 1.0 / forest.length;
        var trees = new ArrayList<Tree>();
        for (RegressionTree tree : forest) {
            trees.add(tree(tree, weight, features));
        }
        return new Ensemble(0, List.copyOf(trees));
    }

    private static Tree tree(RegressionTree tree, double weight, List<String> features) {
        // Smile numbers a tree's features by the columns of the frame it was fitted on, less the response;
        // the export numbers them by the schema. They must be the same order.
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
        private final List<Integer> left = new ArrayList<>();
        private final List<Integer> right = new ArrayList<>();
        private final List<Double> value = new ArrayList<>();
        private final List<Integer> cover = new ArrayList<>();

        int add(Node node) {
            int index = feature.size();
            feature.add(-1);
            threshold.add(Double.NaN);
            left.add(-1);
            right.add(-1);
            value.add(Double.NaN);
            cover.add(node.size());
            if (node instanceof OrdinalNode split) {
                feature.set(index, split.feature());
                threshold.set(index, SplitValues.of(split));
                left.set(index, add(split.trueChild()));
                right.set(index, add(split.falseChild()));
            } else if (node instanceof RegressionNode leaf) {
                value.set(index, leaf.output());
            } else {
                // A NominalNode splits a categorical column; every feature of the schema is a number.
                throw new IllegalStateException("cannot export a " + node.getClass().getSimpleName()
                        + (node instanceof InternalNode ? " split" : " leaf") + ": only numeric splits and regression leaves are expected");
            }
            return index;
        }

        Tree tree(double weight) {
            int n = feature.size();
            var tree = new Tree(weight, new int[n], new double[n], new int[n], new int[n], new double[n], new int[n]);
            for (int i = 0; i < n; i++) {
                tree.feature()[i] = feature.get(i);
                tree.threshold()[i] = threshold.get(i);
                tree.left()[i] = left.get(i);
                tree.right()[i] = right.get(i);
                tree.value()[i] = value.get(i);
                tree.cover()[i] = cover.get(i);
            }
            return tree;
        }
    }
}
