package com.salaryml.web.outcomes;

import com.salaryml.artifact.schema.FieldError;
import java.util.List;

/**
 * Outcomes refused as a whole, nothing recorded, for one {@link Reason}.
 *
 * <p>When an outcome has no prediction open for it, the refusal says neither which outcome, nor how many, nor
 * whether its key is unknown, too old, or already has its outcome: each of those answers, per key, would tell a
 * caller which keys exist. The keys are unguessable, so a caller who holds one got it with its prediction; but a
 * reply that sorts keys into known and unknown would still turn any batch into a probe, so it sorts nothing.
 */
public final class OutcomeRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, in the order of precedence. */
    public enum Reason {
        /**
         * The batch names one prediction (key and index) twice; {@link #errors()} names each repeat. Said first, and
         * by position, since it is about the request's body alone.
         */
        TWICE_IN_BATCH,
        /**
         * At least one outcome has no prediction open for it: no such key and index was issued, its prediction left
         * the index (too old, or the index full), the prediction log dropped it, or its outcome was given before.
         * {@link #errors()} is empty: which one is not said.
         */
        NOT_OPEN
    }

    private final Reason reason;
    private final transient List<FieldError> errors;

    /** Refused because at least one outcome has no prediction open for it; which is not said. */
    public static OutcomeRefusedException notOpen() {
        return new OutcomeRefusedException(Reason.NOT_OPEN, List.of());
    }

    OutcomeRefusedException(Reason reason, List<FieldError> errors) {
        // No stack trace: this is an answer to the caller, not a failure of the server.
        super(reason == Reason.NOT_OPEN ? "an outcome has no prediction open for it"
                : errors.size() == 1 ? errors.get(0).toString() : errors.size() + " outcomes are refused", null, false,
                false);
        this.reason = reason;
        this.errors = List.copyOf(errors);
    }

    public Reason reason() {
        return reason;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
