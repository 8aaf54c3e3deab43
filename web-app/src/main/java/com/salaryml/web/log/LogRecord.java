package com.salaryml.web.log;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.records.PredictionLine;
import com.salaryml.web.serving.ApprovalJson;
import com.salaryml.web.serving.PredictionEvent;
import java.io.IOException;

/**
 * One line of the prediction log: one predicted instance of one request, spelled by the contract's
 * {@link PredictionLine} so that the trainer reading the log back and the server writing it cannot disagree.
 */
public final class LogRecord {

    private LogRecord() {
    }

    public static void write(JsonGenerator json, PredictionEvent event, int index) throws IOException {
        ModelMetadata model = event.model();
        PredictionLine.write(json, new PredictionLine.Request(event.time(), event.requestId(),
                        event.outcomeKey().text(), event.endpoint(),
                        model.name(), model.version(), ApprovalJson.fields(event.approval())), index,
                model.schema().names(), event.inputs().get(index), model.target().name(),
                event.predictions().get(index));
    }
}
