package com.salaryml.web.outcomes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far off the model was once the real outcomes were known: over the last {@code window} outcomes of each
 * model version, the root mean squared error, the mean absolute error, and the share of actuals inside their
 * prediction interval. Also the outcomes counted since the app started, by version and by reporter.
 *
 * <p>No reporter outweighs the rest: once a reporter holds {@code maxShare} of a version's window and others
 * hold the rest, its next outcome replaces its own oldest rather than another reporter's. A reporter alone
 * fills the whole window; one that floods it beside others (to hide a drop in coverage behind planted perfect
 * outcomes, say) moves the figures by at most its share.
 */
public final class LiveErrors {

    /** Whom an outcome is counted for when no one had to log in to report it (development). */
    public static final String ANONYMOUS = "anonymous";

    /**
     * The figures of one model version.
     *
     * @param modelVersion the version whose predictions the outcomes were joined to
     * @param outcomes     how many outcomes the window holds
     * @param withInterval how many of them had an interval
     * @param rmse         root mean squared error of the window, in the target's unit
     * @param mae          mean absolute error of the window
     * @param coverage     the share of the window's actuals inside their interval; NaN when none had one
     * @param total        outcomes recorded for this version since the app started
     * @param reporters    each reporter's part, by name
     */
    public record Figures(String modelVersion, int outcomes, int withInterval, double rmse, double mae,
                          double coverage, long total, List<Reporter> reporters) {

        public Figures {
            reporters = List.copyOf(reporters);
        }
    }

    /**
     * One reporter's part of a version's outcomes.
     *
     * @param name     the caller's name in the container's realm, or {@link #ANONYMOUS}
     * @param outcomes how many of the window's outcomes are theirs
     * @param total    how many outcomes of this version they reported since the app started
     */
    public record Reporter(String name, int outcomes, long total) {
    }

    /** One counted outcome; identity matters, so that the same error twice is two entries. */
    private static final class Entry {
        final double error;
        /** 1 inside the interval, 0 outside, -1 without an interval. */
        final byte inside;
        final String reporter;

        Entry(double error, byte inside, String reporter) {
            this.error = error;
            this.inside = inside;
            this.reporter = reporter;
        }
    }

    /** The window of one version: every entry oldest first, and each reporter's own, oldest first. */
    private static final class Window {
        final LinkedHashSet<Entry> entries = new LinkedHashSet<>();
        final Map<String, ArrayDeque<Entry>> byReporter = new TreeMap<>();
        final Map<String, Long> totals = new TreeMap<>();
        long total;

        void remove(Entry entry) {
            entries.remove(entry);
            ArrayDeque<Entry> own = byReporter.get(entry.reporter);
            own.remove(entry);
            if (own.isEmpty()) {
                byReporter.remove(entry.reporter);
            }
        }

        void append(Entry entry) {
            entries.add(entry);
            byReporter.computeIfAbsent(entry.reporter, name -> new ArrayDeque<>()).addLast(entry);
        }
    }

    private final int window;
    private final double maxShare;
    /** By version, sorted so that reports list them in a stable order; guarded by this. */
    private final Map<String, Window> byVersion = new TreeMap<>();

    /** A window where one reporter may fill it all. */
    public LiveErrors(int window) {
        this(window, 1.0);
    }

    /**
     * @param window   the most recent outcomes of each version the figures are computed over
     * @param maxShare the largest share of a version's window one reporter may hold beside others, in (0, 1]
     */
    public LiveErrors(int window, double maxShare) {
        if (window < 1) {
            throw new IllegalArgumentException("an outcome window holds at least 1 outcome, was " + window);
        }
        if (!(maxShare > 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("a reporter's share of the window is above 0 and at most 1, was "
                    + maxShare);
        }
        this.window = window;
        this.maxShare = maxShare;
    }

    public int window() {
        return window;
    }

    public double maxShare() {
        return maxShare;
    }

    /** Counts one outcome reported by nobody in particular: {@link #ANONYMOUS}. */
    public void add(String modelVersion, double error, Boolean inside) {
        add(modelVersion, error, inside, ANONYMOUS);
    }

    /**
     * Counts one outcome.
     *
     * @param error    actual minus predicted
     * @param inside   whether the actual fell inside the interval; null when the prediction had none
     * @param reporter who reported it
     */
    public synchronized void add(String modelVersion, double error, Boolean inside, String reporter) {
        Window counted = byVersion.computeIfAbsent(modelVersion, version -> new Window());
        // A finite actual minus a finite estimate overflows only at the ends of the doubles: held as the largest
        // double, so the figures stay numbers.
        var entry = new Entry(Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, error)),
                inside == null ? -1 : (byte) (inside ? 1 : 0), reporter);
        ArrayDeque<Entry> own = counted.byReporter.get(reporter);
        int mine = own == null ? 0 : own.size();
        int size = counted.entries.size();
        boolean others = size > mine;
        if (others && mine > 0 && mine + 1 > maxShare * Math.min(size + 1, window)) {
            counted.remove(own.peekFirst());
        } else if (size >= window) {
            counted.remove(counted.entries.iterator().next());
        }
        counted.append(entry);
        counted.total++;
        counted.totals.merge(reporter, 1L, Long::sum);
    }

    /** The figures of every version that has outcomes, by version. */
    public synchronized List<Figures> figures() {
        var all = new ArrayList<Figures>(byVersion.size());
        for (Map.Entry<String, Window> version : byVersion.entrySet()) {
            Window counted = version.getValue();
            double[] errors = new double[counted.entries.size()];
            byte[] inside = new byte[errors.length];
            int i = 0;
            for (Entry entry : counted.entries) {
                errors[i] = entry.error;
                inside[i++] = entry.inside;
            }
            var reporters = new ArrayList<Reporter>(counted.totals.size());
            for (Map.Entry<String, Long> reporter : counted.totals.entrySet()) {
                ArrayDeque<Entry> own = counted.byReporter.get(reporter.getKey());
                reporters.add(new Reporter(reporter.getKey(), own == null ? 0 : own.size(), reporter.getValue()));
            }
            all.add(summarize(version.getKey(), errors, inside, counted.total, reporters));
        }
        return all;
    }

    /**
     * The figures of one version's window, wherever it was kept: here, or in the fleet's database.
     *
     * @param errors  each outcome's actual minus predicted, finite
     * @param inside  for each, 1 inside the interval, 0 outside, -1 without an interval
     * @param total   the outcomes of this version counted in all
     */
    public static Figures summarize(String modelVersion, double[] errors, byte[] inside, long total,
                                    List<Reporter> reporters) {
        int size = errors.length;
        // Summed afresh each time, not kept as running sums: a thousand additions per scrape cost nothing, and
        // running sums of squares drift as values leave them. Scaled by the largest error, so that any finite
        // outcome gives finite figures: one actual of 1e308 squares to infinity unscaled.
        double largest = 0;
        for (double error : errors) {
            largest = Math.max(largest, Math.abs(error));
        }
        double squares = 0;
        double mae = 0;
        int withInterval = 0;
        int covered = 0;
        for (int i = 0; i < size; i++) {
            double scaled = largest == 0 ? 0 : errors[i] / largest;
            squares += scaled * scaled;
            mae += Math.abs(errors[i]) / size;
            if (inside[i] >= 0) {
                withInterval++;
                covered += inside[i];
            }
        }
        return new Figures(modelVersion, size, withInterval, size == 0 ? Double.NaN
                : largest * Math.sqrt(squares / size), size == 0 ? Double.NaN : mae,
                withInterval == 0 ? Double.NaN : (double) covered / withInterval, total, reporters);
    }
}
