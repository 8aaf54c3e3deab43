package com.salaryml.web.monitoring;

import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.web.serving.PredictionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model's recent predictions, as the training bin of each input and of the predicted value, in a ring
 * buffer: one row of bin indices and one time per prediction. Running counts per bin are kept as rows enter
 * and leave, so a report copies counts instead of recounting the window.
 *
 * <p>A category is counted by its level, which has a bin of its own. A missing value is counted as the value the
 * model filled it in with, as training counted its own gaps, so the bins compare like with like; and as missing,
 * so the live share of missing values can be set beside training's.
 *
 * <p>The bins are found before the lock is taken; under it, a prediction costs a few array writes. One lock
 * per request, not per instance: a batch enters at once.
 */
final class Window {

    /** A value no bin holds: NaN, or a quantity the model file has no bins for. */
    private static final byte NO_BIN = -1;

    private final ModelMetadata model;
    private final List<String> features;
    private final List<Feature> declared;
    /** The bins of each feature in schema order, then of the predictions; null where the file has none. */
    private final Distribution[] distributions;
    private final int quantities;
    private final int capacity;
    private final long ageMillis;
    private final Instant started;

    // Guarded by this.
    private final byte[] bins;
    private final long[] times;
    private final long[][] counts;
    /** Per feature, how many of the window's values were missing; a row's bit {@code f} in {@link #missing}. */
    private final long[] missingCounts;
    private final long[] missing;
    private int oldest;
    private int size;

    Window(ModelMetadata model, DriftMonitor.Limits limits, Instant started) {
        this.model = model;
        this.features = model.schema().names();
        this.declared = model.schema().features();
        this.quantities = features.size() + 1;
        this.distributions = new Distribution[quantities];
        Map<String, FeatureStats> stats = model.trainingData().featureStats();
        for (int f = 0; f < features.size(); f++) {
            distributions[f] = stats.get(features.get(f)).distribution();
        }
        distributions[features.size()] = model.trainingData().predictions();
        this.capacity = limits.predictions();
        this.ageMillis = limits.age().toMillis();
        this.started = started;
        this.bins = new byte[capacity * quantities];
        this.times = new long[capacity];
        this.missingCounts = new long[features.size()];
        this.missing = new long[capacity * words(features.size())];
        this.counts = new long[quantities][];
        for (int q = 0; q < quantities; q++) {
            counts[q] = new long[distributions[q] == null ? 0 : distributions[q].bins()];
        }
    }

    ModelMetadata model() {
        return model;
    }

    /** Counts every prediction of the event, made at {@code now}. */
    void add(PredictionEvent event, long now) {
        int n = event.size();
        // Only the newest `capacity` rows of a batch larger than the window could stay in it.
        int first = Math.max(0, n - capacity);
        int words = words(features.size());
        byte[] rows = new byte[(n - first) * quantities];
        long[] gaps = new long[(n - first) * words];
        for (int i = first; i < n; i++) {
            int at = (i - first) * quantities;
            Map<String, ?> inputs = event.inputs().get(i);
            for (int f = 0; f < features.size(); f++) {
                Object value = inputs.get(features.get(f));
                if (value == null) {
                    gaps[(i - first) * words + f / 64] |= 1L << (f % 64);
                }
                rows[at + f] = bin(distributions[f], valueOf(declared.get(f), value));
            }
            rows[at + features.size()] = bin(distributions[features.size()], event.value(i));
        }
        synchronized (this) {
            expire(now);
            for (int row = 0; row < rows.length / quantities; row++) {
                if (size == capacity) {
                    evictOldest();
                }
                int slot = (oldest + size) % capacity;
                System.arraycopy(rows, row * quantities, bins, slot * quantities, quantities);
                System.arraycopy(gaps, row * words, missing, slot * words, words);
                times[slot] = now;
                count(slot, 1);
                size++;
            }
        }
    }

    private static int words(int features) {
        return (features + 63) / 64;
    }

