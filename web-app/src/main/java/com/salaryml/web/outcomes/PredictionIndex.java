package com.salaryml.web.outcomes;

import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.records.PredictionLine;
import com.salaryml.artifact.records.RecordException;
import com.salaryml.web.serving.OutcomeKey;
import com.salaryml.web.serving.PredictionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The recent predictions the prediction log took, by the outcome key the server issued and the instance's index,
 * so that an outcome reported later can be joined to what the model said; and whether each has had its outcome.
 *
 * <p>Bounded by count and by age: it holds at most {@code capacity} predictions, the oldest leaving as each new
 * one comes, and none older than {@code maxAge}. An outcome can only be given for a prediction held here, so
 * whether an outcome was given needs remembering only for these, and leaves with them: the memory of given
 * outcomes is bounded by the same limits, however long the app runs or however big its outcomes file grows.
 */
public final class PredictionIndex {

    /**
     * What was predicted for one instance.
     *
     * @param modelVersion the version of the model that predicted it
     * @param value        the estimate
     * @param low          the interval's lower bound; NaN when the model gave no interval
     * @param high         the interval's upper bound; NaN when the model gave no interval
     */
    public record Logged(String modelVersion, double value, double low, double high) {

        public boolean hasInterval() {
            return !Double.isNaN(low);
        }

        /** Whether {@code actual} falls inside the interval, bounds included; null when there is none. */
        public Boolean covers(double actual) {
            return hasInterval() ? actual >= low && actual <= high : null;
        }
    }

    /**
     * How much the index holds.
     *
     * @param capacity the most predictions held
     * @param maxAge   how long a prediction is held for its outcome
     */
    public record Limits(int capacity, Duration maxAge) {

