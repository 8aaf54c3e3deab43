package com.salaryml.web.outcomes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far off the model was once the real outcomes were known: over the last {@code window} outcomes of each
 * model version, the root mean squared error, the mean absolute error, and the share of actuals inside their
 * prediction interval. Also the outcomes counted since the app started, by version.
 */
public final class LiveErrors {

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
     */
    public record Figures(String modelVersion, int outcomes, int withInterval, double rmse, double mae,
                          double coverage, long total) {
    }

    /** The last outcomes of one version, oldest overwritten first. */
    private static final class Ring {
        final double[] errors;
        /** 1 inside the interval, 0 outside, -1 without an interval. */
        final byte[] inside;
        int next;
        int size;
        long total;

        Ring(int window) {
            errors = new double[window];
            inside = new byte[window];
        }
    }

    private final int window;
    /** By version, sorted so that reports list them in a stable order; guarded by this. */
    private final Map<String, Ring> byVersion = new TreeMap<>();

    public LiveErrors(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("an outcome window holds at least 1 outcome, was " + window);
        }
        this.window = window;
    }

    public int window() {
        return window;
    }

    /**
     * Counts one outcome.
     *
     * @param error  actual minus predicted
     * @param inside whether the actual fell inside the interval; null when the prediction had none
     */
    public synchronized void add(String modelVersion, double error, Boolean inside) {
        Ring ring = byVersion.computeIfAbsent(modelVersion, version -> new Ring(window));
        // A finite actual minus a finite estimate overflows only at the ends of the doubles: held as the largest
        // double, so the figures stay numbers.
        ring.errors[ring.next] = Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, error));
        ring.inside[ring.next] = inside == null ? -1 : (byte) (inside ? 1 : 0);
        ring.next = (ring.next + 1) % window;
        ring.size = Math.min(ring.size + 1, window);
        ring.total++;
    }

    /** The figures of every version that has outcomes, by version. */
    public synchronized List<Figures> figures() {
        var all = new ArrayList<Figures>(byVersion.size());
        for (Map.Entry<String, Ring> entry : byVersion.entrySet()) {
            Ring ring = entry.getValue();
            // Summed afresh each time, not kept as running sums: a thousand additions per scrape cost nothing,
            // and running sums of squares drift as values leave them. Scaled by the largest error, so that any
            // finite outcome gives finite figures: one actual of 1e308 squares to infinity unscaled.
            double largest = 0;
            for (int i = 0; i < ring.size; i++) {
                largest = Math.max(largest, Math.abs(ring.errors[i]));
            }
            double squares = 0;
            double mae = 0;
            int withInterval = 0;
            int inside = 0;
            for (int i = 0; i < ring.size; i++) {
                double scaled = largest == 0 ? 0 : ring.errors[i] / largest;
                squares += scaled * scaled;
                mae += Math.abs(ring.errors[i]) / ring.size;
                if (ring.inside[i] >= 0) {
                    withInterval++;
                    inside += ring.inside[i];
                }
            }
            all.add(new Figures(entry.getKey(), ring.size, withInterval, largest * Math.sqrt(squares / ring.size),
                    mae, withInterval == 0 ? Double.NaN : (double) inside / withInterval, ring.total));
        }
        return all;
    }
}
