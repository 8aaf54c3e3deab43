package com.salaryml.web.http;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON request bodies of every API: checks the content type, never reads more than the size
 * limit, and keeps track of whether a refused body was read to its end. A body it refuses is a {@link
 * Refusal} with a {@link Reason}; each API turns that into its own error format.
 */
public final class JsonBodies {

    /**
     * What every API's JSON parser accepts at the most, whatever a request tries: no deep nesting, no numbers
     * with hundreds of digits, no huge strings.
     */
    public static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(16)
            .maxNumberLength(100)
            .maxStringLength(10_000)
            .build();

    /**
     * A refused body up to this size is read and thrown away before the 413 goes out, as Tomcat's
     * maxSwallowSize does: the client is then sure to see the answer rather than a reset. Anything larger is
     * left unread.
     */
    public static final long SWALLOW_BYTES = 8L * 1024 * 1024;

    /** Set on a request whose body has been read to its end. */
    private static final String READ = JsonBodies.class.getName() + ".read";

    /** The one media type a body may have. */
    private static final String JSON = "application/json";

    /** RFC 9110's token: what a media type's names and unquoted parameter values are made of. */
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /**
     * One parameter of a media type, {@code ; name=value} or an empty {@code ;}, with optional white space; the
     * value a token or a quoted string.
     */
    private static final Pattern PARAMETER = Pattern.compile(";[ \\t]*(?:(" + TOKEN + ")[ \\t]*=[ \\t]*(" + TOKEN
            + "|\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\")[ \\t]*)?");

    /**
     * Longer Content-Type values are refused unread: no client needs one, and the parameter pattern recurses
     * once per escaped character of a quoted value.
     */
    private static final int MAX_CONTENT_TYPE = 1024;

    /** Why a body was refused, and the HTTP status that says so. */
    public enum Reason {
        /** No Content-Type header. */
        NO_CONTENT_TYPE(415),
        /** A media type other than {@code application/json}. */
        NOT_JSON(415),
        /** A charset other than UTF-8, whether or not it exists. */
        NOT_UTF8(415),
        /** A Content-Type given twice, over a kilobyte long, or whose parameters cannot be read. */
        MALFORMED_CONTENT_TYPE(400),
        /** A body larger than the limit. */
        TOO_LARGE(413),
        /** A body that ended before the length its Content-Length announced. */
        TRUNCATED(400);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** A refused body: the reason, and a message that names what was found and what to send instead. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        private final Reason reason;

        Refusal(Reason reason, String message) {
            // No stack trace: this is an answer to the client, not a failure of the server.
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }

        public int status() {
            return reason.status();
        }
    }

    private JsonBodies() {
    }

    /**
     * Refuses a request whose Content-Type is not {@code application/json} in UTF-8. It reads the raw
     * header: a container's {@code getContentType()} may parse the charset and throw on one it does not
     * know (Jetty 12.1 does) before this check could answer.
     */
    public static void requireJson(HttpServletRequest request) throws Refusal {
        Enumeration<String> headers = request.getHeaders("Content-Type");
        String first = headers.hasMoreElements() ? headers.nextElement() : null;
        if (headers.hasMoreElements()) {
            int count = 1 + Collections.list(headers).size();
            throw new Refusal(Reason.MALFORMED_CONTENT_TYPE, "The request has " + count
                    + " Content-Type headers; send one, application/json.");
        }
        requireJson(first);
    }

    /**
     * As {@link #requireJson(HttpServletRequest)}, but a body with no Content-Type at all is read as JSON. The
     * Open Inference Protocol's clients send none: Triton's {@code tritonclient.http} posts its JSON inference
     * requests without one. A type that is declared must still be JSON in UTF-8.
     */
    public static void requireJsonUnlessUndeclared(HttpServletRequest request) throws Refusal {
        if (request.getHeaders("Content-Type").hasMoreElements()) {
            requireJson(request);
        }
    }

    /** The check of {@link #requireJson(HttpServletRequest)} on one Content-Type value, or null for none. */
    static void requireJson(String contentType) throws Refusal {
        if (contentType == null) {
            throw new Refusal(Reason.NO_CONTENT_TYPE,
                    "The request has no Content-Type; send the body as application/json.");
        }
        if (contentType.equalsIgnoreCase(JSON)) {
            // What nearly every client sends: nothing to parse.
            return;
        }
        if (contentType.length() > MAX_CONTENT_TYPE) {
            throw new Refusal(Reason.MALFORMED_CONTENT_TYPE, "The Content-Type is " + contentType.length()
                    + " characters long; send application/json.");
        }
        int semicolon = contentType.indexOf(';');
        int end = semicolon < 0 ? contentType.length() : semicolon;
        String mediaType = contentType.substring(0, end).strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(JSON)) {
            throw new Refusal(Reason.NOT_JSON, "The Content-Type is "
                    + (mediaType.isEmpty() ? "empty" : shorten(mediaType)) + "; send the body as application/json.");
        }
        String charset = null;
        String charsetAsGiven = null;
        Matcher parameter = PARAMETER.matcher(contentType);
        for (int at = end; at < contentType.length(); at = parameter.end()) {
            if (!parameter.region(at, contentType.length()).lookingAt()) {
                throw new Refusal(Reason.MALFORMED_CONTENT_TYPE, "The Content-Type's parameters cannot be read at "
                        + shorten(contentType.substring(at)) + "; send application/json, or application/json;"
                        + " charset=utf-8.");
            }
            if ("charset".equalsIgnoreCase(parameter.group(1))) {
                if (charset != null) {
                    throw new Refusal(Reason.MALFORMED_CONTENT_TYPE,
                            "The Content-Type gives the charset more than once; give it once, as utf-8.");
                }
                charsetAsGiven = parameter.group(2);
                charset = unquote(charsetAsGiven);
            }
        }
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new Refusal(Reason.NOT_UTF8, "The charset is " + shorten(charsetAsGiven)
                    + "; JSON bodies must be UTF-8.");
        }
    }

    private static String unquote(String value) {
        if (!value.startsWith("\"")) {
            return value;
        }
        return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
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
     * Whether a refusal with this status must say {@code Connection: close}: when the body was not read to its
     * end, and after every 413, whose body the server will not take even when it swallowed this one. Tomcat
     * closes the connection after a 413 whatever the app says, so this keeps both containers alike.
     */
    public static boolean closesConnection(HttpServletRequest request, int status) {
        return status == 413 || unread(request);
    }

    /** What a JSON token is, as a field error names what it found: "a string", "an array", "null", .... */
    public static String kind(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_NULL -> "null";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> "not a JSON value";
        };
    }

    /**
     * Reads the whole body, refusing one over {@code maxBytes}. A declared length over the limit is refused
     * before a byte is kept; a body without one (chunked) is read to one byte past the limit.
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
            throw new Refusal(Reason.TRUNCATED, "The request body ended after " + body.length + " of the " + length
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
        return new Refusal(Reason.TOO_LARGE, "The request body is larger than " + maxBytes + " bytes; split the "
                + unit + " over several requests.");
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
