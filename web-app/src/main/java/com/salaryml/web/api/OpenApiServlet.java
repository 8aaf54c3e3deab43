package com.salaryml.web.api;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.http.Answers;
import com.salaryml.web.http.ServedModelFilter;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.serving.ModelRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /openapi.json}: the OpenAPI document of the app and the model it serves ({@link OpenApi}). It is
 * made once per model, on the first request after a swap, and kept until the next swap: the document a client
 * reads describes the model that answers it.
 */
public final class OpenApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The document and the model it describes; replaced whole, so no request sees one with the other's. */
    private record Rendered(Predictor predictor, byte[] document) {
    }

    private final transient AtomicReference<Rendered> rendered = new AtomicReference<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Predictor predictor = ServedModelFilter.served(request).predictor();
        Rendered document = rendered.get();
        if (document == null || document.predictor() != predictor) {
            // Two requests racing after a swap may both render; either result is the same document.
            document = new Rendered(predictor, OpenApi.render(predictor));
            rendered.set(document);
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Answers.madeBy(response, predictor.metadata());
        // It changes with the model, so a cache must ask again; but it may keep it meanwhile.
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(document.document().length);
        response.getOutputStream().write(document.document());
    }
}
