package com.salaryml.web.api;

import com.salaryml.web.http.Json;
import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.schema.InvalidInputException;
import com.salaryml.artifact.schema.Target;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.serving.ModelExamples;
import com.salaryml.web.v2.InferAnswers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's OpenAPI 3.1 document, made for the model being served. Everything the document says about the app
 * is in a template, {@code openapi-template.json} beside this class, which a reader can read as the document it
 * is; what depends on the model is left open there and filled in here from the model alone:
 * <ul>
 *   <li>{@code {{name}}} inside a string or a key: the model's name ({@code model}, {@code Model} capitalised),
 *       {@code version}, {@code target}, {@code unit}, {@code inputs} (the features in words),
 *       {@code first_input}, {@code last_input} and the V2 {@code platform};</li>
 *   <li>an object {@code {"$generate": "name"}}: a part built from the schema, such as one property per feature,
 *       or an example, whose answer the model itself computes, through the code that writes the API's answers.</li>
 * </ul>
 * A placeholder the template uses and this class does not know fails the build's tests, as does one this class
 * offers and the template never uses.
 */
public final class OpenApi {

    static final String TEMPLATE = "openapi-template.json";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private static final String GENERATE = "$generate";

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** Read once: the template is part of the WAR and never changes while it runs. */
    private static final JsonNode TEMPLATE_TREE = readTemplate();

    /** The id of the V2 example request, echoed in its answer. */
    private static final String V2_EXAMPLE_ID = "req-1";

    private OpenApi() {
    }

