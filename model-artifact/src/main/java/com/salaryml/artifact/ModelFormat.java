package com.salaryml.artifact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The model file format: one JSON document, readable by a person, that holds a {@link LinearModel}.
 *
 * <p>Reading builds the model from plain JSON values. Nothing in a file can name a class or run code,
 * unlike a pickle or a Java-serialized object. Every field is checked; the first problem found is reported
 * with its JSON path. See {@code docs/model-format.md} for the fields.
 */
public final class ModelFormat {

    /** The value of the {@code format} field that marks a model file. */
    public static final String FORMAT = "salaryml-model";

    /** The format version this library writes, and the only one it reads. */
    public static final int VERSION = 1;

    /** Model files larger than this are refused before parsing. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

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
     * Writes a model as a model file. The output depends on the model alone: no time, host or path goes in,
     * so the same model always gives the same bytes.
     */
    public static byte[] write(LinearModel model) {
        var out = new ByteArrayOutputStream();
        var printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setPrettyPrinter(printer);
            ModelMetadata meta = model.metadata();
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("format_version", VERSION);
            json.writeStringField("name", meta.name());
            json.writeStringField("version", meta.version());
            json.writeStringField("algorithm", meta.algorithm());
            json.writeObjectFieldStart("target");
            json.writeStringField("name", meta.target().name());
            json.writeStringField("unit", meta.target().unit());
            json.writeEndObject();
            json.writeArrayFieldStart("features");
            for (Feature feature : meta.schema().features()) {
                json.writeStartObject();
                json.writeStringField("name", feature.name());
                json.writeStringField("unit", feature.unit());
                json.writeStringField("description", feature.description());
                json.writeNumberField("min", feature.min());
                json.writeNumberField("max", feature.max());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("intercept", model.intercept());
            json.writeArrayFieldStart("coefficients");
            for (double coefficient : model.coefficients()) {
                json.writeNumber(coefficient);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("metrics");
            json.writeNumberField("r2", meta.metrics().rSquared());
            json.writeNumberField("rmse", meta.metrics().rmse());
            json.writeNumberField("mae", meta.metrics().mae());
            json.writeEndObject();
            json.writeObjectFieldStart("training_data");
            json.writeStringField("file", meta.trainingData().file());
            json.writeStringField("sha256", meta.trainingData().sha256());
            json.writeNumberField("rows", meta.trainingData().rows());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads a model file.
     *
     * @param bytes  the file's content, UTF-8 JSON
     * @param source the file's path or resource name, used in error messages
     * @throws ModelLoadException naming {@code source} and the first problem found
     */
    public static LinearModel read(byte[] bytes, String source) throws ModelLoadException {
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

    private static String location(JsonProcessingException e) {
        var where = e.getLocation();
        return where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }

    private static LinearModel parse(JsonFields root) {
        // Format and version first: a newer format may add fields, and its reader must hear "upgrade",
        // not "unknown field".
        String format = root.string("format");
        if (!FORMAT.equals(format)) {
            throw new ModelFormatProblem("field 'format' is \"" + format + "\"; a model file has \"" + FORMAT + "\"");
        }
        long formatVersion = root.integer("format_version");
        if (formatVersion != VERSION) {
            throw new ModelFormatProblem("format_version " + formatVersion + " is not supported; this loader reads "
                    + "format_version " + VERSION + ". Upgrade model-artifact, or retrain with a matching version.");
        }
        root.allowOnly("format", "format_version", "name", "version", "algorithm", "target", "features",
                "intercept", "coefficients", "metrics", "training_data");
        JsonFields targetNode = root.object("target");
        targetNode.allowOnly("name", "unit");
        var target = root.build("target", () -> new Target(targetNode.string("name"), targetNode.string("unit")));

        var features = new ArrayList<Feature>();
        List<JsonFields> featureNodes = root.objects("features");
        for (JsonFields node : featureNodes) {
            node.allowOnly("name", "unit", "description", "min", "max");
            features.add(node.build("", () -> new Feature(node.string("name"), node.string("unit"),
                    node.string("description"), node.number("min"), node.number("max"))));
        }
        var schema = root.build("features", () -> new FeatureSchema(features));

        JsonFields metricsNode = root.object("metrics");
        metricsNode.allowOnly("r2", "rmse", "mae");
        var metrics = new Metrics(metricsNode.number("r2"), metricsNode.number("rmse"), metricsNode.number("mae"));

        JsonFields dataNode = root.object("training_data");
        dataNode.allowOnly("file", "sha256", "rows");
        var trainingData = root.build("training_data", () -> new TrainingData(dataNode.string("file"),
                dataNode.string("sha256"), dataNode.integer("rows")));

        String name = root.string("name");
        String version = root.string("version");
        String algorithm = root.string("algorithm");
        var metadata = root.build("", () -> new ModelMetadata(name, version, algorithm, schema, target, metrics,
                trainingData));
        double intercept = root.number("intercept");
        double[] coefficients = root.numbers("coefficients");
        return root.build("", () -> new LinearModel(metadata, intercept, coefficients));
    }
}
