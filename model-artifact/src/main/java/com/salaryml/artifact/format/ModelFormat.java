package com.salaryml.artifact.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.metadata.Algorithm;
import com.salaryml.artifact.metadata.ModelMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The model file format: one JSON document, readable by a person, that holds a {@link Model}.
 *
 * <p>Reading builds the model from plain JSON values. Nothing in a file can name a class or run code,
 * unlike a pickle or a Java-serialized object. Every field is checked; the first problem found is reported
 * with its JSON path. See {@code docs/model-format.md} for the fields.
 *
 * <p>This library writes formats 2 to {@value #VERSION}: a {@code model} object whose {@code kind} says what it
 * holds, one reader per kind, and an {@code interval} object whose {@code method} says how intervals are
 * computed; format 3 adds categorical features and tree splits on them, rules for missing values and a target's
 * transform; format 4 the {@code holdout} cross-validation method. It reads every format ever written: format 1 (a linear model with top-level {@code intercept},
 * {@code coefficients} and {@code prediction_interval}) still loads and predicts the same numbers.
 */
public final class ModelFormat {

    /** The value of the {@code format} field that marks a model file. */
    public static final String FORMAT = "salaryml-model";

    /** The newest format version this library writes. */
    public static final int VERSION = 4;

    /** The format versions this library reads: every one ever written. */
    public static final List<Integer> READABLE_VERSIONS = List.of(1, 2, 3, 4);

    /** Model files larger than this are refused before parsing, and not written. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64).build())
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(JSON)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelFormat() {
    }

    /**
     * Writes a model as a model file of the oldest format that holds it: 2 for a model of numbers only, which
     * every server since format 2 reads, 3 for one with categories (inputs or tree splits), filled-in missing
     * values or a transformed target, and 4 for one measured on a holdout ({@link #versionNeeded}). The output depends on the model alone: no
     * clock, host or path goes in, so the same model always gives the same bytes.
     *
     * @throws IllegalArgumentException if the file would be larger than {@link #MAX_BYTES}, which no loader
     *                                  would read
     */
    public static byte[] write(Model model) {
        var out = new ByteArrayOutputStream();
        var printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setPrettyPrinter(printer);
            writeModel(json, model);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        out.write('\n');
        if (out.size() > MAX_BYTES) {
            throw new IllegalArgumentException("the model file would be " + out.size() + " bytes; a model file may be"
                    + " at most " + MAX_BYTES + " bytes. Train a smaller model (fewer or shallower trees).");
        }
        return out.toByteArray();
    }

    private static void writeModel(JsonGenerator json, Model model) throws IOException {
        ModelMetadata meta = model.metadata();
        json.writeStartObject();
        json.writeStringField("format", FORMAT);
        json.writeNumberField("format_version", versionNeeded(model));
        writeIdentity(json, meta);
        json.writeObjectFieldStart("model");
        json.writeStringField("kind", model.kind().kind());
        KindFormat.writeKind(json, model.kind(), meta.schema());
        json.writeEndObject();
        KindFormat.writeInterval(json, model.interval());
        writeEvidence(json, meta);
        json.writeEndObject();
    }

    /**
     * The format version {@link #write} writes a model in: the oldest that holds everything it has, 2 for a model
     * of numbers only, 3 for one with categories (inputs or tree splits), filled-in missing values or a
     * transformed target, and 4 for one whose errors were measured on a holdout rather than cross-validated, so
     * that a server older than that method says "upgrade" instead of refusing a field's value.
     */
    public static int versionNeeded(Model model) {
        return Math.max(MetadataFormat.versionNeeded(model.metadata()), KindFormat.versionNeeded(model.kind()));
    }

    /**
     * Writes, into an open JSON object, what a model is: {@code name}, {@code version}, {@code algorithm},
     * {@code hyperparameters}, {@code target} and {@code features}, spelled as in the model file. For anyone
     * who describes a model in JSON, such as a server's model endpoint.
     */
    public static void writeIdentity(JsonGenerator json, ModelMetadata meta) throws IOException {
        MetadataFormat.writeIdentity(json, meta);
    }

    /**
     * Writes, into an open JSON object, how far to trust a model and where it came from: {@code metrics},
     * {@code coefficient_stats}, {@code training_data} and {@code provenance}, spelled as in the model file.
     */
    public static void writeEvidence(JsonGenerator json, ModelMetadata meta) throws IOException {
        MetadataFormat.writeEvidence(json, meta);
    }

    /**
     * Reads a model file of any readable format version ({@link #READABLE_VERSIONS}).
     *
     * @param bytes  the file's content, UTF-8 JSON
     * @param source the file's path or resource name, used in error messages
     * @throws ModelLoadException naming {@code source} and the first problem found
     */
    public static Model read(byte[] bytes, String source) throws ModelLoadException {
        if (bytes.length > MAX_BYTES) {
            throw new ModelLoadException(source, "is " + bytes.length + " bytes; a model file may be at most "
                    + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(source, "is not valid JSON: " + e.getOriginalMessage()
                    + location(e), e);
        } catch (IOException e) {
            throw new ModelLoadException(source, "cannot be read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelLoadException(source, "is empty; expected a JSON model file");
        }
        try {
            return parse(new JsonFields(root, ""));
        } catch (ModelFormatProblem e) {
            throw new ModelLoadException(source, e.getMessage());
        }
    }

    /**
     * The {@code format_version} a model file declares, for a label beside it (a model JAR's properties); the
     * version this library writes when the file does not say. Validates nothing: {@link #read} does.
     */
    static long versionOf(byte[] modelFile) {
        try {
            JsonNode version = MAPPER.readTree(modelFile).path("format_version");
            return version.canConvertToLong() && version.isIntegralNumber() ? version.longValue() : VERSION;
        } catch (IOException e) {
            return VERSION;
        }
    }

    private static String location(JsonProcessingException e) {
        var where = e.getLocation();
        return where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }

    private static Model parse(JsonFields root) {
        // Format and version first: a newer file's new fields deserve "upgrade", not "unknown field".
        String format = root.string("format");
        if (!FORMAT.equals(format)) {
            throw new ModelFormatProblem("field 'format' is \"" + format + "\"; a model file has \"" + FORMAT + "\"");
        }
        long formatVersion = root.integer("format_version");
        if (formatVersion == 1) {
            return parseVersion1(root);
        }
        if (formatVersion < 2 || formatVersion > VERSION) {
            throw new ModelFormatProblem("format_version " + formatVersion + " is not supported; this loader reads "
                    + "format_version " + READABLE_VERSIONS.stream().map(String::valueOf).collect(
                    java.util.stream.Collectors.joining(", ")) + ". Upgrade model-artifact, or retrain with a"
                    + " matching version.");
        }
        root.allowOnly("format", "format_version", "name", "version", "algorithm", "hyperparameters", "target",
                "features", "model", "interval", "metrics", "coefficient_stats", "training_data", "provenance");
        ModelMetadata metadata = MetadataFormat.read(root, (int) formatVersion);

        JsonFields modelNode = root.object("model");
        String kind = modelNode.string("kind");
        var reader = KindFormat.KIND_READERS.get(kind);
        if (reader == null) {
            throw new ModelFormatProblem("field 'model.kind' is \"" + kind + "\"; the kinds are "
                    + String.join(", ", new java.util.TreeSet<>(KindFormat.KIND_READERS.keySet())));
        }
        ModelKind parameters = reader.read(modelNode, metadata.schema(), (int) formatVersion);

        IntervalParameters interval = null;
        if (!root.isAbsent("interval")) {
            JsonFields intervalNode = root.object("interval");
            String method = intervalNode.string("method");
            var intervalReader = KindFormat.INTERVAL_READERS.get(method);
            if (intervalReader == null) {
                throw new ModelFormatProblem("field 'interval.method' is \"" + method + "\"; the methods are "
                        + IntervalParameters.OLS_EXACT + ", " + IntervalParameters.CONFORMAL);
            }
            interval = intervalReader.apply(intervalNode);
        }
        IntervalParameters chosen = interval;
        return root.build("", () -> new Model(metadata, parameters, chosen));
    }

    /**
     * Format 1: a linear model with its parameters at the top, and the least-squares interval as
     * {@code prediction_interval}. Read as it always was, into today's types.
     */
    private static Model parseVersion1(JsonFields root) {
        root.allowOnly("format", "format_version", "name", "version", "algorithm", "hyperparameters", "target",
                "features", "intercept", "coefficients", "prediction_interval", "metrics", "coefficient_stats",
                "training_data", "provenance");
        String algorithm = root.string("algorithm");
        if (Algorithm.byId(algorithm).filter(a -> !a.kind().equals(ModelKind.LINEAR)).isPresent()) {
            throw new ModelFormatProblem("field 'algorithm' is \"" + algorithm + "\", but format_version 1"
                    + " holds linear models only (ols, ridge, lasso)");
        }
        ModelMetadata metadata = MetadataFormat.read(root, 1);
        IntervalParameters interval = null;
        if (!root.isAbsent("prediction_interval")) {
            JsonFields node = root.object("prediction_interval");
            node.allowOnly("level", "t_critical", "residual_std_error", "degrees_of_freedom", "xtx_inverse");
            interval = KindFormat.olsExact(root, "prediction_interval", node);
        }
        double intercept = root.number("intercept");
        double[] coefficients = root.numbers("coefficients");
        LinearModel linear = root.build("", () -> new LinearModel(intercept, coefficients));
        IntervalParameters chosen = interval;
        return root.build("", () -> new Model(metadata, linear, chosen));
    }

}
