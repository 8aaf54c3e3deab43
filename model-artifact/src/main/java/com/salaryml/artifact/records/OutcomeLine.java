package com.salaryml.artifact.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the outcomes file: the real value reported for one logged prediction, a JSON object on one line.
 * The server writes it; a trainer joins it to the prediction log to learn from production. This record is both
 * sides; {@code docs/prediction-log.md} describes every field. Each line says its {@code record_version},
 * {@value #VERSION}; lines written before the field existed read as version 1.
 *
 * @param time         when the outcome was recorded; null when read from a line that does not say
 * @param requestId    the request whose prediction it is the outcome of
 * @param index        the instance's position in that request
 * @param actual       the real value
 * @param modelVersion the version of the model that made the prediction; null when read from a line that does not
 *                     say
 */
public record OutcomeLine(Instant time, String requestId, int index, double actual, String modelVersion) {

    /** The version of the record this library writes and the newest it reads. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    public OutcomeLine {
        Objects.requireNonNull(requestId, "requestId");
    }

    /** The line, without its line break. */
    public String json() {
        var text = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("record_version", VERSION);
            json.writeStringField("time", time.toString());
            json.writeStringField("request_id", requestId);
            json.writeNumberField("index", index);
            json.writeNumberField("actual", actual);
            json.writeStringField("model_version", modelVersion);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return text.toString();
    }

    /**
     * Reads a line of any record version up to {@value #VERSION}.
     *
     * @throws RecordException naming the field, if the line is not an outcome
     */
    public static OutcomeLine read(String line) throws RecordException {
        Lines.Header header = Lines.header(line, VERSION);
        JsonNode node = header.node();
        JsonNode actual = Lines.require(node, "actual", JsonNode::isNumber, "'actual' must be a number");
        JsonNode time = node.path("time");
        Instant at = null;
        if (time.isTextual()) {
            try {
                at = Instant.parse(time.textValue());
            } catch (java.time.format.DateTimeParseException e) {
                throw new RecordException("'time' must be an ISO-8601 instant, was \"" + time.textValue() + "\"");
            }
        }
        return new OutcomeLine(at, header.requestId(), header.index(), actual.doubleValue(),
                Lines.optionalText(node, "model_version"));
    }
}
