package com.salaryml.web.outcomes;

import java.util.Objects;

/**
 * Whether the app records outcomes: with a recorder, or off for a reason the refusal of every outcome gives.
 * Start-up always leaves one of the two in the context, so the endpoints that report outcomes never meet a gap.
 */
public sealed interface OutcomeRecording {

    /** Outcomes are recorded by {@code recorder}. */
    record On(OutcomeRecorder recorder) implements OutcomeRecording {
        public On {
            Objects.requireNonNull(recorder, "recorder");
        }
    }

    /** No outcome is recorded, for {@code reason}, said in words an operator can act on. */
    record Off(String reason) implements OutcomeRecording {
        public Off {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
