package com.salaryml.web.api;

import com.salaryml.web.http.Json;
import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
        if (body.length == 0) {
            throw new ProblemException(400, "The request body is empty; send a JSON object such as " + example + ".");
        }
        try (JsonParser json = Json.FACTORY.createParser(body)) {
            JsonToken first = json.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new ProblemException(400, "The request body must be a JSON object such as " + example
                        + " or {\"instances\":[...]}.");
            }
            var typeErrors = new ArrayList<FieldError>();
            // Fields beside "instances" are errors only if "instances" turns up, so keep them until the end.
            var rootValues = new HashMap<String, Double>();
            var rootErrors = new ArrayList<FieldError>();
            var rootNames = new ArrayList<String>();
            List<Map<String, Double>> instances = null;
            ProblemException instancesProblem = null;
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (name.equals("instances")) {
                    if (value != JsonToken.START_ARRAY) {
                        instancesProblem = new ProblemException(Problem.invalid(List.of(new FieldError("instances",
                                "must be an array of objects, was " + JsonBodies.kind(value)))));
                        json.skipChildren();
                        continue;
                    }
                    instances = new ArrayList<>();
                    int index = 0;
                    for (JsonToken item = json.nextToken(); item != JsonToken.END_ARRAY; item = json.nextToken()) {
                        String path = "instances[" + index + "]";
                        if (item == JsonToken.START_OBJECT) {
                            instances.add(instance(json, path + ".", typeErrors));
                        } else {
                            typeErrors.add(new FieldError(path, "must be an object such as " + example + ", was "
                                    + JsonBodies.kind(item)));
                            json.skipChildren();
                            instances.add(Map.of());
                        }
                        index++;
                    }
                } else {
                    rootNames.add(name);
                    readValue(json, value, name, "", rootValues, rootErrors);
                }
            }
            if (json.nextToken() != null) {
                throw new ProblemException(400, "The request body is not valid JSON: there is more after the"
                        + " object that ends at line " + json.currentLocation().getLineNr() + ".");
            }
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
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new ProblemException(400, "The request body is not valid JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ".");
        } catch (IOException e) {
            throw new ProblemException(400, "The request body cannot be read as UTF-8 JSON.");
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
