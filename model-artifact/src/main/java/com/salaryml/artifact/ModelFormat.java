package com.salaryml.artifact;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Writes a model as a model file. The output depends on the model alone: no clock, host or path goes in,
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
            writeModel(json, model);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeModel(JsonGenerator json, LinearModel model) throws IOException {
        ModelMetadata meta = model.metadata();
        json.writeStartObject();
        json.writeStringField("format", FORMAT);
        json.writeNumberField("format_version", VERSION);
        writeIdentity(json, meta);
        json.writeNumberField("intercept", model.intercept());
        json.writeArrayFieldStart("coefficients");
        for (double coefficient : model.coefficients()) {
            json.writeNumber(coefficient);
        }
        json.writeEndArray();
        writeInterval(json, model.interval());
        writeEvidence(json, meta);
        json.writeEndObject();
    }

    /**
     * Writes, into an open JSON object, what a model is: {@code name}, {@code version}, {@code algorithm},
     * {@code hyperparameters}, {@code target} and {@code features}, spelled as in the model file. For anyone
     * who describes a model in JSON, such as a server's model endpoint.
     */
    public static void writeIdentity(JsonGenerator json, ModelMetadata meta) throws IOException {
        json.writeStringField("name", meta.name());
        json.writeStringField("version", meta.version());
        json.writeStringField("algorithm", meta.algorithm());
        json.writeObjectFieldStart("hyperparameters");
        for (var entry : meta.hyperparameters().entrySet()) {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
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
    }

    /**
     * Writes, into an open JSON object, how far to trust a model and where it came from: {@code metrics},
     * {@code coefficient_stats}, {@code training_data} and {@code provenance}, spelled as in the model file.
     */
    public static void writeEvidence(JsonGenerator json, ModelMetadata meta) throws IOException {
        writeMetrics(json, meta.metrics());
        json.writeArrayFieldStart("coefficient_stats");
        for (CoefficientStats stats : meta.coefficientStats()) {
            json.writeStartObject();
            json.writeStringField("term", stats.term());
            json.writeNumberField("estimate", stats.estimate());
            json.writeNumberField("std_error", stats.stdError());
            json.writeNumberField("t", stats.tValue());
            json.writeNumberField("p", stats.pValue());
            json.writeEndObject();
        }
        json.writeEndArray();
        writeTrainingData(json, meta.trainingData());
        writeProvenance(json, meta.provenance());
    }

    private static void writeInterval(JsonGenerator json, IntervalParameters interval) throws IOException {
        if (interval == null) {
            json.writeNullField("prediction_interval");
            return;
        }
        json.writeObjectFieldStart("prediction_interval");
        json.writeNumberField("level", interval.level());
        json.writeNumberField("t_critical", interval.tCritical());
        json.writeNumberField("residual_std_error", interval.residualStdError());
        json.writeNumberField("degrees_of_freedom", interval.degreesOfFreedom());
        json.writeArrayFieldStart("xtx_inverse");
        for (double[] row : interval.xtxInverse()) {
            json.writeArray(row, 0, row.length);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeMetrics(JsonGenerator json, Metrics metrics) throws IOException {
        json.writeObjectFieldStart("metrics");
        json.writeNumberField("r2", metrics.rSquared());
        json.writeNumberField("adjusted_r2", metrics.adjustedRSquared());
        json.writeNumberField("rmse", metrics.rmse());
        json.writeNumberField("mae", metrics.mae());
        CrossValidation cv = metrics.crossValidation();
        json.writeObjectFieldStart("cross_validation");
        json.writeStringField("method", cv.method());
        json.writeNumberField("folds", cv.folds());
        if (cv.seed() == null) {
            json.writeNullField("seed");
        } else {
            json.writeNumberField("seed", cv.seed());
        }
        json.writeNumberField("rmse", cv.rmse());
        json.writeNumberField("mae", cv.mae());
        json.writeNumberField("r2", cv.rSquared());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeTrainingData(JsonGenerator json, TrainingData data) throws IOException {
        json.writeObjectFieldStart("training_data");
        json.writeStringField("file", data.file());
        json.writeStringField("sha256", data.sha256());
        json.writeNumberField("rows", data.rows());
        json.writeObjectFieldStart("features");
        for (var entry : data.featureStats().entrySet()) {
            FeatureStats stats = entry.getValue();
            json.writeObjectFieldStart(entry.getKey());
            json.writeNumberField("min", stats.min());
            json.writeNumberField("max", stats.max());
            json.writeNumberField("mean", stats.mean());
            json.writeNumberField("std", stats.std());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeProvenance(JsonGenerator json, Provenance provenance) throws IOException {
        json.writeObjectFieldStart("provenance");
        writeNullable(json, "trained_at", provenance.trainedAt());
        json.writeStringField("project_version", provenance.projectVersion());
        json.writeStringField("smile_version", provenance.smileVersion());
        json.writeStringField("java_version", provenance.javaVersion());
        writeNullable(json, "git_commit", provenance.gitCommit());
        json.writeObjectFieldStart("options");
        for (var entry : provenance.options().entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeNullable(JsonGenerator json, String name, String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value);
        }
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
        // Format and version first: a newer file's new fields deserve "upgrade", not "unknown field".
        String format = root.string("format");
        if (!FORMAT.equals(format)) {
            throw new ModelFormatProblem("field 'format' is \"" + format + "\"; a model file has \"" + FORMAT + "\"");
        }
        long formatVersion = root.integer("format_version");
        if (formatVersion != VERSION) {
            throw new ModelFormatProblem("format_version " + formatVersion + " is not supported; this loader reads "
                    + "format_version " + VERSION + ". Upgrade model-artifact, or retrain with a matching version.");
        }
        root.allowOnly("format", "format_version", "name", "version", "algorithm", "hyperparameters", "target",
                "features", "intercept", "coefficients", "prediction_interval", "metrics", "coefficient_stats",
                "training_data", "provenance");

        JsonFields hyperNode = root.object("hyperparameters");
        var hyperparameters = new LinkedHashMap<String, Double>();
        for (String name : hyperNode.names()) {
            hyperparameters.put(name, hyperNode.number(name));
        }

        JsonFields targetNode = root.object("target");
        targetNode.allowOnly("name", "unit");
        var target = root.build("target", () -> new Target(targetNode.string("name"), targetNode.string("unit")));

        var features = new ArrayList<Feature>();
        for (JsonFields node : root.objects("features")) {
            node.allowOnly("name", "unit", "description", "min", "max");
            features.add(node.build("", () -> new Feature(node.string("name"), node.string("unit"),
                    node.string("description"), node.number("min"), node.number("max"))));
        }
        var schema = root.build("features", () -> new FeatureSchema(features));

        IntervalParameters interval = root.isAbsent("prediction_interval") ? null : interval(root);
        Metrics metrics = metrics(root);
        List<CoefficientStats> coefficientStats = coefficientStats(root);
        TrainingData trainingData = trainingData(root);
        Provenance provenance = provenance(root);

        String name = root.string("name");
        String version = root.string("version");
        String algorithm = root.string("algorithm");
        var metadata = root.build("", () -> new ModelMetadata(name, version, algorithm, hyperparameters, schema,
                target, metrics, coefficientStats, trainingData, provenance));
        double intercept = root.number("intercept");
        double[] coefficients = root.numbers("coefficients");
        return root.build("", () -> new LinearModel(metadata, intercept, coefficients, interval));
    }

    private static IntervalParameters interval(JsonFields root) {
        JsonFields node = root.object("prediction_interval");
        node.allowOnly("level", "t_critical", "residual_std_error", "degrees_of_freedom", "xtx_inverse");
        return root.build("prediction_interval", () -> new IntervalParameters(node.number("level"),
                node.number("t_critical"), node.number("residual_std_error"), node.integer("degrees_of_freedom"),
                node.matrix("xtx_inverse")));
    }

    private static Metrics metrics(JsonFields root) {
        JsonFields node = root.object("metrics");
        node.allowOnly("r2", "adjusted_r2", "rmse", "mae", "cross_validation");
        JsonFields cv = node.object("cross_validation");
        cv.allowOnly("method", "folds", "seed", "rmse", "mae", "r2");
        var crossValidation = node.build("cross_validation", () -> new CrossValidation(cv.string("method"),
                intCount("folds", cv.integer("folds")), cv.optionalInteger("seed"),
                cv.number("rmse"), cv.number("mae"), cv.number("r2")));
        return root.build("metrics", () -> new Metrics(node.number("r2"), node.number("adjusted_r2"),
                node.number("rmse"), node.number("mae"), crossValidation));
    }

    /** A whole number that must fit in an int; reported, not thrown as an ArithmeticException, when it does not. */
    private static int intCount(String name, long value) {
        if (value != (int) value) {
            throw new IllegalArgumentException(name + " must be a count, was " + value);
        }
        return (int) value;
    }

    private static List<CoefficientStats> coefficientStats(JsonFields root) {
        var result = new ArrayList<CoefficientStats>();
        for (JsonFields node : root.objects("coefficient_stats")) {
            node.allowOnly("term", "estimate", "std_error", "t", "p");
            result.add(node.build("", () -> new CoefficientStats(node.string("term"), node.number("estimate"),
                    node.number("std_error"), node.number("t"), node.number("p"))));
        }
        return result;
    }

    private static TrainingData trainingData(JsonFields root) {
        JsonFields node = root.object("training_data");
        node.allowOnly("file", "sha256", "rows", "features");
        JsonFields statsNode = node.object("features");
        Map<String, FeatureStats> stats = new LinkedHashMap<>();
        for (String feature : statsNode.names()) {
            JsonFields one = statsNode.object(feature);
            one.allowOnly("min", "max", "mean", "std");
            stats.put(feature, one.build("", () -> new FeatureStats(one.number("min"), one.number("max"),
                    one.number("mean"), one.number("std"))));
        }
        return root.build("training_data", () -> new TrainingData(node.string("file"), node.string("sha256"),
                node.integer("rows"), stats));
    }

    private static Provenance provenance(JsonFields root) {
        JsonFields node = root.object("provenance");
        node.allowOnly("trained_at", "project_version", "smile_version", "java_version", "git_commit", "options");
        JsonFields optionsNode = node.object("options");
        var options = new LinkedHashMap<String, String>();
        for (String option : optionsNode.names()) {
            options.put(option, optionsNode.string(option));
        }
        return root.build("provenance", () -> new Provenance(node.optionalString("trained_at"),
                node.string("project_version"), node.string("smile_version"), node.string("java_version"),
                node.optionalString("git_commit"), options));
    }
}
