package com.salaryml.web.outcomes;

import com.salaryml.artifact.records.OutcomeLine;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.serving.OutcomeKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records the real outcomes of logged predictions: joins each to its prediction in the {@link PredictionIndex}
 * by the outcome key the server issued with it, appends it durably to the outcomes file, and counts it into the
 * {@link LiveErrors}. A batch is checked whole before anything is written, so it is recorded entirely or not at
 * all. Each outcome is given once: the index notes it, and at start the outcomes file tells the index which of
 * the predictions it holds already have theirs, so a restart does not accept a repeat.
 */
public final class OutcomeRecorder implements AutoCloseable {

    /**
     * One reported outcome.
     *
     * @param key    the key the prediction's answer gave
     * @param index  the instance's position in that request, 0 for a single instance
     * @param actual the real value, finite
     */
    public record Outcome(OutcomeKey key, int index, double actual) {

        public Outcome {
            Objects.requireNonNull(key, "key");
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

    /**
     * The outcomes file's place and rotation.
     *
     * @param path     where outcomes are appended
     * @param maxBytes the size at which it rotates
     * @param keep     how many rotated files are kept
     */
    public record FileSettings(Path path, long maxBytes, int keep) {
    }

    /** Which prediction an outcome is for: its key and index. */
    private record Prediction(OutcomeKey key, int index) {
    }

    private final PredictionIndex index;
    private final LiveErrors live;
    private final OutcomeFile file;
    private final Clock clock;

    private OutcomeRecorder(PredictionIndex index, LiveErrors live, OutcomeFile file, Clock clock) {
        this.index = index;
        this.live = live;
        this.file = file;
        this.clock = clock;
    }

    /**
     * Opens the outcomes file, cutting off a torn last line, and marks in {@code index} the predictions it holds
     * an outcome for. Fill the index first: only outcomes of predictions it holds are read back.
     */
    public static OutcomeRecorder open(FileSettings settings, PredictionIndex index, LiveErrors live, Clock clock)
            throws IOException {
        OutcomeFile file = OutcomeFile.open(new OutcomeFile.Settings(settings.path(), settings.maxBytes(),
                        settings.keep()), index.oldest().orElse(null),
                outcome -> OutcomeKey.parse(outcome.outcomeKey())
                        .ifPresent(key -> index.given(key, outcome.index())));
        return new OutcomeRecorder(index, live, file, clock);
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
     * @param batch    whether they came as a batch, which is how errors name them: {@code outcomes[2].outcome_key}
     *                 rather than {@code outcome_key}
     * @throws OutcomeRefusedException if the batch names one prediction twice, or any has no prediction open for
     *                                 an outcome
     * @throws IOException             if the file could not be written; nothing was recorded
     */
    public List<Recorded> record(List<Outcome> outcomes, boolean batch) throws OutcomeRefusedException, IOException {
        return record(outcomes, batch, LiveErrors.ANONYMOUS);
    }

    /**
     * Records every outcome, or none, counting them in the live figures for {@code reporter}.
     *
     * @param reporter who reported them: the caller's name in the container's realm, or
     *                 {@link LiveErrors#ANONYMOUS} where no one had to log in
     * @see #record(List, boolean)
     */
    public synchronized List<Recorded> record(List<Outcome> outcomes, boolean batch, String reporter)
            throws OutcomeRefusedException, IOException {
        var twice = new ArrayList<FieldError>();
        Map<Prediction, Integer> inThisBatch = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            // Said by position: it is about the request's own body, not about what the app holds.
            Integer earlier = inThisBatch.putIfAbsent(new Prediction(outcome.key(), outcome.index()), i);
            if (earlier != null) {
                twice.add(new FieldError((batch ? "outcomes[" + i + "]." : "") + "outcome_key", "is given twice"
                        + " for index " + outcome.index() + " in this batch, also at outcomes[" + earlier + "]"));
            }
        }
        if (!twice.isEmpty()) {
            throw new OutcomeRefusedException(OutcomeRefusedException.Reason.TWICE_IN_BATCH, twice);
        }
        var recorded = new ArrayList<Recorded>(outcomes.size());
        int notOpen = 0;
        for (Outcome outcome : outcomes) {
            var prediction = index.open(outcome.key(), outcome.index());
            if (prediction.isEmpty()) {
                notOpen++;
            } else {
                recorded.add(new Recorded(outcome, prediction.get()));
            }
        }
        if (notOpen > 0) {
            // Neither which ones nor how many, nor whether unknown or already given: see OutcomeRefusedException.
            throw new OutcomeRefusedException(OutcomeRefusedException.Reason.NOT_OPEN, List.of());
        }
        Instant now = clock.instant();
        var lines = new ArrayList<OutcomeLine>(recorded.size());
        for (Recorded each : recorded) {
            Outcome outcome = each.outcome();
            lines.add(OutcomeLine.keyed(now, outcome.key().text(), outcome.index(), outcome.actual(),
                    each.prediction().modelVersion()));
        }
        // Written before anything is counted: an outcome the file does not hold was not recorded.
        file.append(lines);
        for (Recorded each : recorded) {
            index.given(each.outcome().key(), each.outcome().index());
            live.add(each.prediction().modelVersion(), each.outcome().actual() - each.prediction().value(),
                    each.inside(), reporter);
        }
        return recorded;
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
