package com.salaryml.web.outcomes;

import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.serving.OutcomeKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where reported outcomes are joined to their predictions and kept, and where the live figures come from: this
 * replica's files ({@link OutcomeRecorder}), or the database a fleet of replicas shares, which takes any outcome
 * for any replica's prediction and gives every replica the same figures.
 */
public interface OutcomeStore extends AutoCloseable {

    /** Closes what keeps the outcomes; never interrupted, so only an I/O failure is thrown. */
    @Override
    void close() throws java.io.IOException;

    /**
     * One reported outcome.
     *
     * @param key    the key the prediction's answer gave
     * @param index  the instance's position in that request, 0 for a single instance
     * @param actual the real value, finite
     */
    record Outcome(OutcomeKey key, int index, double actual) {

        public Outcome {
            Objects.requireNonNull(key, "key");
            if (index < 0 || !Double.isFinite(actual)) {
                throw new IllegalArgumentException("an outcome has an index from 0 and a finite actual; was index "
                        + index + ", actual " + actual);
            }
        }
    }

    /**
     * An outcome as recorded, with what the model had predicted for it.
     *
     * @param modelVersion the version of the model that made the prediction
     * @param predicted    its estimate
     * @param inside       whether the actual fell inside the prediction's interval; null when it had none
     */
    record Recorded(Outcome outcome, String modelVersion, double predicted, Boolean inside) {
    }

    /**
     * The live figures and whose they are.
     *
     * @param fleet   whether they are the whole fleet's, read from the database, rather than this replica's own
     * @param figures by model version
     */
    record Live(boolean fleet, List<LiveErrors.Figures> figures) {
        public Live {
            figures = List.copyOf(figures);
        }
    }

    /**
     * Records every outcome, or none.
     *
     * @param batch    whether they came as a batch, which is how errors name them: {@code outcomes[2].outcome_key}
     *                 rather than {@code outcome_key}
     * @param reporter who reported them: the caller's name in the container's realm, or {@link LiveErrors#ANONYMOUS}
     * @throws OutcomeRefusedException     if the batch names one prediction twice, or any has no prediction open for
     *                                     an outcome
     * @throws OutcomesNotKeptException if they could not be kept; nothing was recorded
     */
    List<Recorded> record(List<Outcome> outcomes, boolean batch, String reporter)
            throws OutcomeRefusedException, OutcomesNotKeptException;

    /** Records every outcome, or none, for nobody in particular: {@link LiveErrors#ANONYMOUS}. */
    default List<Recorded> record(List<Outcome> outcomes, boolean batch)
            throws OutcomeRefusedException, OutcomesNotKeptException {
        return record(outcomes, batch, LiveErrors.ANONYMOUS);
    }

    /** The live error and coverage of each model version with outcomes. */
    Live live();

    /** The outcomes this replica recorded since it started, by model version: what its counter counts. */
    Map<String, Long> recordedHere();

    /** Where outcomes are kept, for the log: a file's path, or the database, never a password. */
    String describe();

    /** Refuses a batch that names one prediction twice, by position: it is about the request's own body. */
    static void refuseRepeats(List<Outcome> outcomes, boolean batch) throws OutcomeRefusedException {
        record Prediction(OutcomeKey key, int index) {
        }
        var twice = new ArrayList<FieldError>();
        Map<Prediction, Integer> inThisBatch = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            Integer earlier = inThisBatch.putIfAbsent(new Prediction(outcome.key(), outcome.index()), i);
            if (earlier != null) {
                twice.add(new FieldError((batch ? "outcomes[" + i + "]." : "") + "outcome_key", "is given twice"
                        + " for index " + outcome.index() + " in this batch, also at outcomes[" + earlier + "]"));
            }
        }
        if (!twice.isEmpty()) {
            throw new OutcomeRefusedException(OutcomeRefusedException.Reason.TWICE_IN_BATCH, twice);
        }
    }
}