    /**
     * The number a feature's bins hold for an input: a category's level code, and for a missing value the one the
     * model filled in (NaN, in no bin, where the model refuses one: such a request made no prediction).
     */
    private static double valueOf(Feature feature, Object value) {
        if (value == null) {
            return feature.missing().value();
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        int code = feature.code(value.toString()).orElse(-1);
        return code < 0 ? Double.NaN : code;
    }

    private static byte bin(Distribution distribution, double value) {
        // Distribution.MAX_BINS is 100, so a bin index fits in a byte.
        return distribution == null ? NO_BIN : (byte) distribution.bin(value);
    }

    /** Drops the predictions older than the window's age. */
    private void expire(long now) {
        long cutoff = now - ageMillis;
        while (size > 0 && times[oldest] <= cutoff) {
            evictOldest();
        }
    }

    private void evictOldest() {
        count(oldest, -1);
        oldest = (oldest + 1) % capacity;
        size--;
    }

    private void count(int slot, int delta) {
        int at = slot * quantities;
        for (int q = 0; q < quantities; q++) {
            byte bin = bins[at + q];
            if (bin != NO_BIN) {
                counts[q][bin] += delta;
            }
        }
        int words = words(features.size());
        for (int w = 0; w < words; w++) {
            long gaps = missing[slot * words + w];
            while (gaps != 0) {
                missingCounts[w * 64 + Long.numberOfTrailingZeros(gaps)] += delta;
                gaps &= gaps - 1;
            }
        }
    }

    /** The window's drift at {@code now}, judged by {@code rule}. */
    DriftReport report(long now, DriftRule rule) {
        long[][] copied = new long[quantities][];
        long[] missed;
        long held;
        Optional<Instant> since;
        synchronized (this) {
            expire(now);
            for (int q = 0; q < quantities; q++) {
                copied[q] = counts[q].clone();
            }
            missed = missingCounts.clone();
            held = size;
            since = size == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(times[oldest]));
        }
        // Every quantity with bins is judged at once, and each shares the rule's false-alarm rate.
        int judged = 0;
        for (Distribution distribution : distributions) {
            judged += distribution == null ? 0 : 1;
        }
        double pValueLimit = rule.pValueLimit(judged);
        long rows = model.trainingData().rows();
        var reported = new ArrayList<DriftReport.Quantity>(features.size());
        for (int f = 0; f < features.size(); f++) {
            DriftReport.Quantity quantity = quantity(features.get(f), distributions[f], copied[f], held, rows, rule,
                    judged);
            Feature feature = declared.get(f);
            if (feature.missing().fills()) {
                quantity = quantity.withMissing(new DriftReport.MissingShare(
                        model.trainingData().featureStats().get(feature.name()).missingShare(),
                        held == 0 ? 0 : (double) missed[f] / held));
            }
            reported.add(quantity);
        }
        DriftReport.Quantity predicted = quantity(model.target().name(), distributions[features.size()],
                copied[features.size()], held, rows, rule, judged);
        return new DriftReport(model, held, since, started,
                new DriftMonitor.Limits(capacity, java.time.Duration.ofMillis(ageMillis)), rule, pValueLimit,
                reported, predicted);
    }

    private static DriftReport.Quantity quantity(String name, Distribution distribution, long[] counts, long held,
                                                 long trainingRows, DriftRule rule, int judged) {
        if (distribution == null) {
            return new DriftReport.Quantity(name, Double.NaN, DriftReport.ChiSquare.NONE,
                    DriftReport.Status.UNAVAILABLE, "the model file has no training distribution for " + name
                            + " (it was written before they were recorded): retrain the model to monitor it",
                    List.of());
        }
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        double[] edges = distribution.edges();
        double[] shares = distribution.shares();
        var bins = new ArrayList<DriftReport.Bin>(shares.length);
        for (int i = 0; i < shares.length; i++) {
            bins.add(new DriftReport.Bin(i < edges.length ? edges[i] : Double.NaN, shares[i],
                    total == 0 ? 0 : (double) counts[i] / total));
        }
        double psi = distribution.psi(counts);
        DriftReport.ChiSquare test = Homogeneity.test(counts, shares, trainingRows);
        if (held < DriftReport.MIN_PREDICTIONS) {
            return new DriftReport.Quantity(name, psi, test, DriftReport.Status.UNAVAILABLE, "the window holds "
                    + held + " predictions; drift is judged from " + DriftReport.MIN_PREDICTIONS + " on", bins);
        }
        if (Double.isNaN(psi)) {
            return new DriftReport.Quantity(name, psi, test, DriftReport.Status.UNAVAILABLE,
                    "no value in the window falls into a bin", bins);
        }
        return new DriftReport.Quantity(name, psi, test, rule.drifted(psi, test, judged) ? DriftReport.Status.DRIFT
                : DriftReport.Status.OK, null, bins);
    }
}
