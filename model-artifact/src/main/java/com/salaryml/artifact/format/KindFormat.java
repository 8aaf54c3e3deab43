package com.salaryml.artifact.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The parts of a model file that differ by model kind and by interval method: {@code model} and
 * {@code interval}. Writing dispatches through {@link ModelKind#match} and {@link IntervalParameters#match}, so a
 * new kind or method does not compile until it is written here; reading has one reader per name, and
 * {@code ModelFormatTest} checks that every kind has one.
 */
final class KindFormat {

    /**
     * Reads one kind's {@code model} object. A kind's parameters may name what the schema declares (a tree's
     * split names its levels), and what a file may hold depends on its format version.
     */
    @FunctionalInterface
    interface KindReader {
        ModelKind read(JsonFields model, FeatureSchema schema, int formatVersion);
    }

    /** One reader per model kind, by the name in {@code model.kind}. */
    static final Map<String, KindReader> KIND_READERS = Map.of(
            ModelKind.LINEAR, (model, schema, version) -> readLinear(model),
            ModelKind.TREE_ENSEMBLE, KindFormat::readTreeEnsemble);

    /** Escapes a level's name inside a node written raw, one line a node. */
    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    /** The first format version that spells a categorical split ({@code left_levels}). */
    static final int LEVELS_VERSION = 3;

    /** One reader per interval method, by the name in {@code interval.method}. */
    static final Map<String, Function<JsonFields, IntervalParameters>> INTERVAL_READERS = Map.of(
            IntervalParameters.OLS_EXACT, KindFormat::readOlsExact,
            IntervalParameters.CONFORMAL, KindFormat::readConformal);

    private KindFormat() {
    }

    /**
     * The oldest format version that holds a kind's parameters: {@value #LEVELS_VERSION} for a tree ensemble with
     * a categorical split, 2 otherwise. (Such a split is on a categorical feature, which needs format 3 anyway;
     * this says so of the split itself, so that it stays true whatever the schema rules become.)
     */
    static int versionNeeded(ModelKind kind) {
        return kind.match(new ModelKind.Cases<>() {
            @Override
            public Integer linear(LinearModel model) {
                return 2;
            }

            @Override
            public Integer treeEnsemble(TreeEnsembleModel model) {
                return model.hasCategoricalSplits() ? LEVELS_VERSION : 2;
            }
        });
    }

    /**
     * Writes a kind's parameters into the open {@code model} object, after its {@code kind} field; a category
     * is spelled by its levels' names, from {@code schema}.
     */
    static void writeKind(JsonGenerator json, ModelKind kind, FeatureSchema schema) throws IOException {
        unwrapped(() -> kind.match(new ModelKind.Cases<Void>() {
            @Override
            public Void linear(LinearModel model) {
                return writing(() -> writeLinear(json, model));
            }

            @Override
            public Void treeEnsemble(TreeEnsembleModel model) {
                return writing(() -> writeTreeEnsemble(json, model, schema));
            }
        }));
    }

    /** A write that may throw, inside a case, which may not: {@link #writing} wraps it, {@link #unwrapped} unwraps it. */
    private interface Write {
        void run() throws IOException;
    }

    private static Void writing(Write write) {
        try {
            write.run();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unwrapped(Runnable cases) throws IOException {
        try {
            cases.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void writeLinear(JsonGenerator json, LinearModel linear) throws IOException {
        json.writeNumberField("intercept", linear.intercept());
        json.writeArrayFieldStart("coefficients");
        for (double coefficient : linear.coefficients()) {
            json.writeNumber(coefficient);
        }
        json.writeEndArray();
    }

    private static void writeTreeEnsemble(JsonGenerator json, TreeEnsembleModel ensemble, FeatureSchema schema)
            throws IOException {
        json.writeNumberField("base_value", ensemble.baseValue());
        json.writeArrayFieldStart("trees");
        for (TreeEnsembleModel.Tree tree : ensemble.trees()) {
            json.writeStartObject();
            json.writeNumberField("weight", tree.weight());
            json.writeArrayFieldStart("nodes");
            var node = new StringBuilder(96);
            for (int i = 0; i < tree.size(); i++) {
                // One node a line: a tree stays readable, and the file a third of its size spread out.
                node.setLength(0);
                if (tree.isLeaf(i)) {
                    node.append("{\"value\": ").append(tree.value(i));
                } else {
                    node.append("{\"feature\": ").append(tree.feature(i));
                    if (tree.isCategorical(i)) {
                        // The levels by name, as the features list them: a person reads the split, and a
                        // file stays right if codes were ever counted differently.
                        Feature feature = schema.features().get(tree.feature(i));
                        node.append(", \"left_levels\": [");
                        int[] codes = tree.leftLevels(i);
                        for (int k = 0; k < codes.length; k++) {
                            node.append(k == 0 ? "\"" : ", \"")
                                    .append(STRINGS.quoteAsString(feature.level(codes[k]))).append('"');
                        }
                        node.append(']');
                    } else {
                        node.append(", \"threshold\": ").append(tree.threshold(i));
                    }
                    node.append(", \"left\": ").append(tree.left(i))
                            .append(", \"right\": ").append(tree.right(i));
                }
                node.append(", \"cover\": ").append(tree.cover(i)).append('}');
                json.writeRawValue(node.toString());
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static void writeInterval(JsonGenerator json, IntervalParameters interval) throws IOException {
        if (interval == null) {
            json.writeNullField("interval");
            return;
        }
        json.writeObjectFieldStart("interval");
        json.writeStringField("method", interval.method());
        json.writeNumberField("level", interval.level());
        unwrapped(() -> interval.match(new IntervalParameters.Cases<Void>() {
            @Override
            public Void olsExact(IntervalParameters.OlsExact exact) {
                return writing(() -> writeOlsExact(json, exact));
            }

            @Override
            public Void conformal(IntervalParameters.Conformal conformal) {
                return writing(() -> writeConformal(json, conformal));
            }
        }));
        json.writeEndObject();
    }

    private static void writeOlsExact(JsonGenerator json, IntervalParameters.OlsExact exact) throws IOException {
        json.writeNumberField("t_critical", exact.tCritical());
        json.writeNumberField("residual_std_error", exact.residualStdError());
        json.writeNumberField("degrees_of_freedom", exact.degreesOfFreedom());
        json.writeArrayFieldStart("xtx_inverse");
        for (double[] row : exact.xtxInverse()) {
            json.writeArray(row, 0, row.length);
        }
        json.writeEndArray();
    }

    private static void writeConformal(JsonGenerator json, IntervalParameters.Conformal conformal)
            throws IOException {
        json.writeStringField("scheme", conformal.scheme());
        json.writeNumberField("half_width", conformal.halfWidth());
        json.writeNumberField("calibration_size", conformal.calibrationSize());
    }

    private static ModelKind readLinear(JsonFields model) {
        model.allowOnly("kind", "intercept", "coefficients");
        double intercept = model.number("intercept");
        double[] coefficients = model.numbers("coefficients");
        return model.build("", () -> new LinearModel(intercept, coefficients));
    }

    private static ModelKind readTreeEnsemble(JsonFields model, FeatureSchema schema, int formatVersion) {
        model.allowOnly("kind", "base_value", "trees");
        double baseValue = model.number("base_value");
        List<JsonFields> treeNodes = model.objects("trees", TreeEnsembleModel.MAX_TREES);
        // Every tree's size first: a file over the limits is refused before any tree is built.
        var nodesOfTrees = new ArrayList<List<JsonFields>>(treeNodes.size());
        long nodesSoFar = 0;
        for (JsonFields tree : treeNodes) {
            tree.allowOnly("weight", "nodes");
            List<JsonFields> nodes = tree.objects("nodes", TreeEnsembleModel.MAX_NODES_PER_TREE);
            nodesSoFar += nodes.size();
            if (nodesSoFar > TreeEnsembleModel.MAX_NODES) {
                throw new ModelFormatProblem("field 'model.trees' has more than " + TreeEnsembleModel.MAX_NODES
                        + " nodes in all; at most " + TreeEnsembleModel.MAX_NODES + " are allowed");
            }
            nodesOfTrees.add(nodes);
        }
        var trees = new ArrayList<TreeEnsembleModel.Tree>(treeNodes.size());
        for (int t = 0; t < treeNodes.size(); t++) {
            JsonFields tree = treeNodes.get(t);
            double weight = tree.number("weight");
            List<JsonFields> nodes = nodesOfTrees.get(t);
            var builder = TreeEnsembleModel.Tree.builder(weight);
            for (JsonFields node : nodes) {
                // A leaf is the node with a value; every other node is a split.
                if (!node.isAbsent("value")) {
                    node.allowOnly("value", "cover");
                    builder.leaf(node.number("value"), node.number("cover"));
                } else if (formatVersion >= LEVELS_VERSION && !node.isAbsent("left_levels")) {
                    node.allowOnly("feature", "left_levels", "left", "right", "cover");
                    int feature = node.index("feature");
                    int[] codes = leftLevels(node, feature, schema);
                    int split = builder.split(feature, codes, node.number("cover"));
                    builder.children(split, node.index("left"), node.index("right"));
                } else {
                    node.allowOnly("feature", "threshold", "left", "right", "cover");
                    int feature = node.index("feature");
                    if (formatVersion >= LEVELS_VERSION && node.isAbsent("threshold")) {
                        throw new ModelFormatProblem("field '" + node.path("") + "' is a split with neither"
                                + " 'threshold' nor 'left_levels'; a numeric split has a threshold, a categorical"
                                + " one its left levels");
                    }
                    int split = builder.split(feature, node.number("threshold"), node.number("cover"));
                    builder.children(split, node.index("left"), node.index("right"));
                }
            }
            trees.add(tree.build("", builder::build));
        }
        return model.build("", () -> new TreeEnsembleModel(baseValue, trees));
    }

    /**
     * A categorical split's {@code left_levels}, names of its feature's levels in the features' order, each once,
     * as codes. Whether they leave some level to go right, the model checks, as it does for a trainer's tree.
     */
    private static int[] leftLevels(JsonFields node, int feature, FeatureSchema schema) {
        if (feature >= schema.size()) {
            throw new ModelFormatProblem("field '" + node.path("feature") + "': " + feature + " is not a feature;"
                    + " the model has " + schema.size() + " (0 to " + (schema.size() - 1) + ")");
        }
        Feature category = schema.features().get(feature);
        if (!category.isCategorical()) {
            throw new ModelFormatProblem("field '" + node.path("left_levels") + "': feature " + feature + ", "
                    + category.name() + ", is a number; a split on it has a threshold, not left levels");
        }
        List<String> names = node.strings("left_levels", Feature.MAX_LEVELS);
        if (names.isEmpty()) {
            throw new ModelFormatProblem("field '" + node.path("left_levels") + "': is empty; a categorical split"
                    + " sends at least one level left");
        }
        int[] codes = new int[names.size()];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = MetadataFormat.code(node, "left_levels[" + k + "]", category.levels(), names.get(k));
            if (k > 0 && codes[k] <= codes[k - 1]) {
                throw new ModelFormatProblem("field '" + node.path("left_levels[" + k + "]") + "' is \""
                        + names.get(k) + "\", after \"" + names.get(k - 1) + "\"; the levels are listed once each, in"
                        + " the order of the feature's levels " + String.join(", ", category.levels()));
            }
        }
        return codes;
    }

    private static IntervalParameters readOlsExact(JsonFields node) {
        node.allowOnly("method", "level", "t_critical", "residual_std_error", "degrees_of_freedom", "xtx_inverse");
        return olsExact(node, "", node);
    }

    static IntervalParameters olsExact(JsonFields parent, String name, JsonFields node) {
        return parent.build(name, () -> new IntervalParameters.OlsExact(node.number("level"),
                node.number("t_critical"), node.number("residual_std_error"), node.integer("degrees_of_freedom"),
                node.matrix("xtx_inverse")));
    }

    private static IntervalParameters readConformal(JsonFields node) {
        node.allowOnly("method", "level", "scheme", "half_width", "calibration_size");
        return node.build("", () -> new IntervalParameters.Conformal(node.number("level"), node.string("scheme"),
                node.number("half_width"), node.integer("calibration_size")));
    }
}
