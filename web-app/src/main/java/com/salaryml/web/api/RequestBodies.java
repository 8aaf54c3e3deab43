package com.salaryml.web.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads JSON request bodies: checks the content type and never reads more than the size limit. */
final class RequestBodies {

    private RequestBodies() {
    }

    static void requireJson(HttpServletRequest request) throws ProblemException {
        String contentType = request.getContentType();
        if (contentType == null) {
            throw new ProblemException(415, "The request has no Content-Type; send the body as application/json.");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ProblemException(415, "The Content-Type is " + mediaType + "; send the body as application/json.");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2) {
                String charset = parameter[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    throw new ProblemException(415, "The charset is " + charset + "; JSON bodies must be UTF-8.");
                }
            }
        }
    }

    /** Set on a request whose body has been read to its end. */
    private static final String READ = RequestBodies.class.getName() + ".read";

    /**
     * Whether the request came with a body that was not read to its end: refused before it was read, or too
     * large. The container may then close the connection after the response, so the response must say so;
     * otherwise a client could send its next request down a connection that is closing.
     */
    static boolean unread(HttpServletRequest request) {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        return hasBody && request.getAttribute(READ) == null;
    }

    static byte[] read(HttpServletRequest request, int maxBytes) throws ProblemException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = request.getInputStream()) {
            // With a declared length, read exactly that: the container holds the body to its Content-Length.
            byte[] body = declared >= 0 ? readDeclared(in, (int) declared) : in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            // Fewer bytes than asked for means the stream ended: the body has been read to its end.
            request.setAttribute(READ, Boolean.TRUE);
            return body;
        }
    }

    private static byte[] readDeclared(InputStream in, int length) throws IOException, ProblemException {
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new ProblemException(400, "The request body ended after " + body.length + " of the "
                    + length + " bytes its Content-Length announced.");
        }
        return body;
    }

    private static ProblemException tooLarge(int maxBytes) {
        return new ProblemException(413, "The request body is larger than " + maxBytes
                + " bytes; split the instances over several requests.");
    }
}
