package com.salaryml.web.api;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.http.Answers;
import com.salaryml.web.http.EntityTag;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.ServedModelFilter;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.serving.ModelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /openapi.json}: the OpenAPI document of the app and the model it serves ({@link OpenApi}). It is
 * made once per model, on the first request after a swap, and kept until the next swap: the document a client
 * reads describes the model that answers it.
 */
public final class OpenApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * The document, its tag and the model it describes; replaced whole, so no request sees one with the other's.
     * The tag is the digest of the model file's SHA-256 and of the document: it changes with the served model,
     * and with anything else that changes the document (the WAR that renders it), and every replica that serves
     * the same model with the same WAR sends the same tag.
     */
    private record Rendered(Predictor predictor, byte[] document, EntityTag tag) {
    }

    private final transient AtomicReference<Rendered> rendered = new AtomicReference<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ModelRegistry.Loaded served = ServedModelFilter.served(request);
        Predictor predictor = served.predictor();
        Rendered document = rendered.get();
        if (document == null || document.predictor() != predictor) {
            // Two requests racing after a swap may both render; either result is the same document.
            byte[] bytes = OpenApi.render(predictor);
            byte[] model = served.approval().modelSha256().getBytes(StandardCharsets.US_ASCII);
            document = new Rendered(predictor, bytes, EntityTag.of(model, bytes));
            rendered.set(document);
        }
        Answers.madeBy(response, predictor.metadata());
        // It changes with the model, so a cache must ask again; but it may keep it meanwhile, and a 304 says it holds.
        Json.sendTagged(request, response, document.document(), document.tag());
    }
}
