package com.salaryml.artifact.kind;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.ModelFiles;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tree ensemble is checked as strictly as a linear model: by its record when a trainer builds it, and by
 * the reader, naming the field's whole path, when a file holds it.
 */
class TreeValidationTest {

    private static final String SOURCE = "models/bad-trees.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Model GBM = TestModels.gbm(TestModels.TWO_TREES, TestModels.CONFORMAL);
    private static final int LEAF = TreeEnsembleModel.Tree.LEAF;

    // ---------------------------------------------------------------- structure, in a file

    /**
     * One field of one node set to a bad value: a child before its parent (a cycle), a node its own child, a
     * child outside the tree, a feature outside the schema, a cover that is not positive or does not add up.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a child before its parent is a cycle | 0 | 1 | left    | 0          | field 'model.trees[0].nodes[1].left': 0 is not after node 1 |
            a node that is its own child         | 1 | 0 | right   | 0          | field 'model.trees[1].nodes[0].right': 0 is not after node 0 |
            a child outside the tree             | 0 | 1 | right   | 5          | field 'model.trees[0].nodes[1].right': 5 is not a node; the tree has 5 (0 to 4) |
            a negative child                     | 0 | 1 | right   | -1         | field 'model.trees[0].nodes[1].right' must be an index, a whole number from 0, was -1 |
            a child index too big for an int     | 0 | 1 | right   | 3000000000 | field 'model.trees[0].nodes[1].right' must be an index | 3000000000
            a fractional child index             | 0 | 1 | right   | 3.5        | field 'model.trees[0].nodes[1].right' must be an index | 3.5
            node 3 shared by node 0 and node 1   | 0 | 0 | right   | 3          | field 'model.trees[0].nodes[1].left': node 3 is already a child of node 0 |
            node 3 claimed twice by node 1       | 0 | 1 | right   | 3          | field 'model.trees[0].nodes[1].right': node 3 is already a child of node 1 |
            a feature outside the schema         | 0 | 1 | feature | 3          | field 'model.trees[0].nodes[1].feature': 3 is not a feature; the model has 3 (0 to 2) |
            a negative feature index             | 0 | 1 | feature | -2         | field 'model.trees[0].nodes[1].feature' must be an index |
            a zero cover                         | 0 | 3 | cover   | 0          | field 'model.trees[0].nodes[3].cover': must be a positive finite number, was 0.0 |
            a negative cover                     | 0 | 3 | cover   | -2         | field 'model.trees[0].nodes[3].cover': must be a positive finite number |
            covers that do not add up            | 0 | 3 | cover   | 2.5        | field 'model.trees[0].nodes[1].cover': 5 is not the sum of its children's covers, 2.5 + 3 |
            """)
    void aNodeFieldWithABadValueIsRejected(String what, int tree, int index, String field, String json,
            String expected, String alsoExpected) {
        byte[] file = edit(root -> node(root, tree, index).set(field, readTree(json.getBytes(UTF_8))));
        if (alsoExpected == null) {
            assertRejected(file, expected);
        } else {
            assertRejected(file, expected, alsoExpected);
        }
    }

    @Test
    void aNodeNoOneReachesIsRejected() {
        assertRejected(edit(root -> ((ArrayNode) tree(root, 1).get("nodes")).add(leaf(5, 1))),
                "field 'model.trees[1].nodes[3]': is not reachable: no node has it as a child");
        assertThatThrownBy(() -> tree(new int[] {0, -1, -1, -1}, new double[] {1, 0, 0, 0}, new int[] {1, -1, -1, -1},
                new int[] {2, -1, -1, -1}, new double[] {0, 1, 2, 3}, new double[] {2, 1, 1, 1}))
                .hasMessage("nodes[3]: is not reachable: no node has it as a child, and only node 0 is the root");
    }

    @Test
    void aTreeDeeperThanTheLimitIsRejected() {
        assertRejected(file(chain(TreeEnsembleModel.MAX_DEPTH + 1)), "field 'model.trees[0].nodes[128].left'",
                "node 129 is at depth 65; a tree may be at most 64 deep");
    }

    @Test
    void aTreeExactlyAsDeepAsTheLimitLoadsAndPredicts() throws Exception {
        Model model = ModelFormat.read(file(chain(TreeEnsembleModel.MAX_DEPTH)), SOURCE);
        var tree = ((TreeEnsembleModel) model.kind()).trees().get(0);

        assertThat(tree.depth()).isEqualTo(TreeEnsembleModel.MAX_DEPTH);
        Prediction prediction = model.predict(TestModels.reference());
        double sum = prediction.baseline();
        for (var c : prediction.contributions()) {
            sum += c.amount();
        }
        assertThat(sum).isCloseTo(prediction.value(), org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void numbersMustBeFinite() {
        assertRejected(replace("\"threshold\": 8.0", "\"threshold\": NaN"), "is not valid JSON");
        assertRejected(replace("\"threshold\": 8.0", "\"threshold\": 1e999"),
                "field 'model.trees[0].nodes[1].threshold' must be a finite number");
        assertRejected(replace("{\"value\": 60000.0,", "{\"value\": -1e400,"),
                "field 'model.trees[0].nodes[2].value' must be a finite number");
        assertRejected(edit(root -> tree(root, 1).put("weight", "0.5")),
                "field 'model.trees[1].weight' must be a number, was a string");
        assertRejected(replace("\"base_value\": 50000.0", "\"base_value\": 1e999"),
                "field 'model.base_value' must be a finite number");
    }

    @Test
    void aLeafHasAValueAndASplitHasNoneAndEachOnlyItsOwnFields() {
        assertRejected(edit(root -> node(root, 0, 2).put("feature", 1)),
                "unknown field 'model.trees[0].nodes[2].feature'; the fields here are value, cover");
        assertRejected(edit(root -> node(root, 0, 1).put("value", 1)),
                "unknown field 'model.trees[0].nodes[1].feature'; the fields here are value, cover");
        assertRejected(edit(root -> node(root, 0, 2).remove("value")),
                "required field 'model.trees[0].nodes[2].feature' is missing");
        assertRejected(edit(root -> node(root, 0, 1).remove("cover")),
                "required field 'model.trees[0].nodes[1].cover' is missing");
        assertRejected(edit(root -> node(root, 0, 1).put("gain", 12)),
                "unknown field 'model.trees[0].nodes[1].gain'");
        assertRejected(edit(root -> tree(root, 0).put("learning_rate", 0.1)),
                "unknown field 'model.trees[0].learning_rate'; the fields here are weight, nodes");
        assertRejected(edit(root -> ((ObjectNode) root.get("model")).put("intercept", 1)),
                "unknown field 'model.intercept'; the fields here are kind, base_value, trees");
    }

    @Test
    void anEnsembleHasTreesAndATreeHasNodes() {
        assertRejected(edit(root -> ((ObjectNode) root.get("model")).putArray("trees")),
                "field 'model.trees': is empty; an ensemble has at least one tree");
        assertRejected(edit(root -> tree(root, 1).putArray("nodes")),
                "field 'model.trees[1].nodes': is empty; a tree has at least its root");
        assertRejected(edit(root -> ((ObjectNode) root.get("model")).put("trees", 1)),
                "field 'model.trees' must be an array, was a number");
    }

    @Test
    void theKindMustBeTheOneTheAlgorithmMakes() {
        assertRejected(edit(root -> ((ObjectNode) root.get("model")).put("kind", "forest")),
                "field 'model.kind' is \"forest\"; the kinds are linear, tree_ensemble");
        assertRejected(edit(root -> root.set("model", JSON.createObjectNode().put("kind", "linear").put("intercept", 1)
                .set("coefficients", JSON.createArrayNode().add(1).add(2).add(3)))),
                "field 'model.kind': is linear, but algorithm gbm makes a tree_ensemble model");
        assertRejected(edit(root -> root.put("algorithm", "ridge")),
                "field 'model.kind': is tree_ensemble, but algorithm ridge makes a linear model");
    }

    @Test
    void onlyAnOlsModelMayCarryAnExactInterval() {
        byte[] withExact = edit(root -> root.set("interval",
                readTree(ModelFormat.write(TestModels.SALARY)).get("interval")));
        assertRejected(withExact, "ols-exact interval parameters are exact only for ols, not gbm");
        assertRejected(edit(root -> root.putArray("coefficient_stats").addObject().put("term", "intercept")
                .put("estimate", 1).put("std_error", 1).put("t", 1).put("p", 0.5)),
                "coefficient_stats are for linear models only");
    }

    // ---------------------------------------------------------------- limits

    @Test
    void theLimitsAreEnforcedByTheRecords() {
        var leaf = TreeEnsembleModel.Tree.leaf(1, 0, 1);
        assertThatThrownBy(() -> new TreeEnsembleModel(0, java.util.Collections.nCopies(
                TreeEnsembleModel.MAX_TREES + 1, leaf)))
                .hasMessage("trees: has 10001 trees; at most 10000 are allowed");
        int n = TreeEnsembleModel.MAX_NODES_PER_TREE + 2;
        assertThatThrownBy(() -> new TreeEnsembleModel.Tree(1, new int[n], new double[n], new int[n], new int[n],
                new double[n], new double[n]))
                .hasMessage("nodes: has 32769 nodes; a tree may have at most 32767");
        var big = balanced(14); // 32,767 nodes
        assertThat(big.size()).isEqualTo(TreeEnsembleModel.MAX_NODES_PER_TREE);
        int trees = TreeEnsembleModel.MAX_NODES / big.size() + 1;
        assertThatThrownBy(() -> new TreeEnsembleModel(0, java.util.Collections.nCopies(trees, big)))
                .hasMessageStartingWith("trees: have " + (long) trees * big.size() + " nodes in all; at most "
                        + TreeEnsembleModel.MAX_NODES);
    }

    // ---------------------------------------------------------------- the records, for a trainer

    @Test
    void theRecordsNameTheNodeAndField() {
        assertThatThrownBy(() -> tree(new int[] {0, -1, -1}, new double[] {1, 0, 0}, new int[] {1, -1, -1},
                new int[] {1, -1, -1}, new double[] {0, 1, 2}, new double[] {2, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodes[0].right: node 1 is already a child of node 0; every node but the root has exactly"
                        + " one parent");
        assertThatThrownBy(() -> tree(new int[] {0, -1, -1}, new double[] {1, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[] {0, 1, 2}, new double[] {2, 1, 2}))
                .hasMessage("nodes[0].cover: 2 is not the sum of its children's covers, 1 + 2");
        assertThatThrownBy(() -> tree(new int[] {0, -1, -1}, new double[] {1, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[] {0.5, 1, 2}, new double[] {2, 1, 1}))
                .hasMessage("nodes[0].value: an internal node has no value; must be 0, was 0.5");
        assertThatThrownBy(() -> tree(new int[] {0, -1, -1}, new double[] {1, 7, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[] {0, 1, 2}, new double[] {2, 1, 1}))
                .hasMessage("nodes[1].threshold: a leaf has no threshold; must be 0, was 7.0");
        assertThatThrownBy(() -> tree(new int[] {0, 1, -1}, new double[] {1, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[] {0, 1, 2}, new double[] {2, 1, 1}))
                .hasMessage("nodes[1].feature: must be -1 in a leaf (its left is -1), was 1");
        assertThatThrownBy(() -> tree(new int[] {0, -1, -1}, new double[] {Double.NaN, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[] {0, 1, 2}, new double[] {2, 1, 1}))
                .hasMessage("nodes[0].threshold: must be finite, was NaN");
        assertThatThrownBy(() -> tree(new int[] {0, -1}, new double[] {1, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[] {0, 1, 2}, new double[] {2, 1, 1}))
                .hasMessageStartingWith("nodes: the arrays must have one entry per node, but feature has 2");
        assertThatThrownBy(() -> new TreeEnsembleModel.Tree(Double.POSITIVE_INFINITY, new int[] {-1},
                new double[] {0}, new int[] {-1}, new int[] {-1}, new double[] {1}, new double[] {1}))
                .hasMessage("weight: must be finite, was Infinity");
        assertThatThrownBy(() -> new TreeEnsembleModel(Double.NaN, List.of(TreeEnsembleModel.Tree.leaf(1, 1, 1))))
                .hasMessage("base_value: must be finite, was NaN");
    }

    @Test
    void theRecordsAreImmutableAndCompareByValue() {
        int[] feature = {0, -1, -1};
        double[] value = {0, 1, 2};
        var tree = tree(feature, new double[] {1, 0, 0}, new int[] {1, -1, -1}, new int[] {2, -1, -1}, value,
                new double[] {2, 1, 1});
        feature[0] = 2;
        value[1] = 99;
        tree.value()[2] = 99;

        assertThat(tree.feature(0)).isZero();
        assertThat(tree.value()).containsExactly(0, 1, 2);
        assertThat(tree).isEqualTo(tree(new int[] {0, -1, -1}, new double[] {1, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[] {0, 1, 2}, new double[] {2, 1, 1}))
                .hasSameHashCodeAs(tree(new int[] {0, -1, -1}, new double[] {1, 0, 0}, new int[] {1, -1, -1},
                        new int[] {2, -1, -1}, new double[] {0, 1, 2}, new double[] {2, 1, 1}));
        // -0.0 where a value is unused is stored as 0, as a file would give it back.
        assertThat(tree(new int[] {0, -1, -1}, new double[] {1, -0.0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new double[] {-0.0, 1, 2}, new double[] {2, 1, 1})).isEqualTo(tree);
    }

    // ---------------------------------------------------------------- helpers

    static TreeEnsembleModel.Tree tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value,
                                       double[] cover) {
        return new TreeEnsembleModel.Tree(1, feature, threshold, left, right, value, cover);
    }

    /**
     * A tree {@code depth} splits deep, each split's left child a leaf and its right child the next split:
     * 2·depth + 1 nodes, splitting in turn on the three features. Built as JSON, so that it can break the
     * records' limits too.
     */
    private static ObjectNode chain(int depth) {
        ObjectNode tree = JSON.createObjectNode().put("weight", 1.0);
        ArrayNode nodes = tree.putArray("nodes");
        int n = 2 * depth + 1;
        for (int d = 0; d < depth; d++) {
            int split = 2 * d;
            nodes.addObject().put("feature", d % 3).put("threshold", 1.0 + d % 5).put("left", split + 1)
                    .put("right", split + 2).put("cover", (double) (n - split + 1) / 2);
            nodes.add(leaf(d, 1));
        }
        nodes.add(leaf(-1, 1));
        return tree;
    }

