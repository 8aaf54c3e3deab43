package com.salaryml.web.api;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.web.config.AppContext;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.Answers;
import com.salaryml.web.http.ServedModelFilter;
import com.salaryml.web.http.Problem;
import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.monitoring.DriftMonitor;
import com.salaryml.web.monitoring.DriftReport;
import com.salaryml.web.outcomes.LiveErrors;
import com.salaryml.web.outcomes.OutcomeRecording;
import com.salaryml.web.outcomes.OutcomeStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /api/v1/monitoring}: how the served model's recent inputs and predictions compare with its
 * training data, feature by feature and bin by bin (docs/monitoring.md).
 */
public final class MonitoringServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ModelMetadata meta = ServedModelFilter.served(request).predictor().metadata();
        var report = AppContext.get(getServletContext(), DriftMonitor.class).report(meta);
        if (report.isEmpty()) {
            // The model swapped between reading the registry and the monitor: the next request sees the new one.
            Problem.of(503, "The served model is changing; try again.").send(response);
            return;
        }
        Answers.madeBy(response, meta);
        OutcomeRecording recording = AppContext.get(getServletContext(), OutcomeRecording.class);
        String off = recording instanceof OutcomeRecording.Off why ? why.reason() : null;
        AppConfig config = AppContext.get(getServletContext(), AppConfig.class);
        var live = recording instanceof OutcomeRecording.On on ? on.store().live()
                : new OutcomeStore.Live(false, java.util.List.of());
        Json.write(response, HttpServletResponse.SC_OK, json -> {
            write(json, report.get());
            writeOutcomes(json, off, config.outcomeWindow(), config.maxReporterShare(), live);
        });
    }

    /**
     * The live error and coverage of each model version with outcomes in the window; {@code off} says why none
     * are recorded, or is null when they are.
     */
    static void writeOutcomes(JsonGenerator json, String off, int window, double maxReporterShare,
                              OutcomeStore.Live live) throws IOException {
        json.writeObjectFieldStart("outcomes");
        json.writeBooleanField("recording", off == null);
        // Whose figures these are: every replica's, read from the shared database, or this instance's alone.
        json.writeStringField("scope", live.fleet() ? "fleet" : "instance");
        if (off != null) {
            json.writeStringField("reason", off);
        }
        json.writeNumberField("max_outcomes", window);
        json.writeNumberField("max_reporter_share", maxReporterShare);
        json.writeObjectFieldStart("by_model_version");
        for (LiveErrors.Figures figures : live.figures()) {
            json.writeObjectFieldStart(figures.modelVersion());
            json.writeNumberField("outcomes", figures.outcomes());
            json.writeNumberField("with_interval", figures.withInterval());
            json.writeNumberField("rmse", figures.rmse());
            json.writeNumberField("mae", figures.mae());
            if (Double.isNaN(figures.coverage())) {
                json.writeNullField("interval_coverage");
            } else {
                json.writeNumberField("interval_coverage", figures.coverage());
            }
            json.writeNumberField("total", figures.total());
            // Who reported them: how much of the window each holds, so one reporter's weight is in plain view.
            json.writeObjectFieldStart("by_reporter");
            for (LiveErrors.Reporter reporter : figures.reporters()) {
                json.writeObjectFieldStart(reporter.name());
                json.writeNumberField("outcomes", reporter.outcomes());
                json.writeNumberField("share", figures.outcomes() == 0 ? 0 : (double) reporter.outcomes()
                        / figures.outcomes());
                json.writeNumberField("total", reporter.total());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** The report's fields; the OpenAPI document's example is written here too. */
    public static void write(JsonGenerator json, DriftReport report) throws IOException {
        json.writeStringField("model_name", report.model().name());
        json.writeStringField("model_version", report.model().version());
        json.writeStringField("status", report.status().id());
        if (report.reason() != null) {
            json.writeStringField("reason", report.reason());
        }
        // What each status rests on: the PSI must exceed the threshold, and the chi-square test's p-value must
        // be under the limit, the significance shared among the quantities judged.
        json.writeNumberField("threshold", report.rule().psiThreshold());
        json.writeNumberField("significance", report.rule().significance());
        json.writeNumberField("p_value_limit", report.pValueLimit());
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
            write(json, feature, report.model().schema().feature(feature.name()).filter(Feature::isCategorical));
        }
        json.writeEndObject();
        json.writeFieldName("predictions");
        write(json, report.predicted(), Optional.empty());
    }

    /** One quantity; a category's bins are its levels, named rather than given by their codes' edges. */
    private static void write(JsonGenerator json, DriftReport.Quantity quantity, Optional<Feature> category)
            throws IOException {
        json.writeStartObject();
        if (Double.isFinite(quantity.psi())) {
            json.writeNumberField("psi", quantity.psi());
        } else {
            json.writeNullField("psi");
        }
        DriftReport.ChiSquare test = quantity.chiSquare();
        if (Double.isFinite(test.pValue())) {
            json.writeNumberField("p_value", test.pValue());
            json.writeNumberField("chi_square", test.statistic());
        } else {
            json.writeNullField("p_value");
            json.writeNullField("chi_square");
        }
        json.writeNumberField("degrees_of_freedom", test.degreesOfFreedom());
        json.writeStringField("status", quantity.status().id());
        if (quantity.reason() != null) {
            json.writeStringField("reason", quantity.reason());
        }
        if (quantity.missing() != null) {
            json.writeObjectFieldStart("missing_share");
            json.writeNumberField("training", quantity.missing().training());
            json.writeNumberField("live", quantity.missing().live());
            json.writeEndObject();
        }
        json.writeArrayFieldStart("bins");
        for (int i = 0; i < quantity.bins().size(); i++) {
            DriftReport.Bin bin = quantity.bins().get(i);
            json.writeStartObject();
            if (category.isPresent()) {
                json.writeStringField("level", category.get().level(i));
            } else if (!Double.isNaN(bin.upperEdge())) {
                // The last bin has no upper end, so no upper_edge.
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
