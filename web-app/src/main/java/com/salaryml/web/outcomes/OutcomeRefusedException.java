package com.salaryml.web.outcomes;

import com.salaryml.artifact.schema.FieldError;
import java.util.List;

/**
 * Outcomes refused as a whole, nothing recorded: {@link Reason#ALREADY_GIVEN} when any was given before (or
 * twice in one batch), otherwise {@link Reason#UNKNOWN_PREDICTION}. {@link #errors()} names every outcome at
 * fault.
 */
public final class OutcomeRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, in the order of precedence. */
    public enum Reason {
        /** An outcome was already recorded for that request id and index. */
        ALREADY_GIVEN,
        /** No prediction is held for that request id and index. */
        UNKNOWN_PREDICTION
    }

    private final Reason reason;
    private final transient List<FieldError> errors;

    OutcomeRefusedException(Reason reason, List<FieldError> errors) {
        // No stack trace: this is an answer to the caller, not a failure of the server.
        super(errors.size() == 1 ? errors.get(0).toString() : errors.size() + " outcomes are refused", null, false,
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