    /** A full tree of the given depth: 2^(depth+1) − 1 nodes, in breadth-first order. */
    static TreeEnsembleModel.Tree balanced(int depth) {
        var builder = TreeEnsembleModel.Tree.builder(1);
        int n = (1 << (depth + 1)) - 1;
        int splits = n / 2;
        for (int i = 0; i < n; i++) {
            // Node i covers 2^(depth − its depth) leaves.
            double cover = (double) (1 << depth) / Integer.highestOneBit(i + 1);
            if (i < splits) {
                builder.children(builder.split(i % 3, 5, cover), 2 * i + 1, 2 * i + 2);
            } else {
                builder.leaf(i, cover);
            }
        }
        return builder.build();
    }

    @Test
    void theBuilderNumbersNodesAsAddedAndChecksTheTree() {
        var builder = TreeEnsembleModel.Tree.builder(0.1);
        int root = builder.split(0, 5.5, 100);
        builder.children(root, builder.leaf(-3.0, 60), builder.leaf(4.5, 40));
        var tree = builder.build();

        assertThat(tree).isEqualTo(new TreeEnsembleModel.Tree(0.1, new int[] {0, LEAF, LEAF},
                new double[] {5.5, 0, 0}, new int[] {1, LEAF, LEAF}, new int[] {2, LEAF, LEAF},
                new double[] {0, -3, 4.5}, new double[] {100, 60, 40}));
        assertThat(tree.predict(new double[] {5.5})).isEqualTo(-3.0);
        assertThat(tree.predict(new double[] {6})).isEqualTo(4.5);
        var unfinished = TreeEnsembleModel.Tree.builder(1);
        unfinished.split(0, 1, 2);
        assertThatThrownBy(unfinished::build).hasMessage("nodes[0]: is a split whose children were never named");
        assertThatThrownBy(() -> unfinished.children(5, 1, 2)).hasMessage("nodes[5]: is not a split of this builder");
    }

    private static ObjectNode leaf(double value, double cover) {
        return JSON.createObjectNode().put("value", value).put("cover", cover);
    }

    private static byte[] file(ObjectNode tree) {
        return edit(root -> ((ObjectNode) root.get("model")).putArray("trees").add(tree));
    }

    private static ObjectNode tree(ObjectNode root, int t) {
        return (ObjectNode) root.get("model").get("trees").get(t);
    }

    private static ObjectNode node(ObjectNode root, int t, int i) {
        return (ObjectNode) tree(root, t).get("nodes").get(i);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] edit(Consumer<ObjectNode> change) {
        return ModelFiles.edit(GBM, change);
    }

    private static byte[] replace(String good, String bad) {
        return ModelFiles.replace(GBM, good, bad);
    }

    private static void assertRejected(byte[] file, String... expected) {
        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelFormat.read(file, SOURCE));
        assertThat(e).as("reading the bad file should fail").isNotNull();
        assertThat(e.getMessage()).startsWith(SOURCE + ": ");
        for (String part : expected) {
            assertThat(e.getMessage()).contains(part);
        }
    }
}
