package com.salaryml.web.outcomes;

import com.salaryml.artifact.records.OutcomeLine;
import com.salaryml.web.serving.OutcomeKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records the real outcomes of logged predictions in this replica's files: joins each to its prediction in the {@link PredictionIndex}
 * by the outcome key the server issued with it, appends it durably to the outcomes file, and counts it into the
 * {@link LiveErrors}. A batch is checked whole before anything is written, so it is recorded entirely or not at
 * all. Each outcome is given once: the index notes it, and at start the outcomes file tells the index which of
 * the predictions it holds already have theirs, so a restart does not accept a repeat.
 */
public final class OutcomeRecorder implements OutcomeStore {

    /**
     * The outcomes file's place and rotation.
     *
     * @param path     where outcomes are appended
     * @param maxBytes the size at which it rotates
     * @param keep     how many rotated files are kept
     */
    public record FileSettings(Path path, long maxBytes, int keep) {
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

    /** The figures this replica keeps: for the tests that look inside. */
    LiveErrors liveErrors() {
        return live;
    }

    /**
     * Records every outcome, or none, counting them in the live figures for {@code reporter}.
     *
     * @see OutcomeStore#record(List, boolean, String)
     */
    @Override
    public synchronized List<Recorded> record(List<Outcome> outcomes, boolean batch, String reporter)
            throws OutcomeRefusedException, OutcomesNotKeptException {
        OutcomeStore.refuseRepeats(outcomes, batch);
        var recorded = new ArrayList<Recorded>(outcomes.size());
        int notOpen = 0;
        for (Outcome outcome : outcomes) {
            var prediction = index.open(outcome.key(), outcome.index());
            if (prediction.isEmpty()) {
                notOpen++;
            } else {
                PredictionIndex.Logged logged = prediction.get();
                recorded.add(new Recorded(outcome, logged.modelVersion(), logged.value(),
                        logged.covers(outcome.actual())));
            }
        }
        if (notOpen > 0) {
            // Neither which ones nor how many, nor whether unknown or already given: see OutcomeRefusedException.
            throw OutcomeRefusedException.notOpen();
        }
        Instant now = clock.instant();
        var lines = new ArrayList<OutcomeLine>(recorded.size());
        for (Recorded each : recorded) {
            Outcome outcome = each.outcome();
            lines.add(OutcomeLine.keyed(now, outcome.key().text(), outcome.index(), outcome.actual(),
                    each.modelVersion()));
        }
        // Written before anything is counted: an outcome the file does not hold was not recorded.
        try {
            file.append(lines);
        } catch (IOException e) {
            throw new OutcomesNotKeptException("writing the outcomes file " + file.path() + " failed", e, false);
        }
        for (Recorded each : recorded) {
            index.given(each.outcome().key(), each.outcome().index());
            live.add(each.modelVersion(), each.outcome().actual() - each.predicted(), each.inside(), reporter);
        }
        return recorded;
    }

    @Override
    public Live live() {
        return new Live(false, live.figures());
    }

    @Override
    public Map<String, Long> recordedHere() {
        var counted = new java.util.TreeMap<String, Long>();
        live.figures().forEach(figures -> counted.put(figures.modelVersion(), figures.total()));
        return counted;
    }

    @Override
    public String describe() {
        return "the outcomes file " + file.path();
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
