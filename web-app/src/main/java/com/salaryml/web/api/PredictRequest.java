package com.salaryml.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.salaryml.artifact.FieldError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code POST /api/v1/predict} body: either one instance, {@code {"experience":2,...}}, or a batch,
 * {@code {"instances":[{...},{...}]}}. Values must be JSON numbers; a field of another type is reported
 * here, so that the model's own checks see only numbers.
 *
 * @param instances  the instances, in request order, each as field name to value
 * @param batch      whether the body was a batch, which shapes the response
 * @param typeErrors fields whose value was not a number, with their paths
 */
record PredictRequest(List<Map<String, Double>> instances, boolean batch, List<FieldError> typeErrors) {

    static final String EXAMPLE = "{\"experience\":2,\"test_score\":9,\"interview_score\":6}";

    private static final ObjectMapper MAPPER = JsonMapper.builder(Json.FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static PredictRequest parse(byte[] body, int maxBatch) throws ProblemException {
        if (body.length == 0) {
            throw new ProblemException(400, "The request body is empty; send a JSON object such as " + EXAMPLE + ".");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new ProblemException(400, "The request body is not valid JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ".");
        } catch (IOException e) {
            throw new ProblemException(400, "The request body cannot be read as UTF-8 JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new ProblemException(400, "The request body must be a JSON object such as " + EXAMPLE
                    + " or {\"instances\":[...]}.");
        }
        var typeErrors = new ArrayList<FieldError>();
        if (!root.has("instances")) {
            return new PredictRequest(List.of(instance(root, "", typeErrors)), false, typeErrors);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("instances")) {
                typeErrors.add(new FieldError(name, "is not allowed beside instances; put every input inside"
                        + " the instances"));
            }
        }
        JsonNode array = root.get("instances");
        if (!array.isArray()) {
            throw new ProblemException(Problem.invalid(List.of(new FieldError("instances",
                    "must be an array of objects, was " + kind(array)))));
        }
        if (array.isEmpty()) {
            throw new ProblemException(Problem.invalid(List.of(new FieldError("instances",
                    "is empty; send at least one instance"))));
        }
        if (array.size() > maxBatch) {
            throw new ProblemException(Problem.invalid(List.of(new FieldError("instances",
                    "holds " + array.size() + " instances; at most " + maxBatch + " are allowed per request"))));
        }
        var instances = new ArrayList<Map<String, Double>>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String path = "instances[" + i + "]";
            if (!item.isObject()) {
                typeErrors.add(new FieldError(path, "must be an object such as " + EXAMPLE + ", was " + kind(item)));
                instances.add(Map.of());
            } else {
                instances.add(instance(item, path + ".", typeErrors));
            }
        }
        return new PredictRequest(instances, true, typeErrors);
    }

    private static Map<String, Double> instance(JsonNode object, String prefix, List<FieldError> typeErrors) {
        var values = new HashMap<String, Double>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            var field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNumber()) {
                values.put(field.getKey(), value.doubleValue());
            } else {
                typeErrors.add(new FieldError(prefix + field.getKey(), "must be a number, was " + kind(value)));
            }
        }
        return values;
    }

    private static String kind(JsonNode node) {
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
