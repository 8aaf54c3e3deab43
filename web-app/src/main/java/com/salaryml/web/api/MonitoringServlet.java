package com.salaryml.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.web.ModelRegistry;
import com.salaryml.web.monitoring.DriftMonitor;
import com.salaryml.web.monitoring.DriftReport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/v1/monitoring}: how the served model's recent inputs and predictions compare with its
 * training data, feature by feature and bin by bin (docs/monitoring.md).
 */
public final class MonitoringServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var served = ModelRegistry.of(getServletContext()).served();
        if (served.isEmpty()) {
            Problem.of(503, "No model is loaded; the server log says why.").send(response);
            return;
        }
        ModelMetadata meta = served.get().predictor().metadata();
        var report = DriftMonitor.of(getServletContext()).flatMap(monitor -> monitor.report(meta));
        if (report.isEmpty()) {
            // The model swapped between reading the registry and the monitor: the next request sees the new one.
            Problem.of(503, "The served model is changing; try again.").send(response);
            return;
        }
        response.setHeader("X-Model-Version", meta.version());
        response.setHeader("Cache-Control", "no-store");
        Json.write(response, HttpServletResponse.SC_OK, json -> write(json, report.get()));
    }

    /** The report's fields; the OpenAPI document's example is written here too. */
    public static void write(JsonGenerator json, DriftReport report) throws IOException {
        json.writeStringField("model_name", report.model().name());
        json.writeStringField("model_version", report.model().version());
        json.writeStringField("status", report.status().id());
        if (report.reason() != null) {
            json.writeStringField("reason", report.reason());
        }
        json.writeNumberField("threshold", report.threshold());
        json.writeNumberField("min_predictions", DriftReport.MIN_PREDICTIONS);
        json.writeObjectFieldStart("window");
        json.writeNumberField("predictions", report.predictions());
        json.writeStringField("started", report.started().toString());
        if (report.since().isPresent()) {
            json.writeStringField("since", report.since().get().toString());
        }
        json.writeNumberField("max_predictions", report.limits().predictions());
        json.writeNumberField("max_hours", report.limits().age().toHours());
        json.writeEndObject();
        json.writeObjectFieldStart("features");
        for (DriftReport.Quantity feature : report.features()) {
            json.writeFieldName(feature.name());
            write(json, feature);
        }
        json.writeEndObject();
        json.writeFieldName("predictions");
        write(json, report.predicted());
    }

    private static void write(JsonGenerator json, DriftReport.Quantity quantity) throws IOException {
        json.writeStartObject();
        if (Double.isFinite(quantity.psi())) {
            json.writeNumberField("psi", quantity.psi());
        } else {
            json.writeNullField("psi");
        }
        json.writeStringField("status", quantity.status().id());
        if (quantity.reason() != null) {
            json.writeStringField("reason", quantity.reason());
        }
        json.writeArrayFieldStart("bins");
        for (DriftReport.Bin bin : quantity.bins()) {
            json.writeStartObject();
            // The last bin has no upper end, so no upper_edge.
            if (!Double.isNaN(bin.upperEdge())) {
                json.writeNumberField("upper_edge", bin.upperEdge());
            }
            json.writeNumberField("expected_share", bin.expectedShare());
            json.writeNumberField("live_share", bin.liveShare());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
