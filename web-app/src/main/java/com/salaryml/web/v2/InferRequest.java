package com.salaryml.web.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.http.JsonBodies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A V2 inference request ({@code POST /v2/models/{name}/infer}), parsed and checked against one model's
 * schema: one input tensor per feature, each a column of N rows. A numeric feature's tensor is FP64, FP32, INT32
 * or INT64; a categorical feature's is BYTES, its elements JSON strings, as the protocol's REST API sends text.
 * Everything about the request's shape and types is checked here; the values' ranges and levels are the
 * model's to check, so that there is one place for them.
 *
 * <pre>{"id": "42", "inputs": [{"name": "a_feature", "shape": [2], "datatype": "FP64", "data": [2, 10]}, ...]}</pre>
 *
 * @param id        the request's {@code id}, if it sent one; the response echoes it
 * @param instances one map of feature name to value per row, in row order: a {@link Double} for a number, a
 *                  {@link String} for a category, as {@code Predictor.predict} takes them
 */
record InferRequest(Optional<String> id, List<Map<String, Object>> instances) {

    private static final Set<String> REQUEST_FIELDS = Set.of("id", "parameters", "inputs", "outputs");
    private static final Set<String> INPUT_FIELDS = Set.of("name", "shape", "datatype", "data", "parameters");
    private static final Set<String> OUTPUT_FIELDS = Set.of("name", "parameters");

    /**
     * Strict and bounded, with the limits every API shares: duplicate keys are an error, and no request may nest
     * deeply or send numbers with hundreds of digits. A V2 body needs a nesting depth of 5 at most.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(JsonBodies.LIMITS)
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The protocol's datatype of text, each element a JSON string in the REST API: a category's levels. */
    static final String BYTES = "BYTES";

    /** The tensor element types a numeric feature's column may be sent as. All become doubles for the model. */
    enum Datatype {
        FP64, FP32, INT32, INT64;

