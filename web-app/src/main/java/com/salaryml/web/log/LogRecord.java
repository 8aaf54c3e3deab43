package com.salaryml.web.log;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.web.serving.ApprovalJson;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionJson;
import java.io.IOException;
import java.util.Map;

/**
 * One line of the prediction log: one predicted instance of one request. docs/prediction-log.md describes
 * every field; a change here is a change to what a privacy review approved.
 */
final class LogRecord {

    private LogRecord() {
    }

    static void write(JsonGenerator json, PredictionEvent event, int index) throws IOException {
        ModelMetadata model = event.model();
        Map<String, Double> inputs = event.inputs().get(index);
        Prediction prediction = event.predictions().get(index);
        json.writeStartObject();
        json.writeStringField("time", event.time().toString());
        json.writeStringField("request_id", event.requestId());
        json.writeStringField("endpoint", event.endpoint());
        json.writeStringField("model_name", model.name());
        json.writeStringField("model_version", model.version());
        // Who approved the model that made this estimate, so an audit needs no other record to find out.
        ApprovalJson.write(json, event.approval(), false);
        json.writeNumberField("index", index);
        json.writeObjectFieldStart("inputs");
        // Schema order, whatever map the request was parsed into, so lines are easy to read and compare.
        for (String feature : model.schema().names()) {
            Double value = inputs.get(feature);
            if (value == null) {
                json.writeNullField(feature);
            } else {
                json.writeNumberField(feature, value);
            }
        }
        json.writeEndObject();
        json.writeObjectFieldStart("output");
        PredictionJson.writeExplained(json, model.target().name(), prediction, false);
        json.writeEndObject();
        PredictionJson.writeWarnings(json, prediction.warnings());
        json.writeEndObject();
    }
}
