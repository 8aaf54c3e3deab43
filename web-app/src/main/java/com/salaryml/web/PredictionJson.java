package com.salaryml.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.Prediction;
import java.io.IOException;
import java.util.List;

/** How one prediction is spelled in JSON, the same in the API's answers and in the prediction log. */
public final class PredictionJson {

    private PredictionJson() {
    }

    /**
     * Writes the value under the target's name, then {@code interval} (an object, or null, followed by
     * {@code interval_note} when {@code withNote}), {@code baseline} and {@code contributions}.
     */
    public static void writeExplained(JsonGenerator json, String target, Prediction prediction, boolean withNote)
            throws IOException {
        json.writeNumberField(target, prediction.value());
        Prediction.Interval interval = prediction.interval();
        if (interval == null) {
            json.writeNullField("interval");
            if (withNote) {
                json.writeStringField("interval_note", prediction.intervalNote());
            }
        } else {
            json.writeObjectFieldStart("interval");
            json.writeNumberField("level", interval.level());
            json.writeNumberField("low", interval.low());
            json.writeNumberField("high", interval.high());
            json.writeEndObject();
        }
        json.writeNumberField("baseline", prediction.baseline());
        json.writeObjectFieldStart("contributions");
        for (Prediction.Contribution contribution : prediction.contributions()) {
            json.writeNumberField(contribution.feature(), contribution.amount());
        }
        json.writeEndObject();
    }

    /** Writes {@code warnings}: one {@code {"feature", "message"}} per input outside the training range. */
    public static void writeWarnings(JsonGenerator json, List<Prediction.RangeWarning> warnings) throws IOException {
        json.writeArrayFieldStart("warnings");
        for (Prediction.RangeWarning warning : warnings) {
            json.writeStartObject();
            json.writeStringField("feature", warning.feature());
            json.writeStringField("message", warning.message());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