        static Optional<Datatype> of(String name) {
            for (Datatype type : values()) {
                if (type.name().equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }

        /** What is wrong with {@code value} as an element of this type, or null if nothing is. */
        String problem(JsonNode value) {
            if (!value.isNumber()) {
                return "must be a number, was " + kind(value);
            }
            double number = value.doubleValue();
            return switch (this) {
                // Not finite is the model's to report, with the input's valid range.
                case FP64 -> null;
                case FP32 -> Double.isFinite(number) && Math.abs(number) > Float.MAX_VALUE
                        ? "is outside the FP32 range, was " + value.asText() : null;
                case INT32 -> whole(value) && (value.isIntegralNumber() ? value.canConvertToInt()
                        : number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE)
                        ? null : "must be a whole number in the INT32 range, was " + value.asText();
                case INT64 -> whole(value) && (value.isIntegralNumber() ? value.canConvertToLong()
                        : number >= -0x1p63 && number < 0x1p63)
                        ? null : "must be a whole number in the INT64 range, was " + value.asText();
            };
        }

        private static boolean whole(JsonNode value) {
            double number = value.doubleValue();
            return value.isIntegralNumber() || (Double.isFinite(number) && number == Math.rint(number));
        }
    }

    /**
     * @param body     the request body, UTF-8 JSON
     * @param schema   the model's inputs: each must be sent exactly once, and nothing else
     * @param output   the model's one output, the only name {@code outputs} may ask for
     * @param maxBatch the most rows one request may hold
     * @param example  the start of a valid request for this model, for the messages that say what to send
     *                 ({@link com.salaryml.web.serving.ModelExamples#inferBody})
     * @throws ProtocolException a 400 that names the input, field and index at fault
     */
    static InferRequest parse(byte[] body, FeatureSchema schema, String output, int maxBatch, String example)
            throws ProtocolException {
        JsonNode root = readTree(body, example);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!REQUEST_FIELDS.contains(name)) {
                throw ProtocolException.badRequest("The request has an unknown field '" + JsonBodies.shorten(name)
                        + "'; it may hold only id, parameters, inputs and outputs.");
            }
        }
        // Optional fields may also be null: some clients serialize an unset id or parameters that way.
        Optional<String> id = Optional.empty();
        JsonNode idNode = root.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual()) {
                throw ProtocolException.badRequest("id must be a string, was " + kind(idNode) + ".");
            }
            id = Optional.of(idNode.textValue());
        }
        requireObject(root.get("parameters"), "parameters");
        JsonNode inputs = root.get("inputs");
        if (inputs == null) {
            throw ProtocolException.badRequest("The request has no inputs; send " + example + ".");
        }
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw ProtocolException.badRequest("inputs must be an array with one tensor per model input ("
                    + String.join(", ", schema.names()) + "); it was "
                    + (inputs.isArray() ? "empty." : kind(inputs) + "."));
        }
        var columns = new LinkedHashMap<String, Object[]>();
        String first = null;
        for (int i = 0; i < inputs.size(); i++) {
            Column column = column(inputs.get(i), i, schema, maxBatch);
            if (columns.containsKey(column.name())) {
                throw ProtocolException.badRequest("input '" + column.name() + "' is given twice; send each input once.");
            }
            if (first != null && column.values().length != columns.get(first).length) {
                throw ProtocolException.badRequest("input '" + column.name() + "' holds " + column.values().length
                        + " rows but input '" + first + "' holds " + columns.get(first).length
                        + "; every input must hold the same number of rows.");
            }
            if (first == null) {
                first = column.name();
            }
            columns.put(column.name(), column.values());
        }
        List<String> missing = schema.names().stream().filter(name -> !columns.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw ProtocolException.badRequest((missing.size() == 1 ? "input '" + missing.get(0) + "' is"
                    : "inputs " + quoted(missing) + " are") + " missing; the model takes "
                    + String.join(", ", schema.names()) + ".");
        }
        checkOutputs(root.get("outputs"), output);
        int rows = columns.get(first).length;
        var instances = new ArrayList<Map<String, Object>>(rows);
        for (int row = 0; row < rows; row++) {
            var instance = new HashMap<String, Object>(schema.size() * 2);
            for (var column : columns.entrySet()) {
                instance.put(column.getKey(), column.getValue()[row]);
            }
            instances.add(instance);
        }
        return new InferRequest(id, List.copyOf(instances));
    }

    private static JsonNode readTree(byte[] body, String example) throws ProtocolException {
        if (body.length == 0) {
            throw ProtocolException.badRequest("The request body is empty; send a JSON object such as " + example + ".");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw ProtocolException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ".");
        } catch (IOException e) {
            throw ProtocolException.badRequest("The request body cannot be read as UTF-8 JSON.");
        }
        if (root == null || !root.isObject()) {
            throw ProtocolException.badRequest("The request body must be a JSON object such as " + example + ".");
        }
        return root;
    }

    /** One input tensor: the feature it holds and its N values, each a {@link Double} or a {@link String}. */
    private record Column(String name, Object[] values) {
    }

    private static Column column(JsonNode input, int index, FeatureSchema schema, int maxBatch)
            throws ProtocolException {
        String where = "inputs[" + index + "]";
        if (!input.isObject()) {
            throw ProtocolException.badRequest(where + " must be an object with name, shape, datatype and data, was "
                    + kind(input) + ".");
        }
        JsonNode nameNode = input.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw ProtocolException.badRequest(where + " needs a name, one of " + String.join(", ", schema.names())
                    + (nameNode == null ? "." : "; it was " + kind(nameNode) + "."));
        }
        String name = nameNode.textValue();
        Optional<Feature> feature = schema.feature(name);
        if (feature.isEmpty()) {
            throw ProtocolException.badRequest("input '" + JsonBodies.shorten(name)
                    + "' is not an input of this model; the inputs are " + String.join(", ", schema.names()) + ".");
        }
        String label = "input '" + name + "'";
        for (Iterator<String> fields = input.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!INPUT_FIELDS.contains(field)) {
                throw ProtocolException.badRequest(label + " has an unknown field '" + JsonBodies.shorten(field)
                        + "'; an input may hold only name, shape, datatype, data and parameters.");
            }
        }
        requireObject(input.get("parameters"), label + " parameters");
        JsonNode typeNode = input.get("datatype");
        boolean categorical = feature.get().isCategorical();
        String levels = feature.get().rangeText();
        if (typeNode == null || !typeNode.isTextual()) {
            throw ProtocolException.badRequest(label + " needs a datatype: " + (categorical
                    ? "BYTES, its data " + levels + " as strings." : "FP64, FP32, INT32 or INT64."));
        }
        // A category's tensor holds text, which the protocol's only type for is BYTES; a number's holds numbers.
        Datatype datatype = categorical ? null : Datatype.of(typeNode.textValue()).orElseThrow(() ->
                ProtocolException.badRequest(label + " has datatype " + JsonBodies.shorten(typeNode.textValue())
                        + "; this input takes FP64, FP32, INT32 or INT64."));
        if (categorical && !typeNode.textValue().equals(BYTES)) {
            throw ProtocolException.badRequest(label + " has datatype " + JsonBodies.shorten(typeNode.textValue())
                    + "; it is a category, so its datatype is BYTES and its data " + levels + " as strings.");
        }
        int rows = rows(input.get("shape"), label, maxBatch);
        boolean twoDimensional = input.get("shape").size() == 2;
        JsonNode data = input.get("data");
        if (data == null || !data.isArray()) {
            throw ProtocolException.badRequest(label + " needs data, an array of " + rows
                    + (categorical ? " strings" : " numbers")
                    + (data == null ? "." : "; it was " + kind(data) + "."));
        }
        if (data.size() != rows) {
            throw ProtocolException.badRequest(miscounted(label, data, input.get("shape"), rows));
        }
        Object[] values = new Object[rows];
        for (int row = 0; row < rows; row++) {
            JsonNode value = data.get(row);
            // Row-major data may come flat, [1, 2], or nested as the shape [N, 1] says, [[1], [2]].
            if (value.isArray()) {
                if (!twoDimensional) {
                    throw ProtocolException.badRequest(label + " data[" + row + "] is an array, but shape "
                            + input.get("shape") + " has one dimension; send the values flat.");
                }
                if (value.size() != 1) {
                    throw ProtocolException.badRequest(label + " data[" + row + "] holds " + value.size()
                            + " values; shape " + input.get("shape") + " has one value per row.");
                }
                value = value.get(0);
            }
            if (categorical) {
                // Which level is the model's to check, with every other value of the request.
                if (!value.isTextual()) {
                    throw ProtocolException.badRequest(label + " data[" + row + "] must be a string, " + levels
                            + ", was " + kind(value) + ".");
                }
                values[row] = value.textValue();
                continue;
            }
            String problem = datatype.problem(value);
            if (problem != null) {
                throw ProtocolException.badRequest(label + " data[" + row + "] " + problem + ".");
            }
            values[row] = value.doubleValue();
        }
        return new Column(name, values);
    }

    /**
     * Why data whose outer array does not hold one entry per row is refused. The protocol allows tensor data
     * flat or nested as the shape says; the message counts every value however deeply the data is nested, and
     * says when the count is right but the nesting is not, e.g. shape [2, 1] with data [[2, 10]].
     */
    private static String miscounted(String label, JsonNode data, JsonNode shape, int rows) {
        long values = values(data);
        if (values != rows) {
            return label + " data holds " + values + " values but its shape " + shape + " needs " + rows + ".";
        }
        return label + " data holds the " + rows + " values its shape " + shape + " needs, but in " + data.size()
                + (data.size() == 1 ? " entry" : " entries") + " rather than one per row; send them flat"
                + (shape.size() == 2 ? ", [a, b, …], or one array per row, [[a], [b], …]." : ", [a, b, …].");
    }

    /** How many values the data holds, counting inside nested arrays. Bounded: the parser limits nesting. */
    private static long values(JsonNode data) {
        if (!data.isArray()) {
            return 1;
        }
        long count = 0;
        for (JsonNode element : data) {
            count += values(element);
        }
        return count;
    }

    /** The N of a shape [N] or [N, 1]. */
    private static int rows(JsonNode shape, String label, int maxBatch) throws ProtocolException {
        if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2) {
            throw ProtocolException.badRequest(label + " needs a shape [N] or [N, 1], N being the number of rows"
                    + (shape == null ? "." : "; it was " + JsonBodies.shorten(shape.toString()) + "."));
        }
        for (JsonNode dimension : shape) {
            if (!dimension.isIntegralNumber() || dimension.asLong(-1) < 0 || !dimension.canConvertToLong()) {
                throw ProtocolException.badRequest(label + " shape " + JsonBodies.shorten(shape.toString())
                        + " must hold whole numbers of zero or more.");
            }
        }
        if (shape.size() == 2 && shape.get(1).longValue() != 1) {
            throw ProtocolException.badRequest(label + " has shape " + shape + "; each input holds one feature,"
                    + " so its shape is [N] or [N, 1].");
        }
        long rows = shape.get(0).longValue();
        if (rows == 0) {
            throw ProtocolException.badRequest(label + " has shape " + shape + ", which holds no rows; send at least one.");
        }
        if (rows > maxBatch) {
            throw ProtocolException.batchTooLarge(label + " has shape " + shape + ": " + rows + " rows; at most "
                    + maxBatch + " are allowed per request (" + AppConfig.MAX_BATCH + "); split them over several"
                    + " requests.");
        }
        return (int) rows;
    }

    private static void checkOutputs(JsonNode outputs, String output) throws ProtocolException {
        if (outputs == null || outputs.isNull()) {
            return;
        }
        if (!outputs.isArray()) {
            throw ProtocolException.badRequest("outputs must be an array such as [{\"name\":\"" + output
                    + "\"}], was " + kind(outputs) + ".");
        }
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode requested = outputs.get(i);
            String where = "outputs[" + i + "]";
            if (!requested.isObject() || requested.get("name") == null || !requested.get("name").isTextual()) {
                throw ProtocolException.badRequest(where + " must be an object with a name, {\"name\":\"" + output
                        + "\"}.");
            }
            for (Iterator<String> fields = requested.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!OUTPUT_FIELDS.contains(field)) {
                    throw ProtocolException.badRequest(where + " has an unknown field '" + JsonBodies.shorten(field)
                            + "'; an output may hold only name and parameters.");
                }
            }
            requireObject(requested.get("parameters"), where + " parameters");
            String name = requested.get("name").textValue();
            if (!name.equals(output)) {
                throw ProtocolException.badRequest("output '" + JsonBodies.shorten(name)
                        + "' is not an output of this model; its one output is " + output + ".");
            }
        }
    }

    /** The protocol's {@code parameters} are free-form, but always an object when they are there. */
    private static void requireObject(JsonNode node, String what) throws ProtocolException {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw ProtocolException.badRequest(what + " must be an object, was " + kind(node) + ".");
        }
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(name -> "'" + name + "'").toList());
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            case NUMBER -> "a number";
            default -> "not a JSON value";
        };
    }
}
