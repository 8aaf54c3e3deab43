package com.salaryml.web.outcomes;

import com.salaryml.artifact.records.OutcomeLine;
import com.salaryml.artifact.schema.FieldError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Records the real outcomes of logged predictions: joins each to its prediction in the {@link PredictionIndex},
 * appends it durably to the outcomes file, and counts it into the {@link LiveErrors}. A batch is checked whole
 * before anything is written, so it is recorded entirely or not at all. Each outcome is given once: the keys
 * already given are read back from the file at start, so a restart does not accept a repeat.
 */
public final class OutcomeRecorder implements AutoCloseable {

    /**
     * One reported outcome.
     *
     * @param requestId the id of the request whose prediction it is the outcome of
     * @param index     the instance's position in that request, 0 for a single instance
     * @param actual    the real value, finite
     */
    public record Outcome(String requestId, int index, double actual) {

        public Outcome {
            Objects.requireNonNull(requestId, "requestId");
            if (index < 0 || !Double.isFinite(actual)) {
                throw new IllegalArgumentException("an outcome has an index from 0 and a finite actual; was index "
                        + index + ", actual " + actual);
            }
        }
    }

    /**
     * An outcome as recorded.
     *
     * @param outcome    what was reported
     * @param prediction what the model had predicted for it
     */
    public record Recorded(Outcome outcome, PredictionIndex.Logged prediction) {

        /** Whether the actual fell inside the interval; null when the prediction had none. */
        public Boolean inside() {
            return prediction.covers(outcome.actual());
        }
    }

    private final PredictionIndex index;
    private final LiveErrors live;
    private final OutcomeFile file;
    private final Clock clock;
    /** Every key an outcome was recorded for, in the file; guarded by this. */
    private final Set<OutcomeFile.Key> given;

    private OutcomeRecorder(PredictionIndex index, LiveErrors live, OutcomeFile file, Set<OutcomeFile.Key> given,
                            Clock clock) {
        this.index = index;
        this.live = live;
        this.file = file;
        this.given = given;
        this.clock = clock;
    }

    /**
     * Opens the outcomes file at {@code path}, cutting off a torn last line, and reads back which outcomes it
     * holds.
     */
    public static OutcomeRecorder open(Path path, PredictionIndex index, LiveErrors live, Clock clock)
            throws IOException {
        var given = new HashSet<OutcomeFile.Key>();
        OutcomeFile file = OutcomeFile.open(path, given);
        return new OutcomeRecorder(index, live, file, given, clock);
    }

    public Path path() {
        return file.path();
    }

    public PredictionIndex index() {
        return index;
    }

    public LiveErrors live() {
        return live;
    }

    /**
     * Records every outcome, or none.
     *
     * @param outcomes the outcomes, in request order
     * @param batch    whether they came as a batch, which is how errors name them: {@code outcomes[2].request_id}
     *                 rather than {@code request_id}
     * @throws OutcomeRefusedException if any was given before or twice, or has no prediction held for it
     * @throws IOException             if the file could not be written; nothing was recorded
     */
    public synchronized List<Recorded> record(List<Outcome> outcomes, boolean batch)
            throws OutcomeRefusedException, IOException {
        var recorded = new ArrayList<Recorded>(outcomes.size());
        var repeated = new ArrayList<FieldError>();
        var unknown = new ArrayList<FieldError>();
        Map<OutcomeFile.Key, Integer> inThisBatch = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            String field = (batch ? "outcomes[" + i + "]." : "") + "request_id";
            var key = new OutcomeFile.Key(outcome.requestId(), outcome.index());
            Integer earlier = inThisBatch.putIfAbsent(key, i);
            if (given.contains(key)) {
                repeated.add(new FieldError(field, "already has an outcome for index " + outcome.index()
                        + "; each prediction's outcome is given once"));
            } else if (earlier != null) {
                repeated.add(new FieldError(field, "is given twice for index " + outcome.index()
                        + " in this batch, also at outcomes[" + earlier + "]"));
            }
            var prediction = index.get(outcome.requestId(), outcome.index());
            if (prediction.isEmpty()) {
                unknown.add(new FieldError(field, "has no logged prediction at index " + outcome.index()
                        + ": no such request, or it was made before the app started, or it is older than the last "
                        + index.capacity() + " predictions the app holds"));
            } else {
                recorded.add(new Recorded(outcome, prediction.get()));
            }
        }
        if (!repeated.isEmpty()) {
            repeated.addAll(unknown);
            throw new OutcomeRefusedException(OutcomeRefusedException.Reason.ALREADY_GIVEN, repeated);
        }
        if (!unknown.isEmpty()) {
            throw new OutcomeRefusedException(OutcomeRefusedException.Reason.UNKNOWN_PREDICTION, unknown);
        }
        Instant now = clock.instant();
        var lines = new ArrayList<OutcomeLine>(recorded.size());
        for (Recorded each : recorded) {
            Outcome outcome = each.outcome();
            lines.add(new OutcomeLine(now, outcome.requestId(), outcome.index(), outcome.actual(),
                    each.prediction().modelVersion()));
        }
        // Written before anything is counted: an outcome the file does not hold was not recorded.
        file.append(lines);
        for (Recorded each : recorded) {
            given.add(new OutcomeFile.Key(each.outcome().requestId(), each.outcome().index()));
            live.add(each.prediction().modelVersion(), each.outcome().actual() - each.prediction().value(),
                    each.inside());
        }
        return recorded;
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
