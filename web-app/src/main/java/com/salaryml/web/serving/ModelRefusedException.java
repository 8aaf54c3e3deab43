package com.salaryml.web.serving;

import java.util.Objects;

/** A model the approval policy does not let this stage serve; the message says why and what to do. */
final class ModelRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    ModelRefusedException(RejectionReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    RejectionReason reason() {
        return reason;
    }
}
