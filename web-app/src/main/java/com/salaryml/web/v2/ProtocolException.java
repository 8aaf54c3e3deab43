package com.salaryml.web.v2;

import java.util.Optional;

/**
 * Ends a V2 request with an HTTP status and a message for the caller, sent as {@code {"error": "..."}}, the
 * error shape the Open Inference Protocol defines.
 */
final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String allow;

    private ProtocolException(int status, String message, String allow) {
        // No stack trace: this is an answer to the client, not a failure of the server.
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    ProtocolException(int status, String message) {
        this(status, message, null);
    }

    static ProtocolException badRequest(String message) {
        return new ProtocolException(400, message);
    }

    /**
     * A request of more rows than {@code salary.max-batch} allows: a 413, as a body over the size limit is, since
     * both tell the client to send less at once.
     */
    static ProtocolException batchTooLarge(String message) {
        return new ProtocolException(413, message);
    }

    /** A 405, which must say in {@code Allow} what the address does accept. */
    static ProtocolException methodNotAllowed(String allow, String message) {
        return new ProtocolException(405, message, allow);
    }

    int status() {
        return status;
    }

    /** The {@code Allow} header's value, for a 405. */
    Optional<String> allow() {
        return Optional.ofNullable(allow);
    }
}
