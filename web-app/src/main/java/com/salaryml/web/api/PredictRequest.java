package com.salaryml.web.api;

import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.http.JsonBodies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code POST /api/v1/predict} body: either one instance, {@code {"feature":2,...}}, or a batch,
 * {@code {"instances":[{...},{...}]}}. Values must be JSON numbers; a field of another type is reported
 * here, so that the model's own checks see only numbers.
 *
 * <p>Read with Jackson's streaming parser, token by token: no tree is built for a request.
 *
 * @param instances  the instances, in request order, each as field name to value
 * @param batch      whether the body was a batch, which shapes the response
 * @param typeErrors fields whose value was not a number, with their paths
 */
record PredictRequest(List<Map<String, Double>> instances, boolean batch, List<FieldError> typeErrors) {

    /**
     * @param example a valid instance of the model being served, as JSON, for the messages that say what to send
     *                ({@link com.salaryml.web.serving.ModelExamples#predictBody})
     */
    static PredictRequest parse(byte[] body, int maxBatch, String example) throws ProblemException {
        Body read = JsonObjectBody.read(body, example, "{\"instances\":[...]}", json -> new Body(json, example));
        return read.request(maxBatch);
    }

    /** The body's fields as read, checked against one another only once the whole object is read. */
    private static final class Body {
        final List<FieldError> typeErrors = new ArrayList<>();
        // Fields beside "instances" are errors only if "instances" turns up, so keep them until the end.
        final Map<String, Double> rootValues = new HashMap<>();
        final List<FieldError> rootErrors = new ArrayList<>();
        final List<String> rootNames = new ArrayList<>();
        List<Map<String, Double>> instances;
        ProblemException instancesProblem;

        Body(JsonParser json, String example) throws IOException {
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (!name.equals("instances")) {
                    rootNames.add(name);
                    readValue(json, value, name, "", rootValues, rootErrors);
                } else if (value != JsonToken.START_ARRAY) {
                    instancesProblem = new ProblemException(Problem.invalid(List.of(new FieldError("instances",
                            "must be an array of objects, was " + JsonBodies.kind(value)))));
                    json.skipChildren();
                } else {
                    instances = instances(json, example);
                }
            }
        }

        private List<Map<String, Double>> instances(JsonParser json, String example) throws IOException {
            var read = new ArrayList<Map<String, Double>>();
            int index = 0;
            for (JsonToken item = json.nextToken(); item != JsonToken.END_ARRAY; item = json.nextToken()) {
                String path = "instances[" + index + "]";
                if (item == JsonToken.START_OBJECT) {
                    read.add(instance(json, path + ".", typeErrors));
                } else {
                    typeErrors.add(new FieldError(path, "must be an object such as " + example + ", was "
                            + JsonBodies.kind(item)));
                    json.skipChildren();
                    read.add(Map.of());
                }
                index++;
            }
            return read;
        }

        PredictRequest request(int maxBatch) throws ProblemException {
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
            if (instances.size() > maxBatch) {
                throw new ProblemException(Problem.invalid(List.of(new FieldError("instances",
                        "holds " + instances.size() + " instances; at most " + maxBatch + " are allowed per request"))));
            }
            besides.addAll(typeErrors);
            return new PredictRequest(instances, true, besides);
        }
    }

    /** Reads one instance object, the parser on its START_OBJECT; returns its numeric fields. */
    private static Map<String, Double> instance(JsonParser json, String prefix, List<FieldError> typeErrors)
            throws IOException {
        var values = new HashMap<String, Double>(8);
        for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
            String name = json.currentName();
            readValue(json, json.nextToken(), name, prefix, values, typeErrors);
        }
        return values;
    }

    private static void readValue(JsonParser json, JsonToken value, String name, String prefix,
                                  Map<String, Double> values, List<FieldError> typeErrors) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            values.put(name, json.getDoubleValue());
        } else {
            typeErrors.add(new FieldError(prefix + name, "must be a number, was " + JsonBodies.kind(value)));
            json.skipChildren();
        }
    }
}
