package com.salaryml.web.api;

import com.salaryml.web.JsonBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/** The native API's side of {@link JsonBodies}: its refusals as problem details. */
final class RequestBodies {

    /** See {@link JsonBodies#SWALLOW_BYTES}. */
    static final long SWALLOW_BYTES = JsonBodies.SWALLOW_BYTES;

    private RequestBodies() {
    }

    static void requireJson(HttpServletRequest request) throws ProblemException {
        try {
            JsonBodies.requireJson(request.getContentType());
        } catch (JsonBodies.Refusal e) {
            throw new ProblemException(e.status(), e.getMessage());
        }
    }

    static boolean unread(HttpServletRequest request) {
        return JsonBodies.unread(request);
    }

    static byte[] read(HttpServletRequest request, int maxBytes) throws ProblemException, IOException {
        try {
            return JsonBodies.read(request, maxBytes, "instances");
        } catch (JsonBodies.Refusal e) {
            throw new ProblemException(e.status(), e.getMessage());
        }
    }
}