        public Limits {
            if (capacity < 1) {
                throw new IllegalArgumentException("an index holds at least 1 prediction, was " + capacity);
            }
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("predictions are held for a positive time, was " + maxAge);
            }
        }
    }

    /** The longest line read back from the log at start; a logged prediction of a few hundred features fits. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    /** The key and index as numbers: no text per held prediction. */
    private record Key(long high, long low, int index) {

        static Key of(OutcomeKey key, int index) {
            return new Key(key.high(), key.low(), index);
        }
    }

    /** One held prediction; {@code given} is changed under the index's lock only. */
    private static final class Held {
        final Logged prediction;
        final long madeAtMillis;
        boolean given;

        Held(Logged prediction, long madeAtMillis) {
            this.prediction = prediction;
            this.madeAtMillis = madeAtMillis;
        }
    }

    /** A line read back from the log, waiting to be held once the newest of every file are known. */
    private record Read(Key key, Logged prediction, long madeAtMillis) {
    }

    private final Limits limits;
    private final Clock clock;
    /** Insertion order, which is the order predictions were made in, oldest first; guarded by this. */
    private final LinkedHashMap<Key, Held> held;
    /** Predictions that left before an outcome was given for them, by count or by age; guarded by this. */
    private long leftWithoutOutcome;

    public PredictionIndex(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.held = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
                boolean full = size() > PredictionIndex.this.limits.capacity();
                if (full && !eldest.getValue().given) {
                    leftWithoutOutcome++;
                }
                return full;
            }
        };
    }

    public Limits limits() {
        return limits;
    }

    /** Holds instance {@code index} of {@code event}, which the prediction log just took. */
    public void add(PredictionEvent event, int index) {
        Prediction prediction = event.predictions().get(index);
        Prediction.Interval interval = prediction.interval();
        put(event.outcomeKey(), index, new Logged(event.model().version(), prediction.value(),
                interval == null ? Double.NaN : interval.low(), interval == null ? Double.NaN : interval.high()),
                event.time());
    }

    public synchronized void put(OutcomeKey key, int index, Logged prediction, Instant madeAt) {
        held.put(Key.of(key, index), new Held(prediction, madeAt.toEpochMilli()));
        expire();
    }

    /**
     * The prediction an outcome may still be given for: held, younger than the age limit, and without an outcome
     * yet. Empty otherwise, for whichever reason: the caller is not told which.
     */
    public synchronized Optional<Logged> open(OutcomeKey key, int index) {
        expire();
        Held one = held.get(Key.of(key, index));
        if (one == null || one.given || one.madeAtMillis < cutoff()) {
            return Optional.empty();
        }
        return Optional.of(one.prediction);
    }

    /** Notes that the outcome of this prediction was given; nothing if it is not held. */
    synchronized void given(OutcomeKey key, int index) {
        Held one = held.get(Key.of(key, index));
        if (one != null) {
            one.given = true;
        }
    }

    public synchronized int size() {
        return held.size();
    }

    /** Predictions that left the index, full or too old, before an outcome was given for them. */
    public synchronized long leftWithoutOutcome() {
        return leftWithoutOutcome;
    }

    /** When the oldest held prediction was made; empty when none is held. */
    synchronized Optional<Instant> oldest() {
        expire();
        Iterator<Held> first = held.values().iterator();
        return first.hasNext() ? Optional.of(Instant.ofEpochMilli(first.next().madeAtMillis)) : Optional.empty();
    }

    private long cutoff() {
        return clock.millis() - limits.maxAge().toMillis();
    }

    /**
     * Removes the predictions older than the age limit from the old end. Predictions come in the order they were
     * made, give or take the few in flight at once, so one a moment out of order leaves a moment late; it is
     * never joined late, as {@link #open} checks each one's own age.
     */
    private void expire() {
        long cutoff = cutoff();
        Iterator<Held> oldest = held.values().iterator();
        while (oldest.hasNext()) {
            Held one = oldest.next();
            if (one.madeAtMillis >= cutoff) {
                return;
            }
            if (!one.given) {
                leftWithoutOutcome++;
            }
            oldest.remove();
        }
    }

    /**
     * Fills the index from the prediction log already on disk, so that an outcome reported after a restart still
     * finds its prediction. Reads only what the limits keep: the log first, then {@code <log>.1}, {@code .2} and
     * so on up to {@code <log>.<files>}, newest first, stopping once the index is full or at a file last written
     * before the age limit, whose every line is too old. Of each file only its newest lines the index still has
     * room for are held while it is read, so memory never exceeds the index's, whatever the files hold.
     *
     * <p>Lines without an outcome key (written before keys existed), without an estimate, older than the limit,
     * or unreadable (a line torn by a crash) are passed over: no outcome can be reported for them.
     *
     * @return how many logged predictions are held
     */
    public long rebuildFrom(Path log, int files) throws IOException {
        long cutoff = cutoff();
        // One string per model version, not one per line: a few versions among a hundred thousand lines.
        var versions = new java.util.HashMap<String, String>();
        var newestFirst = new ArrayDeque<ArrayDeque<Read>>();
        int room = limits.capacity();
        for (int i = 0; i <= files && room > 0; i++) {
            Path file = i == 0 ? log : log.resolveSibling(log.getFileName() + "." + i);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (Files.getLastModifiedTime(file).toMillis() < cutoff) {
                break;
            }
            var newest = new ArrayDeque<Read>();
            int keep = room;
            BoundedLines.forEach(file, MAX_LINE_BYTES, line -> {
                Read read = read(line, cutoff, versions);
                if (read != null) {
                    newest.addLast(read);
                    if (newest.size() > keep) {
                        newest.removeFirst();
                    }
                }
            });
            room -= newest.size();
            newestFirst.addLast(newest);
        }
        long count = 0;
        synchronized (this) {
            // Oldest file first, each oldest line first: the order they were made in, which expiry relies on.
            for (Iterator<ArrayDeque<Read>> older = newestFirst.descendingIterator(); older.hasNext(); ) {
                for (Read read : older.next()) {
                    held.put(read.key(), new Held(read.prediction(), read.madeAtMillis()));
                    count++;
                }
            }
            expire();
        }
        return count;
    }

    /** The prediction a logged line holds, if an outcome can still be given for it; else null. */
    private static Read read(String line, long cutoff, Map<String, String> versions) {
        PredictionLine.Logged read;
        try {
            read = PredictionLine.read(line);
        } catch (RecordException e) {
            return null;
        }
        if (!read.hasEstimate() || read.outcomeKey() == null || read.time() == null
                || read.time().toEpochMilli() < cutoff) {
            return null;
        }
        Optional<OutcomeKey> key = OutcomeKey.parse(read.outcomeKey());
        if (key.isEmpty()) {
            return null;
        }
        String version = versions.computeIfAbsent(read.modelVersion(), same -> same);
        return new Read(Key.of(key.get(), read.index()), new Logged(version, read.value(), read.low(), read.high()),
                read.time().toEpochMilli());
    }
}
