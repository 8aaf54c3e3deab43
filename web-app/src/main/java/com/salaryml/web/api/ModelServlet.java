package com.salaryml.web.api;

import com.salaryml.artifact.ModelFormat;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.web.AppConfig;
import com.salaryml.web.ApprovalJson;
import com.salaryml.web.ModelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/v1/model}: what the served model is, who approved it, what it takes, and how well it fits.
 */
public final class ModelServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var served = ModelRegistry.of(getServletContext()).served();
        if (served.isEmpty()) {
            Problem.of(503, "No model is loaded; the server log says why.").send(response);
            return;
        }
        ModelMetadata meta = served.get().predictor().metadata();
        response.setHeader("X-Model-Version", meta.version());
        Json.write(response, HttpServletResponse.SC_OK, json -> {
            // The model's own description, as its model file spells it, plus where and beside what it runs.
            ModelFormat.writeIdentity(json, meta);
            json.writeStringField("environment", AppConfig.of(getServletContext()).stage().id());
            json.writeArrayFieldStart("available_versions");
            for (String version : ModelRegistry.of(getServletContext()).versions()) {
                json.writeString(version);
            }
            json.writeEndArray();
            ApprovalJson.write(json, served.get().approval(), true);
            ModelFormat.writeEvidence(json, meta);
        });
    }
}
