package com.salaryml.web.api;

import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.JsonBodies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code POST /api/v1/predict} body: either one instance, {@code {"feature":2,...}}, or a batch,
 * {@code {"instances":[{...},{...}]}}. A numeric feature's value is a JSON number, a categorical feature's a
 * JSON string (its level), and {@code null} stands for a missing value where the feature's rule fills one in.
 * A value of another JSON type is reported here, by field, with what the feature takes; which level, which
 * range, and whether a missing value may be filled in are the model's own checks, so that there is one place
 * for them.
 *
 * <p>Read with Jackson's streaming parser, token by token: no tree is built for a request.
 *
 * @param instances  the instances, in request order, each as field name to value: a {@link Double}, a
 *                   {@link String} or {@code null}, as {@code Predictor.predict} takes them
 * @param batch      whether the body was a batch, which shapes the response
 * @param typeErrors fields whose value was of a JSON type their feature never takes, with their paths
 */
record PredictRequest(List<Map<String, Object>> instances, boolean batch, List<FieldError> typeErrors) {

    /**
     * @param example a valid instance of the model being served, as JSON, for the messages that say what to send
     *                ({@link com.salaryml.web.serving.ModelExamples#predictBody})
     * @param schema  the served model's inputs, which say what JSON type each field must have
     */
    static PredictRequest parse(byte[] body, int maxBatch, String example, FeatureSchema schema)
            throws ProblemException {
        // Every field read is kept, so a repeated name is seen here (Body, instance) without Jackson's hash sets.
        Body read = JsonObjectBody.read(Json.FACTORY_WITHOUT_DUPLICATE_CHECK, body, example, "{\"instances\":[...]}",
                json -> new Body(json, example, schema, maxBatch));
        return read.request();
    }

    /** The body's fields as read, checked against one another only once the whole object is read. */
    private static final class Body {
        final List<FieldError> typeErrors = new ArrayList<>();
        // Fields beside "instances" are errors only if "instances" turns up, so keep them until the end.
        final Map<String, Object> rootValues = new HashMap<>();
        final List<FieldError> rootErrors = new ArrayList<>();
        final List<String> rootNames = new ArrayList<>();
        final FeatureSchema schema;
        final int maxBatch;
        List<Map<String, Object>> instances;
        /** How many the batch held, counting those past the limit, which are not kept. */
        int count;
        ProblemException instancesProblem;

        Body(JsonParser json, String example, FeatureSchema schema, int maxBatch) throws IOException {
            this.schema = schema;
            this.maxBatch = maxBatch;
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                if (name.equals("instances") ? instances != null || instancesProblem != null
                        : rootNames.contains(name)) {
                    throw JsonObjectBody.duplicate(json, name);
                }
                JsonToken value = json.nextToken();
                if (!name.equals("instances")) {
                    rootNames.add(name);
                    readValue(json, value, name, "", rootValues, rootErrors, schema);
                } else if (value != JsonToken.START_ARRAY) {
                    instancesProblem = new ProblemException(Problem.invalid(List.of(new FieldError("instances",
                            "must be an array of objects, was " + JsonBodies.kind(value)))));
                    json.skipChildren();
                } else {
                    instances = instances(json, example);
                }
            }
        }

        private List<Map<String, Object>> instances(JsonParser json, String example) throws IOException {
            var read = new ArrayList<Map<String, Object>>();
            int index = 0;
            for (JsonToken item = json.nextToken(); item != JsonToken.END_ARRAY; item = json.nextToken()) {
                if (index >= maxBatch) {
                    // The request is refused with a 413: what lies past the limit is only counted, not kept,
                    // so a batch over it costs no more memory than one at it.
                    json.skipChildren();
                    index++;
                    continue;
                }
                String path = "instances[" + index + "]";
                if (item == JsonToken.START_OBJECT) {
                    read.add(instance(json, path + ".", typeErrors, schema));
                } else {
                    typeErrors.add(new FieldError(path, "must be an object such as " + example + ", was "
                            + JsonBodies.kind(item)));
                    json.skipChildren();
                    read.add(Map.of());
                }
                index++;
            }
            count = index;
            return read;
        }

        PredictRequest request() throws ProblemException {
            if (instances == null && instancesProblem == null) {
                return new PredictRequest(List.of(rootValues), false, rootErrors);
            }
            var besides = new ArrayList<FieldError>();
            for (String name : rootNames) {
                besides.add(new FieldError(name, "is not allowed beside instances; put every input inside the"
                        + " instances"));
            }
            if (instancesProblem != null) {
                throw instancesProblem;
            }
            if (instances.isEmpty()) {
                throw new ProblemException(Problem.invalid(List.of(new FieldError("instances",
                        "is empty; send at least one instance"))));
            }
            if (count > maxBatch) {
                throw new ProblemException(Problem.batchTooLarge("instances", count, "instances", maxBatch));
            }
            besides.addAll(typeErrors);
            return new PredictRequest(instances, true, besides);
        }
    }

    /** Reads one instance object, the parser on its START_OBJECT; returns its fields that have a usable type. */
    private static Map<String, Object> instance(JsonParser json, String prefix, List<FieldError> typeErrors,
                                                FeatureSchema schema) throws IOException {
        var values = new HashMap<String, Object>(8);
        int errorsBefore = typeErrors.size();
        for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
            String name = json.currentName();
            if (values.containsKey(name) || reported(typeErrors, errorsBefore, prefix, name)) {
                throw JsonObjectBody.duplicate(json, name);
            }
            readValue(json, json.nextToken(), name, prefix, values, typeErrors, schema);
        }
        return values;
    }

    /** Whether this object's field {@code name} was read already and reported for its type, not kept. */
    private static boolean reported(List<FieldError> typeErrors, int from, String prefix, String name) {
        for (int i = from; i < typeErrors.size(); i++) {
            String field = typeErrors.get(i).field();
            if (field.length() == prefix.length() + name.length() && field.startsWith(prefix) && field.endsWith(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps a value the model can judge, or reports one of a JSON type its feature never takes. A field reported
     * here is left out of {@code values}, so that the model does not also call it missing.
     */
    private static void readValue(JsonParser json, JsonToken value, String name, String prefix,
                                  Map<String, Object> values, List<FieldError> typeErrors, FeatureSchema schema)
            throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            // A number for a category is kept too: the model's own check names its levels.
            values.put(name, json.getDoubleValue());
            return;
        }
        Feature feature = schema.feature(name).orElse(null);
        if (feature == null) {
            // Whatever its value, the model's check names it as no input of the model, and lists the inputs.
            values.put(name, null);
        } else if (feature.isCategorical() && value == JsonToken.VALUE_STRING) {
            values.put(name, json.getText());
        } else if (value == JsonToken.VALUE_NULL && (feature.isCategorical() || feature.missing().fills())) {
            // Missing: filled in where the feature's rule allows, else refused by the model naming the levels.
            values.put(name, null);
        } else {
            typeErrors.add(new FieldError(prefix + name, (feature.isCategorical()
                    ? "must be " + feature.rangeText() + ", as a string, was "
                    : "must be a number, was ") + JsonBodies.kind(value)));
        }
        json.skipChildren();
    }
}
