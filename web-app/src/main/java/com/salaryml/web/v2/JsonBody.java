package com.salaryml.web.v2;

import com.salaryml.web.JsonBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * The V2 protocol's side of {@link JsonBodies}: its refusals as {@code {"error": …}}. The protocol's binary
 * tensor extension ({@code application/octet-stream}) is not supported, and the refusal says so.
 */
final class JsonBody {

    private JsonBody() {
    }

    static void requireJson(String contentType) throws ProtocolException {
        try {
            JsonBodies.requireJson(contentType);
        } catch (JsonBodies.Refusal e) {
            String message = e.getMessage();
            if (message.startsWith("The Content-Type is")) {
                message = message.replace("; send the body as application/json.",
                        "; send the body as application/json (the binary tensor extension is not supported).");
            }
            throw new ProtocolException(e.status(), message);
        }
    }

    static boolean unread(HttpServletRequest request) {
        return JsonBodies.unread(request);
    }

    static byte[] read(HttpServletRequest request, int maxBytes) throws ProtocolException, IOException {
        try {
            return JsonBodies.read(request, maxBytes, "rows");
        } catch (JsonBodies.Refusal e) {
            throw new ProtocolException(e.status(), e.getMessage());
        }
    }

    /** Caller-supplied text echoed in a message, cut short so a message stays a message. */
    static String shorten(String text) {
        return JsonBodies.shorten(text);
    }
}