    /** The document for the model {@code predictor} serves, as UTF-8 JSON, indented for people. */
    public static byte[] render(Predictor predictor) {
        JsonNode document = document(predictor);
        var printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree can always be written", e);
        }
    }

    /** The document for the model {@code predictor} serves, as a tree. */
    static JsonNode document(Predictor predictor) {
        var filler = new Filler(variables(predictor.metadata()), generators(predictor));
        JsonNode document = filler.fill(TEMPLATE_TREE.deepCopy());
        filler.requireAllUsed();
        return document;
    }

    /** The placeholders the template may use inside strings and keys, for this model. */
    static Map<String, String> variables(ModelMetadata meta) {
        List<String> names = meta.schema().names();
        var variables = new HashMap<String, String>();
        variables.put("model", meta.name());
        variables.put("Model", capitalised(meta.name()));
        variables.put("version", meta.version());
        variables.put("target", meta.target().name());
        variables.put("unit", meta.target().unit());
        variables.put("inputs", series(names));
        variables.put("first_input", names.get(0));
        variables.put("last_input", names.get(names.size() - 1));
        variables.put("platform", InferAnswers.platform(meta));
        return variables;
    }

    /** The parts the template asks for with {@code {"$generate": name}}, for this model. */
    private static Map<String, Function<String, JsonNode>> generators(Predictor predictor) {
        ModelMetadata meta = predictor.metadata();
        var generators = new LinkedHashMap<String, Function<String, JsonNode>>();
        generators.put("feature-names", name -> featureNames(meta));
        generators.put("required-features", name -> requiredFeatures(meta));
        generators.put("instance-properties", name -> instanceProperties(meta));
        generators.put("contribution-properties", name -> contributionProperties(meta));
        generators.put("page-parameters", name -> pageParameters(meta));
        generators.put("algorithms", name -> strings(ModelMetadata.ALGORITHMS));
        generators.put("interval-methods", name -> strings(List.of(IntervalParameters.OLS_EXACT,
                IntervalParameters.CONFORMAL)));
        generators.put("predict-requests", name -> predictRequests(meta));
        generators.put("predict-answers", name -> predictAnswers(predictor));
        generators.put("bad-request-answer", name -> badRequestAnswer(predictor));
        generators.put("v2-input-datatypes", name -> inputDatatypes(meta));
        generators.put("v2-input-data", name -> inputData(meta));
        generators.put("v2-infer-requests", name -> inferRequests(meta));
        generators.put("v2-infer-answer", name -> inferAnswer(predictor));
        return generators;
    }

    private static JsonNode featureNames(ModelMetadata meta) {
        return strings(meta.schema().names());
    }

    /** The features an instance must hold: those whose missing value is refused rather than filled in. */
    private static JsonNode requiredFeatures(ModelMetadata meta) {
        return strings(meta.schema().features().stream().filter(feature -> !feature.missing().fills())
                .map(Feature::name).toList());
    }

    /**
     * One property per feature: a number inside its valid range, or a category as a string, one of its levels;
     * either may also be null where the feature's rule fills in a missing value.
     */
    private static JsonNode instanceProperties(ModelMetadata meta) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        for (Feature feature : meta.schema().features()) {
            ObjectNode property = properties.putObject(feature.name());
            boolean nullable = feature.missing().fills();
            if (feature.isCategorical()) {
                type(property, "string", nullable);
                ArrayNode levels = strings(feature.levels());
                if (nullable) {
                    levels.addNull();
                }
                property.set("enum", levels);
            } else {
                type(property, "number", nullable);
                property.set("minimum", number(feature.min()));
                property.set("maximum", number(feature.max()));
            }
            property.put("description", feature.description() + ", " + feature.rangeText() + missingText(feature));
        }
        return properties;
    }

    /** OpenAPI 3.1 spells a nullable type as JSON Schema does, a list of types with "null". */
    private static void type(ObjectNode property, String type, boolean nullable) {
        if (nullable) {
            property.putArray("type").add(type).add("null");
        } else {
            property.put("type", type);
        }
    }

    /** What a missing value becomes, for a feature that fills one in; nothing for one that refuses it. */
    private static String missingText(Feature feature) {
        if (!feature.missing().fills()) {
            return "";
        }
        return ". When null or left out, " + feature.valueText(feature.missing().value()).strip() + " ("
                + feature.missing().rule().id().replace('_', ' ') + " in training) is used, and the answer warns"
                + " of it";
    }

    private static JsonNode contributionProperties(ModelMetadata meta) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        boolean log = meta.target().transform() == Target.Transform.LOG;
        for (Feature feature : meta.schema().features()) {
            properties.putObject(feature.name()).put("type", "number")
                    .put("description", log
                            ? "What " + feature.name() + " adds to the baseline on the log scale: the estimate in "
                                    + meta.target().unit() + " is multiplied by exp of it"
                            : "What " + feature.name() + " adds to the baseline, in " + meta.target().unit());
        }
        return properties;
    }

    /** The datatypes an input tensor may have: the numeric ones, and BYTES if the model has a category. */
    private static JsonNode inputDatatypes(ModelMetadata meta) {
        ArrayNode types = strings(List.of("FP64", "FP32", "INT32", "INT64"));
        if (hasCategories(meta)) {
            types.add("BYTES");
        }
        return types;
    }

    /** An input tensor's data: numbers, and, if the model has a category, strings (BYTES elements). */
    private static JsonNode inputData(ModelMetadata meta) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("type", "array");
        boolean text = hasCategories(meta);
        data.put("description", "The tensor's N values in row order: flat, [2, 10], or for shape [N, 1] one array of"
                + " one value per row, [[2], [10]]." + (text ? " A category's tensor is BYTES, its elements its"
                + " levels as strings, [\"" + firstCategory(meta).level(0) + "\"]." : ""));
        ArrayNode anyOf = data.putObject("items").putArray("anyOf");
        anyOf.addObject().put("type", "number");
        if (text) {
            anyOf.addObject().put("type", "string");
        }
        ObjectNode nested = anyOf.addObject().put("type", "array");
        if (text) {
            nested.putObject("items").putArray("type").add("number").add("string");
        } else {
            nested.putObject("items").put("type", "number");
        }
        nested.put("minItems", 1).put("maxItems", 1);
        return data;
    }

    private static boolean hasCategories(ModelMetadata meta) {
        return meta.schema().features().stream().anyMatch(Feature::isCategorical);
    }

    private static Feature firstCategory(ModelMetadata meta) {
        return meta.schema().features().stream().filter(Feature::isCategorical).findFirst().orElseThrow();
    }

    /**
     * The page's query parameters: one per feature, as typed, so any text; the page checks it. A category's is one
     * of its levels, or blank where a missing one is filled in, as the form's choices are.
     */
    private static JsonNode pageParameters(ModelMetadata meta) {
        ArrayNode parameters = JsonNodeFactory.instance.arrayNode();
        Map<String, Object> typical = ModelExamples.typicalInput(meta);
        for (Feature feature : meta.schema().features()) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", feature.name());
            parameter.put("in", "query");
            parameter.put("required", false);
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "string");
            Object example = typical.get(feature.name());
            if (feature.isCategorical()) {
                parameter.put("description", feature.description() + ", " + feature.rangeText()
                        + (feature.missing().fills() ? ", or blank for missing." : "."));
                ArrayNode levels = strings(feature.levels());
                if (feature.missing().fills()) {
                    levels.add("");
                }
                schema.set("enum", levels);
                schema.putArray("examples").add((String) example);
            } else {
                parameter.put("description", feature.description() + ", " + feature.rangeText()
                        + ", as a plain decimal number" + (feature.missing().fills() ? ", or blank for missing."
                        : "."));
                schema.putArray("examples").add(ModelExamples.plain((Double) example));
            }
            parameter.set("schema", schema);
        }
        return parameters;
    }

    /** The native API's examples: a typical instance, and a batch of it and an unusual one if there is one. */
    private static JsonNode predictRequests(ModelMetadata meta) {
        ObjectNode examples = JsonNodeFactory.instance.objectNode();
        example(examples, "single", "One instance", instance(ModelExamples.typicalInput(meta)));
        ObjectNode batch = JsonNodeFactory.instance.objectNode();
        ArrayNode instances = batch.putArray("instances");
        batchInstances(meta).forEach(instance -> instances.add(instance(instance)));
        example(examples, "batch", batchSummary(meta), batch);
        missingInstance(meta).ifPresent(missing -> example(examples, "missing", missingSummary(meta),
                instance(missing)));
        return examples;
    }

    /** The typical instance with the first input that may be missing set to null, if the model has one. */
    private static Optional<Map<String, Object>> missingInstance(ModelMetadata meta) {
        return meta.schema().features().stream().filter(feature -> feature.missing().fills()).findFirst()
                .map(feature -> {
                    var instance = new LinkedHashMap<>(ModelExamples.typicalInput(meta));
                    instance.put(feature.name(), null);
                    return instance;
                });
    }

    private static String missingSummary(ModelMetadata meta) {
        return "One instance with " + meta.schema().features().stream().filter(f -> f.missing().fills())
                .findFirst().orElseThrow().name() + " missing, filled in from training, with a warning";
    }

    /** The answers to {@link #predictRequests}, made by the model and written as the API writes them. */
    private static JsonNode predictAnswers(Predictor predictor) {
        ModelMetadata meta = predictor.metadata();
        ObjectNode answers = JsonNodeFactory.instance.objectNode();
        Prediction single = predictor.predict(ModelExamples.typicalInput(meta));
        example(answers, "single", "One instance", written(json -> PredictAnswers.writeSingle(json, meta, single, Optional.empty())));
        var request = new PredictRequest(batchInstances(meta), true, List.of());
        try {
            var batch = PredictAnswers.predictBatch(predictor, request);
            example(answers, "batch", batchSummary(meta), written(json -> PredictAnswers.writeBatch(json, meta, batch, Optional.empty())));
        } catch (ProblemException e) {
            throw new IllegalStateException("the example batch is valid by construction: " + e.getMessage(), e);
        }
        missingInstance(meta).ifPresent(missing -> {
            Prediction filled = predictor.predict(missing);
            example(answers, "missing", missingSummary(meta),
                    written(json -> PredictAnswers.writeSingle(json, meta, filled, Optional.empty())));
        });
        return answers;
    }

    /**
     * The answer to an instance with its first input below its valid range and, if there are more, its last
     * missing: the model's own messages, as {@link Problem} sends them.
     */
    private static JsonNode badRequestAnswer(Predictor predictor) {
        ModelMetadata meta = predictor.metadata();
        var instance = new LinkedHashMap<>(ModelExamples.typicalInput(meta));
        List<Feature> features = meta.schema().features();
        Feature first = features.get(0);
        instance.put(first.name(), first.isCategorical() ? notALevel(first) : (Object) (first.min() - 1));
        if (features.size() > 1) {
            instance.remove(features.get(features.size() - 1).name());
        }
        try {
            meta.schema().check(instance);
        } catch (InvalidInputException e) {
            Problem problem = Problem.invalid(e.errors());
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("type", "about:blank");
            answer.put("title", problem.title());
            answer.put("status", problem.status());
            answer.put("detail", problem.detail());
            ArrayNode errors = answer.putArray("errors");
            problem.errors().forEach(error -> errors.addObject().put("field", error.field())
                    .put("message", error.message()));
            return answer;
        }
        throw new IllegalStateException("a value below the valid range is refused by construction");
    }

    /** A text that is none of a category's levels: its first level in lower case, as a careless caller sends it. */
    private static String notALevel(Feature feature) {
        String level = feature.level(0).toLowerCase(java.util.Locale.ROOT);
        return feature.code(level).isPresent() ? level + "?" : level;
    }

    /** V2's example: the batch of the native API's example, as one tensor per input. */
    private static JsonNode inferRequests(ModelMetadata meta) {
        List<Map<String, Object>> rows = batchInstances(meta);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("id", V2_EXAMPLE_ID);
        ArrayNode inputs = request.putArray("inputs");
        for (Feature feature : meta.schema().features()) {
            String name = feature.name();
            ObjectNode input = inputs.addObject();
            input.put("name", name);
            input.putArray("shape").add(rows.size());
            input.put("datatype", InferAnswers.datatype(feature));
            ArrayNode data = input.putArray("data");
            rows.forEach(row -> data.add(value(row.get(name))));
        }
        ObjectNode examples = JsonNodeFactory.instance.objectNode();
        example(examples, "two", rows.size() == 2 ? "Two instances" : "One instance", request);
        return examples;
    }

    private static JsonNode inferAnswer(Predictor predictor) {
        ModelMetadata meta = predictor.metadata();
        List<Prediction> predictions = predictor.predictAll(batchInstances(meta));
        return written(json -> InferAnswers.writeAnswer(json, meta, Optional.of(V2_EXAMPLE_ID), predictions,
                Optional.empty()));
    }

    /**
     * The typical instance, then the unusual one if the model has one; else the typical one alone. As the APIs take
     * them: a category as its level's text.
     */
    private static List<Map<String, Object>> batchInstances(ModelMetadata meta) {
        var instances = new ArrayList<Map<String, Object>>();
        instances.add(ModelExamples.typicalInput(meta));
        ModelExamples.unusual(meta).ifPresent(unusual -> instances.add(ModelExamples.asInput(meta,
                unusual.instance())));
        return instances;
    }

    private static String batchSummary(ModelMetadata meta) {
        return ModelExamples.unusual(meta)
                .map(unusual -> "A batch, the second instance with " + unusual.feature()
                        + " outside the range seen in training")
                .orElse("A batch of one instance");
    }

    private static void example(ObjectNode examples, String name, String summary, JsonNode value) {
        ObjectNode example = examples.putObject(name);
        example.put("summary", summary);
        example.set("value", value);
    }

    private static ObjectNode instance(Map<String, Object> values) {
        ObjectNode instance = JsonNodeFactory.instance.objectNode();
        values.forEach((name, value) -> instance.set(name, value(value)));
        return instance;
    }

    /** A value as the APIs take it: a category's level as a JSON string, a number as {@link #number}. */
    private static JsonNode value(Object value) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        return value instanceof String level ? TextNode.valueOf(level) : number((Double) value);
    }

    /** {@code 5} rather than {@code 5.0}, as a person writes a request. */
    private static JsonNode number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? JsonNodeFactory.instance.numberNode((long) value) : JsonNodeFactory.instance.numberNode(value);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** What a writer of the API's answers writes, as a tree. */
    private static JsonNode written(Json.Fields fields) {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        try {
            return MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("the API writes JSON", e);
        }
    }

    private static String capitalised(String name) {
        String words = name.replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** "a", "a and b", "a, b and c". */
    static String series(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static JsonNode readTemplate() {
        try (InputStream in = OpenApi.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the WAR");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(TEMPLATE + " cannot be read", e);
        }
    }

    /** Fills the template's placeholders, and keeps count of those it used. */
    private static final class Filler {

        private final Map<String, String> variables;
        private final Map<String, Function<String, JsonNode>> generators;
        private final Set<String> used = new TreeSet<>();

        Filler(Map<String, String> variables, Map<String, Function<String, JsonNode>> generators) {
            this.variables = variables;
            this.generators = generators;
        }

        JsonNode fill(JsonNode node) {
            if (node.isTextual()) {
                return TextNode.valueOf(text(node.textValue()));
            }
            if (node.isArray()) {
                ArrayNode array = (ArrayNode) node;
                for (int i = 0; i < array.size(); i++) {
                    array.set(i, fill(array.get(i)));
                }
                return array;
            }
            if (node.isObject()) {
                if (node.size() == 1 && node.has(GENERATE)) {
                    String name = node.get(GENERATE).asText();
                    Function<String, JsonNode> generator = generators.get(name);
                    if (generator == null) {
                        throw new IllegalStateException(TEMPLATE + " asks for {\"" + GENERATE + "\": \"" + name
                                + "\"}, which is none of " + generators.keySet());
                    }
                    used.add(GENERATE + ":" + name);
                    return generator.apply(name);
                }
                ObjectNode filled = JsonNodeFactory.instance.objectNode();
                for (var field : node.properties()) {
                    filled.set(text(field.getKey()), fill(field.getValue()));
                }
                return filled;
            }
            return node;
        }

        private String text(String text) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            var out = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                String value = variables.get(name);
                if (value == null) {
                    throw new IllegalStateException(TEMPLATE + " uses {{" + name + "}}, which is none of "
                            + new TreeSet<>(variables.keySet()));
                }
                used.add(name);
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            return out.toString();
        }

        /** A placeholder the template never uses is one that the code keeps for nothing, or one the template lost. */
        void requireAllUsed() {
            var offered = new TreeSet<>(variables.keySet());
            generators.keySet().forEach(name -> offered.add(GENERATE + ":" + name));
            offered.removeAll(used);
            if (!offered.isEmpty()) {
                throw new IllegalStateException(TEMPLATE + " never uses " + offered);
            }
        }
    }
}
