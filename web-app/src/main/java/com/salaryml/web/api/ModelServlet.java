package com.salaryml.web.api;

import com.salaryml.artifact.Feature;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.web.AppConfig;
import com.salaryml.web.ModelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /api/v1/model}: what the served model is, what it takes, and how well it fits. */
public final class ModelServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var predictor = ModelRegistry.of(getServletContext()).current();
        if (predictor.isEmpty()) {
            Problem.of(503, "No model is loaded; the server log says why.").send(response);
            return;
        }
        ModelMetadata meta = predictor.get().metadata();
        response.setHeader("X-Model-Version", meta.version());
        Json.write(response, HttpServletResponse.SC_OK, json -> {
            json.writeStringField("name", meta.name());
            json.writeStringField("version", meta.version());
            json.writeStringField("algorithm", meta.algorithm());
            json.writeStringField("environment", AppConfig.of(getServletContext()).stage().id());
            json.writeArrayFieldStart("available_versions");
            for (String version : ModelRegistry.of(getServletContext()).versions()) {
                json.writeString(version);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("target");
            json.writeStringField("name", meta.target().name());
            json.writeStringField("unit", meta.target().unit());
            json.writeEndObject();
            json.writeArrayFieldStart("features");
            for (Feature feature : meta.schema().features()) {
                json.writeStartObject();
                json.writeStringField("name", feature.name());
                json.writeStringField("unit", feature.unit());
                json.writeStringField("description", feature.description());
                json.writeNumberField("min", feature.min());
                json.writeNumberField("max", feature.max());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("hyperparameters");
            for (var entry : meta.hyperparameters().entrySet()) {
                json.writeNumberField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            var metrics = meta.metrics();
            var cv = metrics.crossValidation();
            json.writeObjectFieldStart("metrics");
            json.writeNumberField("r2", metrics.rSquared());
            json.writeNumberField("adjusted_r2", metrics.adjustedRSquared());
            json.writeNumberField("rmse", metrics.rmse());
            json.writeNumberField("mae", metrics.mae());
            json.writeObjectFieldStart("cross_validation");
            json.writeStringField("method", cv.method());
            json.writeNumberField("folds", cv.folds());
            if (cv.seed() == null) {
                json.writeNullField("seed");
            } else {
                json.writeNumberField("seed", cv.seed());
            }
            json.writeNumberField("rmse", cv.rmse());
            json.writeNumberField("mae", cv.mae());
            json.writeNumberField("r2", cv.rSquared());
            json.writeEndObject();
            json.writeEndObject();
            json.writeArrayFieldStart("coefficient_stats");
            for (var stats : meta.coefficientStats()) {
                json.writeStartObject();
                json.writeStringField("term", stats.term());
                json.writeNumberField("estimate", stats.estimate());
                json.writeNumberField("std_error", stats.stdError());
                json.writeNumberField("t", stats.tValue());
                json.writeNumberField("p", stats.pValue());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("training_data");
            json.writeStringField("file", meta.trainingData().file());
            json.writeStringField("sha256", meta.trainingData().sha256());
            json.writeNumberField("rows", meta.trainingData().rows());
            json.writeObjectFieldStart("features");
            for (var entry : meta.trainingData().featureStats().entrySet()) {
                json.writeObjectFieldStart(entry.getKey());
                json.writeNumberField("min", entry.getValue().min());
                json.writeNumberField("max", entry.getValue().max());
                json.writeNumberField("mean", entry.getValue().mean());
                json.writeNumberField("std", entry.getValue().std());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
            var provenance = meta.provenance();
            json.writeObjectFieldStart("provenance");
            json.writeStringField("trained_at", provenance.trainedAt());
            json.writeStringField("project_version", provenance.projectVersion());
            json.writeStringField("smile_version", provenance.smileVersion());
            json.writeStringField("java_version", provenance.javaVersion());
            json.writeStringField("git_commit", provenance.gitCommit());
            json.writeObjectFieldStart("options");
            for (var entry : provenance.options().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }
}
