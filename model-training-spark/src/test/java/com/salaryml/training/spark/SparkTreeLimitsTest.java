package com.salaryml.training.spark;


import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.training.Algorithm;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.FitSettings;
import com.salaryml.training.TreeSettings;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.mllib.tree.impurity.VarianceCalculator;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MLlib has no limit on a tree's leaves, so an ensemble can outgrow what a model file may hold; the Spark trainer
 * refuses it, naming the settings that would make it smaller, as the Smile trainer does. A fitted ensemble that
 * large takes MLlib minutes on this machine, so these tests build MLlib's trees directly: complete binary trees,
 * the largest a depth allows, which is what MLlib grows with node size 1 on enough distinct rows.
 */
class SparkTreeLimitsTest {

    private static final List<String> FEATURES = List.of("experience", "test_score", "interview_score");

    @Test
    void anEnsembleWithMoreNodesThanAModelFileHoldsIsRefusedNamingTheSettingsThatBoundIt() {
        // 8 trees of 32,767 nodes: each within a tree's limit, together over the file's 250,000.
        var tree = tree(14);
        var trees = new DecisionTreeRegressionModel[8];
        Arrays.fill(trees, tree);
        double[] weights = new double[trees.length];
        Arrays.fill(weights, 0.1);
        weights[0] = 1;
        var gbm = new GBTRegressionModel("gbm", trees, weights, FEATURES.size());

        // Fixed settings: the Spark trainer takes numbers only (gbm's default, auto, it refuses by name).
        var settings = new TreeSettings(300, 6, 32, 5, 0.05, 0.7, 0, 42);
        assertThatThrownBy(() -> SparkTreeTrainer.export(gbm, Algorithm.GBM, settings, FEATURES))
                .isInstanceOf(DataException.class)
                .hasMessage("the trees have 262136 nodes in all; a model file may hold at most "
                        + TreeEnsembleModel.MAX_NODES + ": lower gbm.trees (300) or gbm.max_depth (6), or raise"
                        + " gbm.node_size (5), in training.properties. MLlib has no limit on a tree's leaves, so"
                        + " gbm.max_nodes (32) does not bound them");
    }

    @Test
    void aTreeWithMoreNodesThanAModelFilesTreeHoldsIsRefusedNamingDepthAndNodeSize() {
        var forest = new RandomForestRegressionModel("forest", new DecisionTreeRegressionModel[] {tree(3), tree(15)},
                FEATURES.size());

        assertThatThrownBy(() -> SparkTreeTrainer.export(forest, Algorithm.RANDOM_FOREST, TreeSettings.RANDOM_FOREST,
                FEATURES))
                .isInstanceOf(DataException.class)
                .hasMessage("tree 2 has 65535 nodes; a tree in a model file may have at most "
                        + TreeEnsembleModel.MAX_NODES_PER_TREE + ": lower random_forest.max_depth (12) or raise"
                        + " random_forest.node_size (10) in training.properties. MLlib has no limit on a tree's"
                        + " leaves, so random_forest.max_nodes (128) does not bound them");
    }

    @Test
    void anEnsembleWithinTheLimitsIsExportedWithItsCovers() throws Exception {
        var forest = new RandomForestRegressionModel("forest", new DecisionTreeRegressionModel[] {tree(3), tree(2)},
                FEATURES.size());

        TreeEnsembleModel exported = SparkTreeTrainer.export(forest, Algorithm.RANDOM_FOREST,
                TreeSettings.RANDOM_FOREST, FEATURES);

        assertThat(exported.nodeCount()).isEqualTo(15 + 7);
        assertThat(exported.trees().get(0).cover(0)).isEqualTo(8);
        assertThat(exported.trees().get(0).weight()).isEqualTo(0.5);
        assertThat(exported.expectedValue()).isEqualTo((3.5 + 1.5) / 2);
    }

    @Test
    void aDepthMllibCannotGrowIsRefusedBeforeAnyFit() throws Exception {
        var schemaFile = DataSchema.besideData(SparkTreeFits.DATA);
        var schema = DataSchema.read(schemaFile);
        var data = SparkTrainingData.read(LocalSpark.session(), SparkTreeFits.DATA.toString(), null,
                CsvFormat.DEFAULT, schema, Files.readAllBytes(schemaFile), schemaFile.toString());
        var deep = new TreeSettings(10, 32, 32, 5, 0.1, 0.7, 0, 42);
        var settings = new FitSettings(Algorithm.GBM, 1.0, 4, 42, deep, TreeSettings.RANDOM_FOREST, 10);
        try {
            assertThatThrownBy(() -> SparkTreeTrainer.fit(data, schema, "1.0.0", settings, SparkTreeFits.PROVENANCE))
                    .isInstanceOf(DataException.class)
                    .hasMessage("gbm.max_depth is 32, but MLlib grows trees at most 30 splits deep, which is max_depth"
                            + " 31 as it is counted here (the root and the leaf both count); set gbm.max_depth to at"
                            + " most 31 in training.properties, or train with the Smile trainer (mvn -pl"
                            + " model-training exec:java)");
        } finally {
            data.release();
        }
    }

    /** gbm's default trees and depth, auto, are chosen by cross-validation in the Smile trainer only so far. */
    @Test
    void autoTreesAndDepthAreRefusedByNameBeforeAnyFit() throws Exception {
        var schemaFile = DataSchema.besideData(SparkTreeFits.DATA);
        var schema = DataSchema.read(schemaFile);
        var data = SparkTrainingData.read(LocalSpark.session(), SparkTreeFits.DATA.toString(), null,
                CsvFormat.DEFAULT, schema, Files.readAllBytes(schemaFile), schemaFile.toString());
        var defaults = new FitSettings(Algorithm.GBM, 1.0, 4, 42);
        try {
            assertThatThrownBy(() -> SparkTreeTrainer.fit(data, schema, "1.0.0", defaults, SparkTreeFits.PROVENANCE))
                    .isInstanceOf(DataException.class)
                    .hasMessage("gbm.trees and gbm.max_depth are auto here, chosen by cross-validation, which only the"
                            + " Smile trainer does so far; set both to numbers in training.properties or with --trees"
                            + " and --max-depth (gbm.trees=300 with gbm.max_depth=6 were the defaults before), or train"
                            + " with the Smile trainer (mvn -pl model-training exec:java)");
        } finally {
            data.release();
        }
    }

    /**
     * A complete binary tree {@code depth} splits deep over one row per leaf, leaf i predicting i: every split sends
     * half its rows each way, so the counts add up as MLlib's do.
     */
    private static DecisionTreeRegressionModel tree(int depth) {
        return new DecisionTreeRegressionModel("tree", node(depth, 0), FEATURES.size());
    }

    private static Node node(int depth, int firstLeaf) {
        double rows = 1 << depth;
        var stats = new VarianceCalculator(new double[] {rows, 0, 0}, (long) rows);
        if (depth == 0) {
            return new LeafNode(firstLeaf, 0, stats);
        }
        return new InternalNode(0, 0, 0, node(depth - 1, firstLeaf), node(depth - 1, firstLeaf + (1 << (depth - 1))),
                new ContinuousSplit(depth % FEATURES.size(), firstLeaf + (1 << (depth - 1)) - 0.5), stats);
    }
}
