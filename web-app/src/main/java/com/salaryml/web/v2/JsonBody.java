package com.salaryml.web.v2;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a V2 request body: JSON in UTF-8 only, and never more than the size limit. The protocol's binary
 * tensor extension ({@code application/octet-stream}) is not supported, so it is refused here as well.
 */
final class JsonBody {

    private JsonBody() {
    }

    static void requireJson(String contentType) throws ProtocolException {
        if (contentType == null) {
            throw new ProtocolException(415, "The request has no Content-Type; send the body as application/json.");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ProtocolException(415, "The Content-Type is " + shorten(mediaType)
                    + "; send the body as application/json (the binary tensor extension is not supported).");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2) {
                String charset = parameter[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    throw new ProtocolException(415, "The charset is " + shorten(charset)
                            + "; JSON bodies must be UTF-8.");
                }
            }
        }
    }

    /** Set on a request whose body has been read to its end. */
    private static final String READ = JsonBody.class.getName() + ".read";

    /**
     * Whether the request came with a body that was not read to its end: refused before it was read, or too
     * large. The container may then close the connection after the response, so the response must say so;
     * otherwise a client could send its next request down a connection that is closing.
     */
    static boolean unread(HttpServletRequest request) {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        return hasBody && request.getAttribute(READ) == null;
    }

    static byte[] read(HttpServletRequest request, int maxBytes) throws ProtocolException, IOException {
        // A declared length over the limit is refused before a byte is read; a body without one (chunked)
        // is read to one byte past the limit, which is enough to know it is too large.
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            // Fewer bytes than asked for means the stream ended: the body has been read to its end.
            request.setAttribute(READ, Boolean.TRUE);
            return body;
        }
    }

    private static ProtocolException tooLarge(int maxBytes) {
        return new ProtocolException(413, "The request body is larger than " + maxBytes
                + " bytes; split the rows over several requests.");
    }

    /** Caller-supplied text echoed in a message, cut short so a message stays a message. */
    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
