package com.salaryml.training.spark;

import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.training.TreeExport;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns MLlib's fitted trees into the model format's {@link TreeEnsembleModel}, exactly, as {@link TreeExport} does
 * for Smile's: the same features, the same split values and leaf outputs to the last bit (copied, never printed
 * and parsed), and each node's cover, which TreeSHAP weighs by.
 *
 * <p>MLlib sends an instance to a split's left child when {@code x[feature] <= threshold}
 * ({@code ContinuousSplit.shouldGoLeft}), which is how the model format reads a numeric split. On a categorical
 * feature (one the features column's metadata declares with its count of values) MLlib's {@link CategoricalSplit}
 * sends a set of categories left; the categories are the levels' codes, so the set becomes the model format's
 * categorical split, its left levels ({@code Tree.leftLevels}): every code from 0 to the feature's count of levels
 * that MLlib's split sends left.
 *
 * <p>The cover is MLlib's {@code impurityStats().count()}: the training weight that reached the node, which with
 * every row's weight 1 is the rows the tree was grown on, each counted as often as it was drawn (a random forest's
 * Poisson bootstrap draws a row 0, 1, 2, ... times; gradient boosting's subsample keeps it once or not at all).
 * That is what Smile's cover counts too. These are sums of whole numbers, so a split's count is exactly the sum
 * of its children's; the export checks it rather than trusting it. MLlib merges a split whose two leaves predict
 * the same into one leaf with the split's statistics, which keeps the sums intact.
 */
final class SparkTreeExport {

    private SparkTreeExport() {
    }

    /**
     * Exports gradient boosting or a random forest.
     *
     * <ul>
     *   <li>{@link GBTRegressionModel} predicts {@code Σ treeWeights[i] · tree_i(x)} with no constant term: its first
     *       tree is fitted on the target itself, with weight 1, and every later one on what the trees before it
     *       missed, with weight stepSize. So the base value is 0 and each tree keeps MLlib's weight.</li>
     *   <li>{@link RandomForestRegressionModel} predicts the mean of its trees (it ignores its tree weights, all 1):
     *       base value 0 and each tree weighted 1 / the number of trees, as for Smile's forest.</li>
     * </ul>
     *
     * @param features the feature names in schema order, which must be the order of the assembled vector
     * @throws TreeExport.TooLargeException if the ensemble has more nodes than a model file may hold, in all or
     *                                      in one tree; checked before anything is copied
     */
    static TreeEnsembleModel of(PredictionModel<Vector, ?> model, List<String> features) {
        DecisionTreeRegressionModel[] trees;
        double[] weights;
        if (model instanceof GBTRegressionModel boosting) {
            trees = boosting.trees();
            weights = boosting.treeWeights();
        } else if (model instanceof RandomForestRegressionModel forest) {
            trees = forest.trees();
            weights = new double[trees.length];
            Arrays.fill(weights, 1.0 / trees.length);
        } else {
            throw new IllegalArgumentException("not a tree ensemble: " + model.getClass().getName());
        }
        if (model.numFeatures() != features.size()) {
            throw new IllegalStateException("the trees were fitted on " + model.numFeatures() + " features, not "
                    + features.size());
        }
        long total = 0;
        for (int t = 0; t < trees.length; t++) {
            int nodes = trees[t].numNodes();
            if (nodes > TreeEnsembleModel.MAX_NODES_PER_TREE) {
                throw new TreeExport.TooLargeException(t, nodes);
            }
            total += nodes;
        }
        if (total > TreeEnsembleModel.MAX_NODES) {
            throw new TreeExport.TooLargeException(total);
        }
        var exported = new ArrayList<TreeEnsembleModel.Tree>(trees.length);
        for (int t = 0; t < trees.length; t++) {
            var builder = TreeEnsembleModel.Tree.builder(weights[t]);
            add(builder, trees[t].rootNode(), t);
            exported.add(builder.build());
        }
        return new TreeEnsembleModel(0, exported);
    }

    /** Adds a node and then, depth first, its left subtree and its right one; returns the node's index. */
    private static int add(TreeEnsembleModel.Tree.Builder builder, Node node, int tree) {
        double cover = node.impurityStats().count();
        if (!(cover > 0) || !Double.isFinite(cover)) {
            throw new IllegalStateException("node " + builder.size() + " of tree " + (tree + 1) + " has a training"
                    + " count of " + cover + "; MLlib did not keep the counts its trees were grown with");
        }
        if (node instanceof LeafNode leaf) {
            return builder.leaf(leaf.prediction(), cover);
        }
        if (!(node instanceof InternalNode split)) {
            throw new IllegalStateException("cannot export node " + builder.size() + " of tree " + (tree + 1)
                    + ", a " + node.getClass().getSimpleName() + ": only splits and leaves are expected");
        }
        double left = split.leftChild().impurityStats().count();
        double right = split.rightChild().impurityStats().count();
        if (cover != left + right) {
            throw new IllegalStateException("node " + builder.size() + " of tree " + (tree + 1) + " counts " + cover
                    + " training rows, but its children " + left + " + " + right + "; TreeSHAP needs them to add up");
        }
        int index;
        if (split.split() instanceof ContinuousSplit continuous) {
            index = builder.split(continuous.featureIndex(), continuous.threshold(), cover);
        } else if (split.split() instanceof CategoricalSplit categorical) {
            index = builder.split(categorical.featureIndex(), leftLevels(categorical), cover);
        } else {
            throw new IllegalStateException("cannot export node " + builder.size() + " of tree " + (tree + 1)
                    + ": a split of the unknown kind " + split.split().getClass().getName());
        }
        int leftIndex = add(builder, split.leftChild(), tree);
        int rightIndex = add(builder, split.rightChild(), tree);
        builder.children(index, leftIndex, rightIndex);
        return index;
    }

    /**
     * The codes a categorical split sends left, in increasing order: MLlib's left categories, which it derives from
     * the categories it keeps (those of the smaller side) over all of the feature's values, so that a level no
     * training row had goes where MLlib sends it.
     */
    static int[] leftLevels(CategoricalSplit split) {
        double[] left = split.leftCategories();
        int[] codes = new int[left.length];
        for (int i = 0; i < left.length; i++) {
            codes[i] = (int) left[i];
        }
        java.util.Arrays.sort(codes);
        return codes;
    }

    /**
     * The export's trees on their way to the executors, once, as plain arrays; each task rebuilds the model from
     * them. Destroy the broadcast when the columns that {@link #predict} made are no longer needed.
     */
    static Broadcast<Shipped> ship(TreeEnsembleModel model, SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(Shipped.of(model));
    }

    /**
     * The export's prediction for each row, as a column: the model format's sum (base value + Σ weight · leaf value,
     * in tree order, {@link TreeExport#predict}) over the feature vector in {@code features}.
     */
    static Column predict(Broadcast<Shipped> trees, Column features) {
        return functions.udf(new Scorer(trees), DataTypes.DoubleType).asNonNullable().apply(features);
    }

    /**
     * Relative error, as {@link TreeExport#relativeError}: |actual − expected| / max(|expected|, the least normal
     * double).
     */
    static Column relativeError(Column actual, Column expected) {
        return functions.abs(actual.minus(expected))
                .divide(functions.greatest(functions.abs(expected), functions.lit(Double.MIN_NORMAL)));
    }

    /** Scores one row with the shipped trees. */
    private static final class Scorer implements UDF1<Vector, Double> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Shipped> shipped;
        /** Rebuilt once per deserialized copy, that is once per task, from the broadcast arrays. */
        private transient TreeEnsembleModel model;

        Scorer(Broadcast<Shipped> shipped) {
            this.shipped = shipped;
        }

        @Override
        public Double call(Vector features) {
            if (model == null) {
                model = shipped.value().model();
            }
            return TreeExport.predict(model, features.toArray());
        }
    }

    /**
     * The export as arrays Java serialization can ship: the model format's records are data for files, not for
     * object streams, and stay so.
     */
    record Shipped(double baseValue, double[] weights, int[][] feature, double[][] threshold, int[][][] leftLevels,
                   int[][] left, int[][] right, double[][] value, double[][] cover) implements Serializable {

        static Shipped of(TreeEnsembleModel model) {
            List<TreeEnsembleModel.Tree> trees = model.trees();
            int t = trees.size();
            var shipped = new Shipped(model.baseValue(), new double[t], new int[t][], new double[t][], new int[t][][],
                    new int[t][], new int[t][], new double[t][], new double[t][]);
            for (int i = 0; i < t; i++) {
                TreeEnsembleModel.Tree tree = trees.get(i);
                shipped.weights[i] = tree.weight();
                shipped.feature[i] = tree.feature();
                shipped.threshold[i] = tree.threshold();
                shipped.leftLevels[i] = tree.leftLevels();
                shipped.left[i] = tree.left();
                shipped.right[i] = tree.right();
                shipped.value[i] = tree.value();
                shipped.cover[i] = tree.cover();
            }
            return shipped;
        }

        TreeEnsembleModel model() {
            var trees = new ArrayList<TreeEnsembleModel.Tree>(weights.length);
            for (int i = 0; i < weights.length; i++) {
                trees.add(new TreeEnsembleModel.Tree(weights[i], feature[i], threshold[i], leftLevels[i], left[i],
                        right[i], value[i], cover[i]));
            }
            return new TreeEnsembleModel(baseValue, trees);
        }
    }
}
