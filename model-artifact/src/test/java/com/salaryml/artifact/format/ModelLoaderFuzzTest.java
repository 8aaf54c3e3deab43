package com.salaryml.artifact.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.Jars;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.RandomTrees;
import com.salaryml.artifact.Seeds.Case;
import com.salaryml.artifact.Seeds;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loader fed damaged and hostile model files and JARs, starting from a valid one. Whatever the bytes,
 * the answer is a model or a {@link ModelLoadException} with a reason: never another exception, never a
 * hang, never an attempt to hold a bomb's content in memory. The generated cases come from {@link Seeds}: a
 * failure says which seed and case to replay.
 */
@ExtendWith(Seeds.Report.class)
class ModelLoaderFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] MODEL_FILE = ModelFormat.write(TestModels.SALARY);
    private static final byte[] JAR = ModelJar.write(MODEL_FILE, TestModels.SALARY, "salary-model-1.0.0.json",
            LocalDateTime.of(2026, 11, 27, 0, 0));
    /** A gbm of random trees with a conformal interval: a model file with every field a tree file has. */
    private static final Model TREES = TestModels.gbm(RandomTrees.forest(new SplittableRandom(11), 4, 3, 4, 0.7),
            TestModels.CONFORMAL);
    private static final byte[] TREE_FILE = ModelFormat.write(TREES);
    /** A gbm whose trees split on categories too: its splits name levels, which a flip may make unknown. */
    private static final byte[] CATEGORICAL_TREE_FILE = ModelFormat.write(TestModels.ACADEMIC_GBM);
    /** Only as a guard against a hang, far above what any of these loads takes. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("model-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeFiles() throws IOException {
        try (var files = Files.walk(DIR)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }

    // ---------------------------------------------------------------- damaged copies of a valid model

    @Test
    void theUndamagedFilesLoad() {
        assertThat(load(MODEL_FILE)).isEmpty();
        assertThat(load(JAR)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("modelFileCuts")
    void aTruncatedModelFileIsRejected(Case<Integer> length) {
        // Only whitespace may follow the last brace; cutting before it always breaks the JSON.
        assertPrefixRejected(MODEL_FILE, length);
    }

    @ParameterizedTest
    @MethodSource("jarCuts")
    void aTruncatedJarIsRejected(Case<Integer> length) {
        // The central directory is at the end of a zip: no proper prefix of the JAR is a JAR.
        assertPrefixRejected(JAR, length);
    }

    @ParameterizedTest
    @MethodSource("treeFileCuts")
    void aTruncatedTreeFileIsRejected(Case<Integer> length) {
        assertPrefixRejected(TREE_FILE, length);
    }

    /** The first {@code length} bytes of {@code whole} must be refused with a ModelLoadException. */
    private static void assertPrefixRejected(byte[] whole, Case<Integer> length) {
        byte[] cut = java.util.Arrays.copyOf(whole, length.value());
        assertThat(load(cut)).as("%d of %d bytes", length.value(), whole.length).isPresent();
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("jsonFileFlips")
    void aBitFlippedModelOrTreeFileLoadsOrIsRejected(String file, Case<Flips> flips) {
        // A flip inside a model file's description may leave a valid model, and one in a tree file's digit a valid
        // model with another threshold; anything else must be a ModelLoadException.
        load(flips.value().applyTo(switch (file) {
            case "tree file" -> TREE_FILE;
            case "categorical tree file" -> CATEGORICAL_TREE_FILE;
            default -> MODEL_FILE;
        }));
    }

    @ParameterizedTest
    @MethodSource("jarFlips")
    void aBitFlippedJarLoadsOrIsRejected(Case<Flips> flips) {
        byte[] flipped = flips.value().applyTo(JAR);
        Optional<ModelLoadException> outcome = load(flipped);
        if (outcome.isEmpty()) {
            // What still loads must be the very model written: the digest lets no altered model through.
            assertThat(loadOrFail(flipped)).isEqualTo(TestModels.SALARY);
        }
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void aFieldOfTheWrongTypeIsRejected(Case<Mutation> mutation) throws IOException {
        JsonNode tree = MAPPER.readTree(MODEL_FILE);
        mutation.value().apply(tree);
        byte[] bytes = MAPPER.writeValueAsBytes(tree);
        assertThat(load(bytes)).as(mutation.toString()).isPresent()
                .get().extracting(Throwable::getMessage).asString().isNotBlank();
    }

    // ---------------------------------------------------------------- damaged and hostile tree files

    @Test
    void theUndamagedTreeFileLoads() {
        assertThat(load(TREE_FILE)).isEmpty();
        assertThat(loadOrFail(TREE_FILE)).isEqualTo(TREES);
        assertThat(loadOrFail(CATEGORICAL_TREE_FILE)).isEqualTo(TestModels.ACADEMIC_GBM);
    }

    @ParameterizedTest
    @MethodSource("treeWrongTypes")
    void aFieldOfATreeFileOfTheWrongTypeIsRejected(Case<Mutation> mutation) throws IOException {
        JsonNode tree = MAPPER.readTree(TREE_FILE);
        mutation.value().apply(tree);
        assertThat(load(MAPPER.writeValueAsBytes(tree))).as(mutation.toString()).isPresent()
                .get().extracting(Throwable::getMessage).asString().isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("hostileTrees")
    void aHostileTreeIsRejectedNamingTheTree(Case<Hostile> hostile) {
        Optional<ModelLoadException> outcome = load(hostile.value().bytes());
        assertThat(outcome).as(hostile.value().what()).isPresent();
        assertThat(outcome.get().getMessage()).as(hostile.value().what())
                .containsAnyOf(hostile.value().expected(), "is not valid JSON");
    }

    @Test
    void aChainTenThousandSplitsDeepIsRefusedByTheDepthLimit() {
        assertThat(load(treeFile(chain(10_000)))).get().extracting(Throwable::getMessage).asString()
                .contains("model.trees[0].nodes[128].left").contains("a tree may be at most 64 deep");
    }

    @Test
    void aTreeWithMoreNodesThanTheLimitIsRefusedBeforeItIsBuilt() {
        assertThat(load(treeFile(leaves(1, TreeEnsembleModel.MAX_NODES_PER_TREE + 1))))
                .get().extracting(Throwable::getMessage).asString()
                .contains("field 'model.trees[0].nodes' has 32768 entries; at most 32767 are allowed");
    }

    @Test
    void moreTreesThanTheLimitAreRefused() {
        assertThat(load(treeFile(leaves(TreeEnsembleModel.MAX_TREES + 1, 1))))
                .get().extracting(Throwable::getMessage).asString()
                .contains("field 'model.trees' has 10001 entries; at most 10000 are allowed");
    }

    @Test
    void moreNodesInAllThanTheLimitAreRefused() {
        byte[] file = treeFile(leaves(9, 30_000));
        assertThat(file.length).isLessThanOrEqualTo(ModelFormat.MAX_BYTES);
        assertThat(load(file)).get().extracting(Throwable::getMessage).asString()
                .contains("field 'model.trees' has more than 250000 nodes in all");
    }

    // ---------------------------------------------------------------- hostile files built by hand

    @Test
    void tenMillionCoefficientsAreRefusedByTheSizeLimit() throws IOException {
        Path file = DIR.resolve("huge.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"format\":\"salaryml-model\",\"format_version\":1,\"intercept\":0,\"coefficients\":[0"
                    .getBytes(UTF_8));
            byte[] more = ",0".repeat(1000).getBytes(UTF_8);
            for (int i = 0; i < 10_000; i++) {
                out.write(more);
            }
            out.write("]}".getBytes(UTF_8));
        }
        assertThat(loadFile(file)).get().extracting(Throwable::getMessage).asString()
                .contains("bytes; a model may be at most");
    }

    @Test
    void anArrayJustUnderTheSizeLimitIsRefusedByTheArrayLimit() {
        // About 1.9 million entries in under 4 MiB: small enough to read, far too many to accept.
        int entries = (ModelFormat.MAX_BYTES - MODEL_FILE.length) / 2;
        // Put the huge array where the real coefficients are, so it is not refused merely as unknown.
        byte[] bytes = replaceArray(MODEL_FILE, "coefficients", "[0" + ",0".repeat(entries - 1) + "]");
        assertThat(bytes.length).isLessThanOrEqualTo(ModelFormat.MAX_BYTES);
        assertThat(load(bytes)).get().extracting(Throwable::getMessage).asString()
                .contains("coefficients").contains("at most " + JsonFields.MAX_ARRAY);
    }

    @Test
    void aZipBombIsRefusedByTheSizeLimitWithoutInflatingIt() throws IOException {
        Path bomb = DIR.resolve("bomb.jar");
        writeBomb(bomb, 300 * 1024 * 1024);
        assertThat(Files.size(bomb)).as("the bomb is small on disk").isLessThan(2L * 1024 * 1024);

        assertThat(loadFile(bomb)).get().extracting(Throwable::getMessage).asString()
                .contains(ModelJar.MODEL_ENTRY).contains("is larger than " + ModelFormat.MAX_BYTES + " bytes");
    }

    @Test
    void aZipBombOnTheClasspathIsRefusedToo() throws Exception {
        Path bomb = DIR.resolve("classpath-bomb.jar");
        writeBomb(bomb, 300 * 1024 * 1024);
        try (var loader = new URLClassLoader(new URL[] {bomb.toUri().toURL()}, null)) {
            var thrown = assertTimeoutPreemptively(HANG_GUARD, () -> {
                try {
                    ModelLoader.loadFromClasspath(loader);
                    return null;
                } catch (ModelLoadException e) {
                    return e;
                }
            });
            assertThat(thrown).isNotNull();
            assertThat(thrown.getMessage()).contains("is larger than " + ModelFormat.MAX_BYTES + " bytes");
        }
    }

    @ParameterizedTest
    @MethodSource("climbingNames")
    void aJarWithDotDotInAnEntryPathIsRejected(Case<String> name) {
        var entries = new LinkedHashMap<>(Jars.entries(JAR));
        entries.put(name.value(), "x".getBytes(UTF_8));
        byte[] jar = Jars.build(entries);
        assertThat(load(jar)).as(name.value()).get().extracting(Throwable::getMessage).asString()
                .contains("entry").contains(name.value());
    }

    @Test
    void aJarWhoseModelEntryIsReachedThroughDotDotIsRejected() {
        var entries = new LinkedHashMap<String, byte[]>();
        Jars.entries(JAR).forEach((name, content) ->
                entries.put(name.equals(ModelJar.MODEL_ENTRY) ? "salaryml/../salaryml/model.json" : name, content));
        assertThat(load(Jars.build(entries))).isPresent();
    }

    @Test
    void aJarWithTheModelEntryTwiceIsRejected() throws IOException {
        // Two readers could pick different copies; only one model may be in a JAR.
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (var entry : Jars.entries(JAR).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
            // ZipOutputStream refuses a duplicate name, so the second copy differs in case only on the way
            // in and is renamed in the bytes afterwards.
            zip.putNextEntry(new ZipEntry("salaryml/model.jsoN"));
            zip.write(MODEL_FILE);
            zip.closeEntry();
        }
        byte[] jar = replaceAll(out.toByteArray(), "salaryml/model.jsoN", ModelJar.MODEL_ENTRY);
        assertThat(load(jar)).get().extracting(Throwable::getMessage).asString().contains("more than once");
    }

    // ---------------------------------------------------------------- generators

    static Stream<Case<Integer>> modelFileCuts() {
        int lastBrace = new String(MODEL_FILE, UTF_8).lastIndexOf('}');
        return Seeds.cases(List.of(0, 1, 2, lastBrace - 1, lastBrace), 200, random -> random.nextInt(lastBrace + 1));
    }

    static Stream<Case<Integer>> jarCuts() {
        int last = JAR.length - 1;
        return Seeds.cases(List.of(0, 1, 2, last - 1, last), 200, random -> random.nextInt(last + 1));
    }

    static Stream<Case<Flips>> modelFileFlips() {
        return flips(MODEL_FILE.length);
    }

    static Stream<Case<Flips>> jarFlips() {
        return flips(JAR.length);
    }

    static Stream<Case<Integer>> treeFileCuts() {
        int lastBrace = new String(TREE_FILE, UTF_8).lastIndexOf('}');
        return Seeds.cases(List.of(0, 1, lastBrace - 1, lastBrace), 200, random -> random.nextInt(lastBrace + 1));
    }

    static Stream<Case<Flips>> treeFileFlips() {
        return flips(TREE_FILE.length);
    }

    static Stream<Arguments> jsonFileFlips() {
        return Stream.of(modelFileFlips().map(flips -> Arguments.of("model file", flips)),
                treeFileFlips().map(flips -> Arguments.of("tree file", flips)),
                flips(CATEGORICAL_TREE_FILE.length).map(flips -> Arguments.of("categorical tree file", flips)))
                .flatMap(s -> s);
    }

    /** Every field of the tree file with every value of another JSON kind, each once. */
    static Stream<Case<Mutation>> treeWrongTypes() {
        return Seeds.all(mutations(TREE_FILE, TREE_NULLABLE));
    }

    /**
     * A tree file made hostile in one place.
     *
     * @param what     what was done, for the failure message
     * @param expected what the refusal must name (or else say the JSON is invalid)
     */
    record Hostile(String what, String expected, String json) {
        byte[] bytes() {
            return json.getBytes(UTF_8);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    /** A number no tree file holds, put where a hostile value goes and then replaced in the text. */
    private static final String SENTINEL = "987654.321";

    /**
     * Random damage to the structure or the numbers of one node of one tree: a child that points back (a
     * cycle or a self loop), a child shared by two parents, a child outside the tree or negative, a threshold,
     * value or cover that is not finite or not positive, covers that do not add up, a leaf with a split's
     * fields, a tree missing its last node.
     */
    static Stream<Case<Hostile>> hostileTrees() {
        ObjectNode original = (ObjectNode) readTree(TREE_FILE);
        return Seeds.cases(List.of(), 300, random -> {
            ObjectNode root = original.deepCopy();
            var trees = (ArrayNode) root.get("model").get("trees");
            int t = random.nextInt(trees.size());
            var nodes = (ArrayNode) trees.get(t).get("nodes");
            var splits = new ArrayList<Integer>();
            var leaves = new ArrayList<Integer>();
            for (int i = 0; i < nodes.size(); i++) {
                (nodes.get(i).has("value") ? leaves : splits).add(i);
            }
            int i = Seeds.pick(random, splits);
            ObjectNode split = (ObjectNode) nodes.get(i);
            ObjectNode leaf = (ObjectNode) nodes.get(Seeds.pick(random, leaves));
            String side = random.nextBoolean() ? "left" : "right";
            String at = "model.trees[" + t + "]";
            String what;
            String text = null;
            switch (random.nextInt(9)) {
                case 0 -> {
                    int back = random.nextInt(i + 1);
                    split.put(side, back);
                    what = "node " + i + "'s " + side + " points back to " + back;
                }
                case 1 -> {
                    int other = Seeds.pick(random, splits);
                    int child = nodes.get(other).get(random.nextBoolean() ? "left" : "right").intValue();
                    if (child == split.get(side).intValue()) {
                        child = split.get(side.equals("left") ? "right" : "left").intValue();
                    }
                    split.put(side, child);
                    what = "node " + i + "'s " + side + " shares node " + child;
                }
                case 2 -> {
                    int beyond = nodes.size() + random.nextInt(1000);
                    split.put(side, beyond);
                    what = "node " + i + "'s " + side + " is " + beyond + ", outside the tree";
                }
                case 3 -> {
                    split.put(side, -1 - random.nextInt(3));
                    what = "node " + i + "'s " + side + " is negative";
                }
                case 4 -> {
                    split.put("threshold", Double.parseDouble(SENTINEL));
                    text = Seeds.pick(random, List.of("NaN", "Infinity", "-Infinity", "1e999", "-1e400"));
                    what = "node " + i + "'s threshold is " + text;
                }
                case 5 -> {
                    leaf.put("value", Double.parseDouble(SENTINEL));
                    text = Seeds.pick(random, List.of("NaN", "1e999", "-1e999"));
                    what = "a leaf's value is " + text;
                }
                case 6 -> {
                    double cover = Seeds.pick(random, List.of(0.0, -1.0, -0.0, 1e-300, 1e300));
                    leaf.put("cover", cover);
                    what = "a leaf's cover is " + cover;
                }
                case 7 -> {
                    leaf.put(side, nodes.size() - 1);
                    what = "a leaf has a " + side;
                }
                default -> {
                    nodes.remove(nodes.size() - 1);
                    what = "the last node is missing";
                }
            }
            String json;
            try {
                json = MAPPER.writeValueAsString(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (text != null) {
                json = json.replace(SENTINEL, text);
            }
            return new Hostile(what + " in tree " + t, at, json);
        });
    }

    /** A tree file whose model holds exactly these trees. */
    private static byte[] treeFile(ArrayNode trees) {
        ObjectNode root = (ObjectNode) readTree(TREE_FILE);
        ((ObjectNode) root.get("model")).set("trees", trees);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One tree {@code depth} splits deep: each split's left child a leaf, its right the next split. */
    private static ArrayNode chain(int depth) {
        ArrayNode trees = MAPPER.createArrayNode();
        ArrayNode nodes = trees.addObject().put("weight", 1.0).putArray("nodes");
        for (int d = 0; d < depth; d++) {
            nodes.addObject().put("feature", d % 3).put("threshold", 1.5).put("left", 2 * d + 1)
                    .put("right", 2 * d + 2).put("cover", depth - d + 1.0);
            nodes.addObject().put("value", 1.0).put("cover", 1.0);
        }
        nodes.addObject().put("value", 1.0).put("cover", 1.0);
        return trees;
    }

    /** {@code trees} trees of {@code nodes} nodes each, every node a leaf (so only the counts are wrong). */
    private static ArrayNode leaves(int trees, int nodes) {
        ArrayNode result = MAPPER.createArrayNode();
        for (int t = 0; t < trees; t++) {
            ArrayNode list = result.addObject().put("weight", 1.0).putArray("nodes");
            for (int i = 0; i < nodes; i++) {
                list.addObject().put("value", 0).put("cover", 1);
            }
        }
        return result;
    }

    /** Bit flips in a file of {@code length} bytes. */
    record Flips(List<Flip> flips) {
        byte[] applyTo(byte[] original) {
            byte[] copy = original.clone();
            for (Flip flip : flips) {
                copy[flip.position()] ^= (byte) (1 << flip.bit());
            }
            return copy;
        }
    }

    record Flip(int position, int bit) {
        @Override
        public String toString() {
            return "bit " + bit + " of byte " + position;
        }
    }

    /**
     * One flip of each of the outer bits at the first, middle and last bytes, then 300 sets of one to eight
     * flips anywhere.
     */
    private static Stream<Case<Flips>> flips(int length) {
        var edges = new ArrayList<Flips>();
        for (int position : new int[] {0, 1, length / 2, length - 2, length - 1}) {
            for (int bit : new int[] {0, 1, 3, 6, 7}) {
                edges.add(new Flips(List.of(new Flip(position, bit))));
            }
        }
        return Seeds.cases(edges, 300, random -> {
            var flips = new ArrayList<Flip>();
            for (int n = 1 + random.nextInt(8); n > 0; n--) {
                flips.add(new Flip(random.nextInt(length), random.nextInt(8)));
            }
            return new Flips(flips);
        });
    }

    /** One field of the model file replaced by a value of another JSON type. */
    record Mutation(String path, JsonNode value) {
        void apply(JsonNode root) {
            String[] steps = path.split("/");
            JsonNode parent = root;
            for (int i = 1; i < steps.length - 1; i++) {
                parent = parent.isArray() ? parent.get(Integer.parseInt(steps[i])) : parent.get(steps[i]);
            }
            String last = steps[steps.length - 1];
            if (parent instanceof ArrayNode array) {
                array.set(Integer.parseInt(last), value);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
        }
    }

    /** Fields the format lets be null (docs/model-format.md): null there is a valid value, not a wrong type. */
    static final java.util.Set<String> NULLABLE = java.util.Set.of("/provenance/trained_at",
            "/provenance/git_commit", "/metrics/cross_validation/seed");

    /**
     * In a tree file also the interval (a gbm model needs none) and the cross-validated interval metrics,
     * which are optional.
     */
    static final java.util.Set<String> TREE_NULLABLE = java.util.Set.of("/interval", "/provenance/trained_at",
            "/provenance/git_commit", "/metrics/cross_validation/seed", "/metrics/cross_validation/interval_coverage",
            "/metrics/cross_validation/interval_mean_width");

    /** Every field of the model file with every value of another JSON kind, each once. */
    static Stream<Case<Mutation>> wrongTypes() {
        return Seeds.all(mutations(MODEL_FILE, NULLABLE));
    }

    private static List<Mutation> mutations(byte[] file, java.util.Set<String> nullable) {
        var leaves = new ArrayList<Map.Entry<String, JsonNode>>();
        collect(readTree(file), "", leaves);
        var mutations = new ArrayList<Mutation>();
        for (var leaf : leaves) {
            for (JsonNode value : otherKinds(leaf.getValue())) {
                if (!(value.isNull() && nullable.contains(leaf.getKey()))) {
                    mutations.add(new Mutation(leaf.getKey(), value));
                }
            }
        }
        return mutations;
    }

    /** Every node below the root with its path, "/a/0/b"; free-form maps' values are skipped. */
    private static void collect(JsonNode node, String path, List<Map.Entry<String, JsonNode>> into) {
        if (!path.isEmpty()) {
            into.add(Map.entry(path, node));
        }
        if (node.isObject() && !path.endsWith("/parameters") && !path.endsWith("/hyperparameters")) {
            node.properties().forEach(field -> collect(field.getValue(), path + "/" + field.getKey(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, into);
            }
        }
    }

    /** Values of a JSON kind other than the original's. Null only for what was not null. */
    private static List<JsonNode> otherKinds(JsonNode original) {
        var nodes = JsonNodeFactory.instance;
        var candidates = new ArrayList<JsonNode>();
        if (!original.isTextual()) {
            candidates.add(nodes.textNode("12"));
        }
        if (!original.isNumber()) {
            candidates.add(nodes.numberNode(12));
        }
        if (!original.isBoolean()) {
            candidates.add(nodes.booleanNode(true));
        }
        if (!original.isArray()) {
            candidates.add(nodes.arrayNode().add(1));
        }
        if (!original.isObject()) {
            candidates.add(nodes.objectNode().put("x", 1));
        }
        if (!original.isNull()) {
            candidates.add(nodes.nullNode());
        }
        return candidates;
    }

    /**
     * Entry names that climb out of the JAR. The fixed ones are those that made {@link ModelJar} refuse such
     * names; the drawn ones climb in every way it checks for, with either slash.
     */
    static Stream<Case<String>> climbingNames() {
        List<String> found = List.of("../evil.txt", "../../../../tmp/evil", "salaryml/../../evil", "/etc/passwd",
                "salaryml\\..\\..\\evil", "..", "a/../../b.json", "C:\\evil.txt", "c:/evil.txt");
        return Seeds.cases(found, 20, random -> {
            List<String> segments = List.of("salaryml", "META-INF", "model.json", "a", "tmp", "evil.txt");
            String inner = Seeds.pick(random, segments) + "/" + Seeds.pick(random, segments);
            String name = switch (random.nextInt(5)) {
                case 0 -> "../" + inner;
                case 1 -> "/" + inner;
                case 2 -> inner.replace("/", "/../");
                case 3 -> inner + "/..";
                default -> (char) ('A' + random.nextInt(26)) + ":/" + inner;
            };
            return random.nextBoolean() ? name : name.replace('/', '\\');
        });
    }

    // ---------------------------------------------------------------- helpers

    /** Empty if the bytes load; the ModelLoadException if they are rejected; a test failure otherwise. */
    private static Optional<ModelLoadException> load(byte[] bytes) {
        try {
            Path file = Files.createTempFile(DIR, "model", ".bin");
            try {
                Files.write(file, bytes);
                return loadFile(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<ModelLoadException> loadFile(Path file) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> {
            try {
                ModelLoader.load(file);
                return Optional.<ModelLoadException>empty();
            } catch (ModelLoadException e) {
                assertThat(e.getMessage()).startsWith(file.toString());
                return Optional.of(e);
            } catch (Throwable e) {
                return fail("not a ModelLoadException but " + e, e);
            }
        });
    }

    private static Predictor loadOrFail(byte[] bytes) {
        try {
            Path file = Files.createTempFile(DIR, "model", ".bin");
            try {
                Files.write(file, bytes);
                return ModelLoader.load(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException | ModelLoadException e) {
            return fail("expected to load", e);
        }
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pathOf(JsonNode tree, String field) {
        var leaves = new ArrayList<Map.Entry<String, JsonNode>>();
        collect(tree, "", leaves);
        return leaves.stream().filter(leaf -> leaf.getKey().endsWith("/" + field) && leaf.getValue().isArray())
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** The model file with the first array named {@code field} replaced by {@code array}. */
    private static byte[] replaceArray(byte[] modelFile, String field, String array) {
        ContainerNode<?> tree = (ContainerNode<?>) readTree(modelFile);
        String path = pathOf(tree, field);
        String text;
        try {
            new Mutation(path, MAPPER.readTree("[]")).apply(tree);
            text = MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String marker = "\"" + field + "\":[]";
        assertThat(text).contains(marker);
        return text.replaceFirst(java.util.regex.Pattern.quote(marker),
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + array)).getBytes(UTF_8);
    }

    private static byte[] replaceAll(byte[] bytes, String from, String to) {
        byte[] needle = from.getBytes(UTF_8);
        byte[] replacement = to.getBytes(UTF_8);
        assertThat(replacement).hasSameSizeAs(needle);
        byte[] copy = bytes.clone();
        for (int i = 0; i + needle.length <= copy.length; i++) {
            if (java.util.Arrays.equals(copy, i, i + needle.length, needle, 0, needle.length)) {
                System.arraycopy(replacement, 0, copy, i, replacement.length);
            }
        }
        return copy;
    }

    /** A model JAR whose model.json entry inflates to {@code inflated} bytes of zeros. */
    private static void writeBomb(Path jar, long inflated) throws IOException {
        try (var zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry(ModelJar.MODEL_ENTRY));
            byte[] zeros = new byte[1024 * 1024];
            java.util.Arrays.fill(zeros, (byte) ' ');
            for (long written = 0; written < inflated; written += zeros.length) {
                zip.write(zeros);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(ModelJar.PROPERTIES_ENTRY));
            zip.write("sha256=00\nname=salary\nversion=1.0.0\n".getBytes(UTF_8));
            zip.closeEntry();
        }
    }
}
