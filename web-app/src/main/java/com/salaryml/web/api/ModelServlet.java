package com.salaryml.web.api;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.http.EntityTag;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.Answers;
import com.salaryml.web.http.ServedModelFilter;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.serving.ApprovalJson;
import com.salaryml.web.serving.ModelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/v1/model}: what the served model is, who approved it, what it takes, and how well it fits. It
 * changes only when the served model, its approval or the loaded versions do, so it carries an {@link EntityTag}
 * and {@code Cache-Control: no-cache}: a client may keep it and ask again, and gets a 304 while it holds.
 */
public final class ModelServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ModelRegistry.Loaded served = ServedModelFilter.served(request);
        ModelMetadata meta = served.predictor().metadata();
        Answers.madeBy(response, meta);
        byte[] body = Json.bytes(json -> {
            // The model's own description, as its model file spells it, plus where and beside what it runs.
            ModelFormat.writeIdentity(json, meta);
            json.writeStringField("environment", AppContext.get(getServletContext(), AppConfig.class).stage().id());
            json.writeArrayFieldStart("available_versions");
            for (String version : AppContext.get(getServletContext(), ModelRegistry.class).versions()) {
                json.writeString(version);
            }
            json.writeEndArray();
            ApprovalJson.write(json, served.approval(), true);
            ModelFormat.writeEvidence(json, meta);
        });
        // The tag is the answer's own digest: it changes with the model (its file's SHA-256 is in the answer), the
        // stage, the loaded versions and the approval, and with nothing else, so every replica agrees on it.
        Json.sendTagged(request, response, body, EntityTag.of(body));
    }
}
