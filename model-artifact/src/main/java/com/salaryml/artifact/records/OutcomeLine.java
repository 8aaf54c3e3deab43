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
 * <p>Version 2 joins on {@code outcome_key}, the key the server issued with the prediction, because a caller's
 * request id can be sent again by anyone, and the outcome would then be joined to their prediction. Lines of
 * version 1 have only the request id; a reader joins them by it, as they were written.
 *
 * @param time         when the outcome was recorded; null when read from a line that does not say
 * @param outcomeKey   the key the prediction was issued, which the outcome was reported under; null on a line of
 *                     version 1
 * @param requestId    the request id of version 1 lines, which were joined by it; null from version 2 on
 * @param index        the instance's position in that request
 * @param actual       the real value
 * @param modelVersion the version of the model that made the prediction; null when read from a line that does not
 *                     say
 */
public record OutcomeLine(Instant time, String outcomeKey, String requestId, int index, double actual,
                          String modelVersion) {

    /** The version of the record this library writes and the newest it reads. */
    public static final int VERSION = 2;

    private static final JsonFactory JSON = new JsonFactory();

    /** @throws IllegalArgumentException if the line has neither key, or both: it is of one version or the other */
    public OutcomeLine {
        if ((outcomeKey == null) == (requestId == null)) {
            throw new IllegalArgumentException("an outcome line has an outcome key (version 2) or a request id"
                    + " (version 1), exactly one; was " + outcomeKey + " and " + requestId);
        }
    }

    /** An outcome as this library writes it: joined on the key the server issued. */
    public static OutcomeLine keyed(Instant time, String outcomeKey, int index, double actual, String modelVersion) {
        return new OutcomeLine(time, Objects.requireNonNull(outcomeKey, "outcomeKey"), null, index, actual,
                modelVersion);
    }

    /** Whether this line joins on the outcome key; false for a line of version 1, which joins on its request id. */
    public boolean keyed() {
        return outcomeKey != null;
    }

    /**
     * The line, without its line break.
     *
     * @throws IllegalStateException for a line of version 1, which is read but never written again
     */
    public String json() {
        if (outcomeKey == null) {
            throw new IllegalStateException("an outcome line is written with its outcome key; version 1 lines,"
                    + " joined by request id, are only read");
        }
        var text = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("record_version", VERSION);
            json.writeStringField("time", time.toString());
            json.writeStringField("outcome_key", outcomeKey);
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
        String modelVersion = Lines.optionalText(node, "model_version");
        if (header.version() >= 2) {
            return new OutcomeLine(at, Lines.requiredText(node, "outcome_key"), null, header.index(),
                    actual.doubleValue(), modelVersion);
        }
        return new OutcomeLine(at, null, Lines.requestId(node), header.index(), actual.doubleValue(), modelVersion);
    }
}
