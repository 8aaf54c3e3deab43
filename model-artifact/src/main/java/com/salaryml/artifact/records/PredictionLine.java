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
 * <p>Each line says its {@code record_version}, {@value #VERSION}. Version 2 added {@code outcome_key}, the
 * server-issued key an outcome is reported under; lines of version 1, and lines written before the version field
 * existed, read with no outcome key.
 */
public final class PredictionLine {

    /** The version of the record this library writes and the newest it reads. */
    public static final int VERSION = 2;

    /** The fields of an {@code output} object that are not the estimate, which is named after the target. */
    private static final List<String> NOT_THE_ESTIMATE = List.of("interval", "interval_note", "baseline",
            "contributions");

    private PredictionLine() {
    }

    /**
     * What every line of one request shares.
     *
     * @param time         when the request's predictions were made
     * @param requestId    the request's id: the caller's, for correlation; never what an outcome is joined on
     * @param outcomeKey   the key the server issued for the request's outcomes, unguessable: what an outcome is
     *                     reported and joined under, with the instance's index
     * @param endpoint     which API made the predictions: {@code page}, {@code v1} or {@code v2}
     * @param modelName    the name of the model that made them
     * @param modelVersion its version
     * @param approval     who approved it
     */
    public record Request(Instant time, String requestId, String outcomeKey, String endpoint, String modelName,
                          String modelVersion, ApprovalFields approval) {

        /** @throws IllegalArgumentException if a text is empty, which no reader would take back */
        public Request {
            Objects.requireNonNull(time, "time");
            requireText("requestId", requestId);
            requireText("outcomeKey", outcomeKey);
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
        json.writeStringField("outcome_key", request.outcomeKey());
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
     * @param time         when the prediction was made; null when the line does not say, or not as an instant
     * @param requestId    the request's id
     * @param outcomeKey   the key its outcomes are reported under; null on a line of version 1, which has none
     * @param index        the instance's position in its request
     * @param modelVersion the version of the model that predicted it; null if the line does not say
     * @param inputs       the inputs by feature name, in the line's order: a {@link Double}, a level's
     *                     {@link String}, or null for one that was missing
     * @param value        the estimate; NaN if the line has no {@code output} with one
     * @param low          the interval's lower bound; NaN when there is none
     * @param high         the interval's upper bound; NaN when there is none
     */
    public record Logged(Instant time, String requestId, String outcomeKey, int index, String modelVersion, Map<String, Object> inputs, double value,
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
        String requestId = Lines.requestId(node);
        // Version 1 had no key; from version 2 on every line has one, and a line without it is not one of ours.
        String outcomeKey = header.version() >= 2 ? Lines.requiredText(node, "outcome_key") : null;
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
        return new Logged(time(node), requestId, outcomeKey, header.index(), Lines.optionalText(node, "model_version"),
                Collections.unmodifiableMap(values), value,
                hasInterval ? interval.get("low").doubleValue() : Double.NaN,
                hasInterval ? interval.get("high").doubleValue() : Double.NaN);
    }

    /** The line's time, or null: a reader that needs it (the server's age limit) treats a line without it as old. */
    private static Instant time(JsonNode node) {
        String text = Lines.optionalText(node, "time");
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
