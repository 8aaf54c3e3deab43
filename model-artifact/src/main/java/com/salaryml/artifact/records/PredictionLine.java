package com.salaryml.artifact.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.Prediction;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the prediction log: one predicted instance of one request, a JSON object on one line. The server
 * writes it; a trainer reads it back to learn from production, and the server reads it back at start to join
 * outcomes reported later. This class is both sides, so they cannot disagree; {@code docs/prediction-log.md}
 * describes every field, and a change here is a change to what a privacy review approved.
 *
 * <p>Each line says its {@code record_version}, {@value #VERSION}. Lines written before the field existed have
 * the same fields and read as version 1.
 */
public final class PredictionLine {

    /** The version of the record this library writes and the newest it reads. */
    public static final int VERSION = 1;

    /** The fields of an {@code output} object that are not the estimate, which is named after the target. */
    private static final List<String> NOT_THE_ESTIMATE = List.of("interval", "interval_note", "baseline",
            "contributions");

    private PredictionLine() {
    }

    /**
     * What every line of one request shares.
     *
     * @param time         when the request's predictions were made
     * @param requestId    the request's id
     * @param endpoint     which API made the predictions: {@code page}, {@code v1} or {@code v2}
     * @param modelName    the name of the model that made them
     * @param modelVersion its version
     * @param approval     who approved it
     */
    public record Request(Instant time, String requestId, String endpoint, String modelName, String modelVersion,
                          ApprovalFields approval) {

        /** @throws IllegalArgumentException if a text is empty, which no reader would take back */
        public Request {
            Objects.requireNonNull(time, "time");
            requireText("requestId", requestId);
            requireText("endpoint", endpoint);
            requireText("modelName", modelName);
            requireText("modelVersion", modelVersion);
            Objects.requireNonNull(approval, "approval");
        }

        private static void requireText(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
        }
    }

    /**
     * Writes the line of instance {@code index} of a request, without the line break.
     *
     * @param features   the model's feature names, in schema order: the order of {@code inputs} in the line
     * @param inputs     the instance's inputs by feature name: a number, or a level's text for a category; a
     *                   missing one is written as null
     * @param target     the name of the model's target, under which the estimate is written
     * @param prediction what the model answered
     */
    public static void write(JsonGenerator json, Request request, int index, List<String> features,
                             Map<String, ?> inputs, String target, Prediction prediction) throws IOException {
        json.writeStartObject();
        json.writeNumberField("record_version", VERSION);
        json.writeStringField("time", request.time().toString());
        json.writeStringField("request_id", request.requestId());
        json.writeStringField("endpoint", request.endpoint());
        json.writeStringField("model_name", request.modelName());
        json.writeStringField("model_version", request.modelVersion());
        // Who approved the model that made this estimate, so an audit needs no other record to find out.
        request.approval().write(json, null);
        json.writeNumberField("index", index);
        json.writeObjectFieldStart("inputs");
        // Schema order, whatever map the request was parsed into, so lines are easy to read and compare.
        for (String feature : features) {
            Object value = inputs.get(feature);
            if (value instanceof Number number) {
                json.writeNumberField(feature, number.doubleValue());
            } else if (value instanceof String level) {
                json.writeStringField(feature, level);
            } else {
                json.writeNullField(feature);
            }
        }
        json.writeEndObject();
        json.writeObjectFieldStart("output");
        PredictionJson.writeExplained(json, target, prediction, false);
        json.writeEndObject();
        PredictionJson.writeWarnings(json, prediction.warnings());
        json.writeEndObject();
    }

    /**
     * What a line says was predicted, as a reader needs it to join an outcome or to learn from production.
     *
     * @param requestId    the request's id
     * @param index        the instance's position in its request
     * @param modelVersion the version of the model that predicted it; null if the line does not say
     * @param inputs       the inputs by feature name, in the line's order: a {@link Double}, a level's
     *                     {@link String}, or null for one that was missing
     * @param value        the estimate; NaN if the line has no {@code output} with one
     * @param low          the interval's lower bound; NaN when there is none
     * @param high         the interval's upper bound; NaN when there is none
     */
    public record Logged(String requestId, int index, String modelVersion, Map<String, Object> inputs, double value,
                         double low, double high) {

        /** Whether the line holds an estimate, which an outcome can be compared with. */
        public boolean hasEstimate() {
            return !Double.isNaN(value) && modelVersion != null;
        }
    }

    /**
     * Reads a line of any record version up to {@value #VERSION}.
     *
     * @throws RecordException naming the field, if the line is not a prediction record
     */
    public static Logged read(String line) throws RecordException {
        Lines.Header header = Lines.header(line, VERSION);
        JsonNode node = header.node();
        JsonNode inputs = Lines.require(node, "inputs", JsonNode::isObject,
                "no 'inputs' object; is this a prediction log?");
        var values = new LinkedHashMap<String, Object>();
        for (var field : inputs.properties()) {
            JsonNode value = field.getValue();
            values.put(field.getKey(), value.isNumber() ? (Object) value.doubleValue()
                    : value.isTextual() ? value.textValue() : null);
        }
        JsonNode output = node.path("output");
        double value = Double.NaN;
        for (var field : output.properties()) {
            // The estimate is the output's one number named after the model's target.
            if (!NOT_THE_ESTIMATE.contains(field.getKey()) && field.getValue().isNumber()) {
                value = field.getValue().doubleValue();
            }
        }
        JsonNode interval = output.path("interval");
        boolean hasInterval = interval.path("low").isNumber() && interval.path("high").isNumber();
        return new Logged(header.requestId(), header.index(), Lines.optionalText(node, "model_version"),
                Collections.unmodifiableMap(values), value,
                hasInterval ? interval.get("low").doubleValue() : Double.NaN,
                hasInterval ? interval.get("high").doubleValue() : Double.NaN);
    }
}
