package com.salaryml.web.outcomes;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.serving.OutcomeKey;
import jakarta.servlet.ServletContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the app records outcomes: with a recorder, or off for a reason the refusal of every outcome gives.
 * Start-up always leaves one of the two in the context, so the endpoints that report outcomes never meet a gap.
 */
public sealed interface OutcomeRecording {

    /**
     * The key to show in a prediction's answer: only when this app records outcomes, since a key nothing can be
     * reported under would only mislead.
     */
    static Optional<OutcomeKey> shows(ServletContext context, OutcomeKey key) {
        return AppContext.get(context, OutcomeRecording.class) instanceof On ? Optional.of(key) : Optional.empty();
    }

    /** Outcomes are recorded in {@code store}: this replica's files, or the fleet's database. */
    record On(OutcomeStore store) implements OutcomeRecording {
        public On {
            Objects.requireNonNull(store, "store");
        }
    }

    /** No outcome is recorded, for {@code reason}, said in words an operator can act on. */
    record Off(String reason) implements OutcomeRecording {
        public Off {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
