package com.salaryml.web.api;

import com.salaryml.artifact.Feature;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.web.ModelHolder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /api/v1/model}: what the served model is, what it takes, and how well it fits. */
public final class ModelServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var predictor = ModelHolder.of(getServletContext()).current();
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
            json.writeObjectFieldStart("metrics");
            json.writeNumberField("r2", meta.metrics().rSquared());
            json.writeNumberField("rmse", meta.metrics().rmse());
            json.writeNumberField("mae", meta.metrics().mae());
            json.writeEndObject();
            json.writeObjectFieldStart("training_data");
            json.writeStringField("file", meta.trainingData().file());
            json.writeStringField("sha256", meta.trainingData().sha256());
            json.writeNumberField("rows", meta.trainingData().rows());
            json.writeEndObject();
        });
    }
}
