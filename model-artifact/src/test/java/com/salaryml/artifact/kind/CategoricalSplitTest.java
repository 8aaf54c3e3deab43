package com.salaryml.artifact.kind;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.ModelFiles;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.kind.TreeEnsembleModel.Tree;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Tree ensembles that split on categories ({@link TestModels#ACADEMIC_GBM}): a set of levels goes left, the rest
 * right. Predicted by hand from the trees, explained exactly, written by level name in format 3 and read back to
 * the same bits, and refused, naming the node and field, wherever a split does not fit its feature.
 */
class CategoricalSplitTest {

    private static final Model GBM = TestModels.ACADEMIC_GBM;
    private static final String SOURCE = "academic-gbm.json";
    private static final int LEAF = Tree.LEAF;
    private static final int[] NONE = {};

    // ---------------------------------------------------------------- predictions

    @Test
    void aLevelGoesLeftWhenItIsOneOfTheSplitsLeftLevels() {
        // Prof is not AsstProf: right, 10 <= 20: 0.125. A is A: left, -0.125.
        assertThat(estimate(Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 10)))
                .isEqualTo(Math.exp(11.5));
        // AsstProf: left, -0.25. B: right; AsstProf is neither AssocProf nor Prof: right, 0.0625.
        assertThat(estimate(Map.of("rank", "AsstProf", "discipline", "B", "yrs_since_phd", 30)))
                .isEqualTo(Math.exp(11.5 + 0.5 * -0.25 + 0.5 * 0.0625));
        // AssocProf: right, 25 > 20: 0.25. B: right; AssocProf: left, 0.125.
        assertThat(estimate(Map.of("rank", "AssocProf", "discipline", "B", "yrs_since_phd", 25)))
                .isEqualTo(Math.exp(11.5 + 0.5 * 0.25 + 0.5 * 0.125));
    }

    @Test
    void aMissingCategoryIsFilledInBeforeTheTreesSeeIt() {
        var inputs = new HashMap<String, Object>();
        inputs.put("rank", "Prof");

        // discipline: B, the most frequent; years: 21, the median, > 20.
        assertThat(estimate(inputs)).isEqualTo(Math.exp(11.5 + 0.5 * 0.25 + 0.5 * 0.125));
        assertThat(GBM.predict(inputs).warnings()).hasSize(2);
    }

    @Test
    void aTreeWalksToTheSameLeafByItself() {
        Tree spark = TestModels.ACADEMIC_TREES.trees().get(1);

        assertThat(spark.isCategorical(0)).isTrue();
        assertThat(spark.leftLevels(1)).containsExactly(1, 2);
        assertThat(spark.goesLeft(1, 1)).isTrue();
        assertThat(spark.goesLeft(1, 0)).isFalse();
        assertThat(spark.predict(new double[] {0, 1, 30})).isEqualTo(0.0625);
        assertThat(spark.predict(new double[] {2, 1, 30})).isEqualTo(0.125);
        assertThat(spark.predict(new double[] {2, 0, 30})).isEqualTo(-0.125);
    }

    @Test
    void theBaselineIsTheCoverWeightedExpectationAndTheExactShapValuesAddUpToTheFit() {
        // tree 0: (100 · -0.25 + 120 · 0.125 + 177 · 0.25) / 397; tree 1: (181 · -0.125 + 150 · 0.125 + 66 · 0.0625) / 397.
        assertThat(GBM.baseline()).isCloseTo(11.5 + 0.5 * 34.25 / 397 + 0.5 * 0.25 / 397, within(1e-12));
        for (Map<String, ?> inputs : List.of(Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 10),
                Map.of("rank", "AsstProf", "discipline", "B", "yrs_since_phd", 30),
                Map.of("rank", "AssocProf", "discipline", "B", "yrs_since_phd", 25))) {
            Prediction prediction = GBM.predict(inputs);
            double[] x = GBM.metadata().schema().check(inputs);
            double[] exact = TreeShapTest.bruteForceShapley(TestModels.ACADEMIC_TREES, x, 3);
            double sum = prediction.baseline();
            for (int f = 0; f < 3; f++) {
                assertThat(prediction.contributions().get(f).amount()).as("%s, feature %d", inputs, f)
                        .isCloseTo(exact[f], within(1e-12));
                sum += prediction.contributions().get(f).amount();
            }
            assertThat(sum).isCloseTo(Math.log(prediction.value()), within(1e-12));
        }
    }

    @Test
    void aBatchOfCodesGivesWhatSinglePredictionsGiveToTheBit() {
        List<String> ranks = TestModels.RANK.levels();
        List<String> disciplines = TestModels.DISCIPLINE.levels();
        // 3 instances are predicted one by one; 24 step down the trees together.
        for (int n : new int[] {3, 24}) {
            double[][] columns = new double[3][n];
            for (int i = 0; i < n; i++) {
                columns[0][i] = i % 3;
                columns[1][i] = i / 3 % 2;
                columns[2][i] = 15 + i % 11;
            }
            Predictions batch = GBM.predictColumns(columns);
            for (int i = 0; i < n; i++) {
                Prediction single = GBM.predict(Map.of("rank", ranks.get((int) columns[0][i]),
                        "discipline", disciplines.get((int) columns[1][i]), "yrs_since_phd", columns[2][i]));
                assertThat(batch.get(i)).as("instance %d of %d", i, n).isEqualTo(single);
            }
        }
    }

    // ---------------------------------------------------------------- the model file

    @Test
    void theFileSpellsALevelSetByNameInFormat3AndReadsBackToTheSameBits() throws Exception {
        byte[] file = ModelFormat.write(GBM);
        String text = new String(file, UTF_8);

        assertThat(ModelFormat.versionNeeded(GBM)).isEqualTo(3);
        assertThat(text).contains("\"format_version\": 3")
                .contains("\n          {\"feature\": 0, \"left_levels\": [\"AsstProf\"], \"left\": 2, \"right\": 1,"
                        + " \"cover\": 397.0},\n")
                .contains("\n          {\"feature\": 2, \"threshold\": 20.0, \"left\": 3, \"right\": 4, \"cover\": 297.0},\n")
                .contains("\n          {\"feature\": 0, \"left_levels\": [\"AssocProf\", \"Prof\"], \"left\": 3,"
                        + " \"right\": 4, \"cover\": 216.0},\n");
        Model read = ModelFormat.read(file, SOURCE);
        assertThat(read).isEqualTo(GBM);
        assertThat(ModelFormat.write(read)).isEqualTo(file);
        var inputs = Map.of("rank", "AssocProf", "discipline", "A", "yrs_since_phd", 3);
        assertThat(read.predict(inputs)).isEqualTo(GBM.predict(inputs));
    }

    @Test
    void aModelOfNumericSplitsIsStillWrittenInFormat2() {
        Model numeric = TestModels.gbm(TestModels.TWO_TREES, TestModels.CONFORMAL);

        assertThat(TestModels.TWO_TREES.hasCategoricalSplits()).isFalse();
        assertThat(TestModels.ACADEMIC_TREES.hasCategoricalSplits()).isTrue();
        assertThat(ModelFormat.versionNeeded(numeric)).isEqualTo(2);
        assertThat(new String(ModelFormat.write(numeric), UTF_8)).contains("\"format_version\": 2")
                .doesNotContain("left_levels");
    }

    @Test
    void levelNamesThatJsonMustEscapeAreWrittenEscapedAndReadBack() throws Exception {
        var odd = Feature.categorical("title", "Job title", List.of("say \"hi\"", "back\\slash", "naïve €",
                "tab\there", "</script>"), null, Missing.REFUSE);
        var builder = Tree.builder(1);
        int root = builder.split(0, new int[] {0, 1, 3}, 10);
        builder.children(root, builder.leaf(1, 4), builder.leaf(2, 6));
        var stats = new LinkedHashMap<String, FeatureStats>();
        stats.put("title", FeatureStats.ofLevels(new long[] {1, 2, 3, 2, 2}));
        var metadata = TestModels.salary("1.0.0", "gbm").schema(new FeatureSchema(List.of(odd)))
                .trainingData(new TrainingData("titles.csv", TestModels.SHA256, 10, stats)).build();
        Model model = new Model(metadata, new TreeEnsembleModel(0, List.of(builder.build())), null);

        byte[] file = ModelFormat.write(model);
        assertThat(new String(file, UTF_8)).contains("\"left_levels\": [\"say \\\"hi\\\"\", \"back\\\\slash\","
                + " \"tab\\there\"]");
        Model read = ModelFormat.read(file, SOURCE);
        assertThat(read).isEqualTo(model);
        assertThat(ModelFormat.write(read)).isEqualTo(file);
        assertThat(read.predict(Map.of("title", "tab\there")).value()).isEqualTo(1);
        assertThat(read.predict(Map.of("title", "naïve €")).value()).isEqualTo(2);
    }

    @Test
    void aFileIsRefusedNamingTheFieldWhenItsLevelsAreNotTheFeatures() {
        assertRejected(edit(root -> levels(root, 0, 0).removeAll().add("Lecturer")),
                "field 'model.trees[0].nodes[0].left_levels[0]' is \"Lecturer\", which is not one of the levels"
                        + " AsstProf, AssocProf, Prof");
        assertRejected(edit(root -> levels(root, 1, 1).removeAll().add("Prof").add("AssocProf")),
                "field 'model.trees[1].nodes[1].left_levels[1]' is \"AssocProf\", after \"Prof\"; the levels are"
                        + " listed once each, in the order of the feature's levels AsstProf, AssocProf, Prof");
        assertRejected(edit(root -> levels(root, 1, 1).removeAll().add("Prof").add("Prof")),
                "field 'model.trees[1].nodes[1].left_levels[1]' is \"Prof\", after \"Prof\"");
        assertRejected(edit(root -> levels(root, 0, 0).removeAll()),
                "field 'model.trees[0].nodes[0].left_levels': is empty; a categorical split sends at least one"
                        + " level left");
        assertRejected(edit(root -> levels(root, 0, 0).add("AssocProf").add("Prof")),
                "field 'model.trees[0].nodes[0].left_levels': sends all 3 levels of rank left; a split sends some"
                        + " level each way");
        assertRejected(edit(root -> node(root, 0, 0).put("left_levels", "AsstProf")),
                "field 'model.trees[0].nodes[0].left_levels' must be an array, was a string");
        assertRejected(edit(root -> levels(root, 0, 0).removeAll().add(0)),
                "field 'model.trees[0].nodes[0].left_levels[0]' must be a string, was a number");
        assertRejected(edit(root -> {
            for (int k = 0; k < 100; k++) {
                levels(root, 0, 0).add("Prof");
            }
        }), "field 'model.trees[0].nodes[0].left_levels' has 101 entries; at most 100 are allowed");
    }

    @Test
    void aFileIsRefusedNamingTheFieldWhenASplitsSortIsNotItsFeatures() {
        assertRejected(edit(root -> node(root, 0, 0).put("feature", 2)),
                "field 'model.trees[0].nodes[0].left_levels': feature 2, yrs_since_phd, is a number; a split on it"
                        + " has a threshold, not left levels");
        assertRejected(edit(root -> node(root, 0, 1).put("feature", 0)),
                "field 'model.trees[0].nodes[1].threshold': feature 0, rank, is a category; a split on it sends"
                        + " levels left (left_levels), not values up to a threshold");
        assertRejected(edit(root -> node(root, 0, 0).put("feature", 3)),
                "field 'model.trees[0].nodes[0].feature': 3 is not a feature; the model has 3 (0 to 2)");
        assertRejected(edit(root -> node(root, 0, 0).put("threshold", 0.5)),
                "unknown field 'model.trees[0].nodes[0].threshold'; the fields here are feature, left_levels, left,"
                        + " right, cover");
        assertRejected(edit(root -> node(root, 0, 0).remove("left_levels")),
                "field 'model.trees[0].nodes[0]' is a split with neither 'threshold' nor 'left_levels'");
        assertRejected(edit(root -> node(root, 0, 2).putArray("left_levels").add("Prof")),
                "unknown field 'model.trees[0].nodes[2].left_levels'; the fields here are value, cover");
    }

    @Test
    void format2CannotSpellACategoricalSplit() {
        Model numeric = TestModels.gbm(TestModels.TWO_TREES, TestModels.CONFORMAL);
        byte[] file = ModelFiles.edit(numeric, root -> {
            node(root, 0, 0).remove("threshold");
            node(root, 0, 0).putArray("left_levels").add("AsstProf");
        });

        assertRejected(file, "unknown field 'model.trees[0].nodes[0].left_levels'; the fields here are feature,"
                + " threshold, left, right, cover");
    }

    // ---------------------------------------------------------------- the records, for a trainer

    @Test
    void theRecordsNameTheNodeAndFieldOfABadLevelSet() {
        assertThatThrownBy(() -> tree(new double[] {0, 0, 0}, new int[][] {{0}, NONE, {1}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodes[2].left_levels: a leaf has no left levels; must be empty, was [1]");
        assertThatThrownBy(() -> tree(new double[] {2.5, 0, 0}, new int[][] {{0}, NONE, NONE}))
                .hasMessage("nodes[0].threshold: a categorical split has no threshold; must be 0, was 2.5");
        for (int[] bad : new int[][] {{2, 1}, {1, 1}, {-1}, {100}}) {
            assertThatThrownBy(() -> tree(new double[] {0, 0, 0}, new int[][] {bad, NONE, NONE}))
                    .hasMessage("nodes[0].left_levels: must be level codes from 0 to 99 in increasing order, each"
                            + " once, was " + java.util.Arrays.toString(bad));
        }
        assertThatThrownBy(() -> tree(new double[] {0, 0, 0}, new int[][] {{0}, null, NONE}))
                .hasMessage("nodes[1].left_levels: is null; a numeric split and a leaf have none, an empty array");
        assertThatThrownBy(() -> tree(new double[] {0, 0, 0}, new int[][] {{0}, NONE}))
                .hasMessage("nodes: the arrays must have one entry per node, but feature has 3, threshold 3,"
                        + " left_levels 2, left 3, right 3, value 3 and cover 3");
        var builder = Tree.builder(1);
        assertThatThrownBy(() -> builder.split(0, NONE, 2))
                .hasMessage("nodes[0].left_levels: is empty; a categorical split sends at least one level left");
    }

    @Test
    void theModelNamesTheNodeAndFieldOfASplitThatDoesNotFitItsFeature() {
        assertThat(modelError(2, new int[] {1})).isEqualTo("model.trees[1].nodes[0].left_levels: feature 2,"
                + " yrs_since_phd, is a number; a split on it has a threshold, not left levels");
        assertThat(modelError(0, new int[] {3})).isEqualTo("model.trees[1].nodes[0].left_levels: 3 is not a level's"
                + " code; rank has 3 levels (0 to 2)");
        assertThat(modelError(0, new int[] {0, 1, 2})).isEqualTo("model.trees[1].nodes[0].left_levels: sends all 3"
                + " levels of rank left; a split sends some level each way");
        assertThat(modelError(1, null)).isEqualTo("model.trees[1].nodes[0].threshold: feature 1, discipline, is a"
                + " category; a split on it sends levels left (left_levels), not values up to a threshold");
    }

    @Test
    void theRecordsCompareLevelSetsByValueAndHandOutCopies() {
        int[][] levels = {{0, 2}, NONE, NONE};
        Tree tree = tree(new double[] {-0.0, 0, 0}, levels);
        levels[0][0] = 1;
        tree.leftLevels(0)[0] = 1;
        tree.leftLevels()[0][1] = 1;

        assertThat(tree.leftLevels(0)).containsExactly(0, 2);
        assertThat(tree.threshold(0)).isEqualTo(0.0).isNotNegative();
        assertThat(tree).isEqualTo(tree(new double[] {0, 0, 0}, new int[][] {{0, 2}, NONE, NONE}))
                .hasSameHashCodeAs(tree(new double[] {0, 0, 0}, new int[][] {{0, 2}, NONE, NONE}))
                .isNotEqualTo(tree(new double[] {0, 0, 0}, new int[][] {{0, 1}, NONE, NONE}));
        // A numeric tree built without left levels has none.
        assertThat(TestModels.TWO_TREES.trees().get(0).leftLevels()).isDeepEqualTo(new int[][] {NONE, NONE, NONE,
                NONE, NONE});
    }

    // ---------------------------------------------------------------- helpers

    /** The estimate for {@code inputs}: exp of the log-scale fit, the number the trees add up to. */
    private static double estimate(Map<String, ?> inputs) {
        return GBM.predict(inputs).value();
    }

    /** A split at node 0 on feature 0 with the given left levels, and two leaves. */
    private static Tree tree(double[] threshold, int[][] leftLevels) {
        return new Tree(1, new int[] {0, LEAF, LEAF}, threshold, leftLevels, new int[] {1, LEAF, LEAF},
                new int[] {2, LEAF, LEAF}, new double[] {0, 1, 2}, new double[] {2, 1, 1});
    }

    /**
     * What building {@link #GBM}'s model refuses when its second tree is one split on {@code feature}: by
     * {@code leftLevels}, or at threshold 0.5 when they are null.
     */
    private static String modelError(int feature, int[] leftLevels) {
        var builder = Tree.builder(0.5);
        int root = leftLevels == null ? builder.split(feature, 0.5, 2) : builder.split(feature, leftLevels, 2);
        builder.children(root, builder.leaf(-1, 1), builder.leaf(1, 1));
        var trees = new TreeEnsembleModel(11.5, List.of(TestModels.ACADEMIC_TREES.trees().get(0), builder.build()));
        var e = catchThrowableOfType(IllegalArgumentException.class,
                () -> new Model(GBM.metadata(), trees, GBM.interval()));
        assertThat(e).as("building the model should fail").isNotNull();
        return e.getMessage();
    }

    private static byte[] edit(Consumer<ObjectNode> change) {
        return ModelFiles.edit(GBM, change);
    }

    private static ObjectNode node(ObjectNode root, int t, int i) {
        return (ObjectNode) root.get("model").get("trees").get(t).get("nodes").get(i);
    }

    private static ArrayNode levels(ObjectNode root, int t, int i) {
        return (ArrayNode) node(root, t, i).get("left_levels");
    }

    private static void assertRejected(byte[] file, String expected) {
        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelFormat.read(file, SOURCE));
        assertThat(e).as("reading the bad file should fail").isNotNull();
        assertThat(e.getMessage()).startsWith(SOURCE + ": ").contains(expected);
    }
}
