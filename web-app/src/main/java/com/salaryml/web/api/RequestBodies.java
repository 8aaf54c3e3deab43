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

    /**
     * A refused body up to this size is read and thrown away before the 413 goes out, as Tomcat's
     * maxSwallowSize does: the connection then stays usable, and the client is sure to see the answer rather
     * than a reset. Anything larger is left unread and the connection closed.
     */
    static final long SWALLOW_BYTES = 8L * 1024 * 1024;

    static byte[] read(HttpServletRequest request, int maxBytes) throws ProblemException, IOException {
        long declared = request.getContentLengthLong();
        try (InputStream in = request.getInputStream()) {
            if (declared > maxBytes) {
                swallow(request, in, declared);
                throw tooLarge(maxBytes);
            }
            // With a declared length, read exactly that: the container holds the body to its Content-Length.
            byte[] body = declared >= 0 ? readDeclared(in, (int) declared) : in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                swallow(request, in, -1);
                throw tooLarge(maxBytes);
            }
            // Fewer bytes than asked for means the stream ended: the body has been read to its end.
            request.setAttribute(READ, Boolean.TRUE);
            return body;
        }
    }

    /** Reads and discards the rest of a refused body if it is small enough; marks it read if it all went. */
    private static void swallow(HttpServletRequest request, InputStream in, long declared) {
        if (declared > SWALLOW_BYTES) {
            return;
        }
        try {
            in.transferTo(new BoundedDiscard(SWALLOW_BYTES));
            request.setAttribute(READ, Boolean.TRUE);
        } catch (IOException e) {
            // Too much, or the client went away: leave it, and the connection closes after the answer.
        }
    }

    /** Discards what is written to it, and stops the copy once more than {@code limit} bytes have come. */
    private static final class BoundedDiscard extends java.io.OutputStream {
        private final long limit;
        private long count;

        BoundedDiscard(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            count += length;
            if (count > limit) {
                throw new IOException("refused body is larger than " + limit + " bytes; not reading the rest");
            }
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
