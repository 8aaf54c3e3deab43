package com.salaryml.web.outcomes;

import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.records.PredictionLine;
import com.salaryml.artifact.records.RecordException;
import com.salaryml.web.serving.PredictionEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The most recent predictions the prediction log took, by request id and index, so that an outcome reported
 * later can be joined to what the model said. Bounded: once it holds {@code capacity} predictions, the oldest
 * leaves as each new one comes. A key logged again (a caller that reuses its request id) holds the latest
 * prediction, as training's join does.
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

    private record Key(String requestId, int index) {
    }

    private final int capacity;
    /** Insertion order, oldest first; guarded by this. */
    private final LinkedHashMap<Key, Logged> logged;

    public PredictionIndex(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an index holds at least 1 prediction, was " + capacity);
        }
        this.capacity = capacity;
        this.logged = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Logged> eldest) {
                return size() > PredictionIndex.this.capacity;
            }
        };
    }

    public int capacity() {
        return capacity;
    }

    /** Holds instance {@code index} of {@code event}, which the prediction log just took. */
    public void add(PredictionEvent event, int index) {
        Prediction prediction = event.predictions().get(index);
        Prediction.Interval interval = prediction.interval();
        put(event.requestId(), index, new Logged(event.model().version(), prediction.value(),
                interval == null ? Double.NaN : interval.low(), interval == null ? Double.NaN : interval.high()));
    }

    public synchronized void put(String requestId, int index, Logged prediction) {
        var key = new Key(requestId, index);
        // Removed first, so that a key logged again counts as the newest rather than keeping its old place.
        logged.remove(key);
        logged.put(key, prediction);
    }

    public synchronized Optional<Logged> get(String requestId, int index) {
        return Optional.ofNullable(logged.get(new Key(requestId, index)));
    }

    synchronized int size() {
        return logged.size();
    }

    /**
     * Fills the index from the prediction log already on disk, so that an outcome reported after a restart still
     * finds its prediction: the rotated files oldest first ({@code <log>.<files>} down to {@code <log>.1}), then
     * the log itself, each line as the log wrote it. Lines that are not a logged prediction (a line torn by a
     * crash) are passed over. The index keeps the latest {@code capacity} predictions, as it does while serving.
     *
     * @return how many logged predictions were read
     */
    public long rebuildFrom(Path log, int files) throws IOException {
        long read = 0;
        for (int i = files; i >= 0; i--) {
            Path file = i == 0 ? log : log.resolveSibling(log.getFileName() + "." + i);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (putLine(line)) {
                        read++;
                    }
                }
            } catch (java.nio.charset.MalformedInputException e) {
                // A line broken mid-character by a crash ends what can be read of this file.
            }
        }
        return read;
    }

    /** Holds one logged line's prediction; whether it was one. */
    private boolean putLine(String line) {
        PredictionLine.Logged read;
        try {
            read = PredictionLine.read(line);
        } catch (RecordException e) {
            return false;
        }
        if (!read.hasEstimate()) {
            return false;
        }
        put(read.requestId(), read.index(), new Logged(read.modelVersion(), read.value(), read.low(), read.high()));
        return true;
    }
}
