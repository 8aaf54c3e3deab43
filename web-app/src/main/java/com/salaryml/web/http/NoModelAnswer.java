package com.salaryml.web.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What one endpoint answers while no model is served, in that endpoint's own format: a problem for the native
 * API, the protocol's error for V2, a page for the page. Each endpoint's package declares its answer, start-up
 * hands them to {@link ServedModelFilter} ({@link NoModelAnswers}), and the filter is the one place that asks.
 */
public interface NoModelAnswer {

    /** Whether this request cannot be answered without a model; any other request goes on to its servlet. */
    boolean needsModel(HttpServletRequest request);

    /** Writes the endpoint's answer for want of a model: a 503. */
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /** A read (GET or HEAD) needs a model and gets a 503 problem with this detail; other methods go on. */
    static NoModelAnswer problemForReads(String detail) {
        return new NoModelAnswer() {
            @Override
            public boolean needsModel(HttpServletRequest request) {
                return isRead(request);
            }

            @Override
            public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
                Problem.of(HttpServletResponse.SC_SERVICE_UNAVAILABLE, detail).refuse(request, response);
            }
        };
    }

    /** GET or HEAD: HttpServlet answers HEAD through doGet, so the two need a model alike. */
    static boolean isRead(HttpServletRequest request) {
        String method = request.getMethod();
        return method.equals("GET") || method.equals("HEAD");
    }
}
