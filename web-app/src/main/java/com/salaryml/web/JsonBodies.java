package com.salaryml.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Reads the JSON request bodies of every API: checks the content type, never reads more than the size
 * limit, and keeps track of whether a refused body was read to its end. Each API turns a {@link Refusal}
 * into its own error format.
 */
public final class JsonBodies {

    /**
     * A refused body up to this size is read and thrown away before the 413 goes out, as Tomcat's
     * maxSwallowSize does: the connection then stays usable, and the client is sure to see the answer rather
     * than a reset. Anything larger is left unread and the connection closed.
     */
    public static final long SWALLOW_BYTES = 8L * 1024 * 1024;

    /** Set on a request whose body has been read to its end. */
    private static final String READ = JsonBodies.class.getName() + ".read";

    /** Why a body was refused: the HTTP status (413 or 415) and a message naming what was wrong. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        private final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private JsonBodies() {
    }

    /** Refuses, with 415, a content type other than {@code application/json} or a charset other than UTF-8. */
    public static void requireJson(String contentType) throws Refusal {
        if (contentType == null) {
            throw new Refusal(415, "The request has no Content-Type; send the body as application/json.");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new Refusal(415, "The Content-Type is " + shorten(mediaType) + "; send the body as application/json.");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2) {
                String charset = parameter[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    throw new Refusal(415, "The charset is " + shorten(charset) + "; JSON bodies must be UTF-8.");
                }
            }
        }
    }

    /**
     * Whether the request came with a body that was not read to its end: refused before it was read, or too
     * large to swallow. The container may then close the connection after the response, so the response must
     * say so; otherwise a client could send its next request down a connection that is closing.
     */
    public static boolean unread(HttpServletRequest request) {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        return hasBody && request.getAttribute(READ) == null;
    }

    /**
     * Reads the whole body, refusing with 413 one over {@code maxBytes}. A declared length over the limit is
     * refused before a byte is kept; a body without one (chunked) is read to one byte past the limit.
     *
     * @param unit what the caller should split the request into, for the 413 message: "instances" or "rows"
     */
    public static byte[] read(HttpServletRequest request, int maxBytes, String unit) throws Refusal, IOException {
        long declared = request.getContentLengthLong();
        try (InputStream in = request.getInputStream()) {
            if (declared > maxBytes) {
                swallow(request, in, declared);
                throw tooLarge(maxBytes, unit);
            }
            // With a declared length, read exactly that: the container holds the body to its Content-Length.
            byte[] body = declared >= 0 ? readDeclared(in, (int) declared) : in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                swallow(request, in, -1);
                throw tooLarge(maxBytes, unit);
            }
            request.setAttribute(READ, Boolean.TRUE);
            return body;
        }
    }

    private static byte[] readDeclared(InputStream in, int length) throws IOException, Refusal {
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new Refusal(400, "The request body ended after " + body.length + " of the " + length
                    + " bytes its Content-Length announced.");
        }
        return body;
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

    private static Refusal tooLarge(int maxBytes, String unit) {
        return new Refusal(413, "The request body is larger than " + maxBytes + " bytes; split the " + unit
                + " over several requests.");
    }

    /** Caller-supplied text echoed in a message, cut short so a message stays a message. */
    public static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "\u2026";
    }

    /** Discards what is written to it, and stops the copy once more than {@code limit} bytes have come. */
    private static final class BoundedDiscard extends OutputStream {
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
}
