package com.salaryml.web.monitoring;

import com.salaryml.artifact.metadata.ModelMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the served model's recent inputs and predictions compare with its training data, at one moment: what
 * {@code GET /api/v1/monitoring}, the drift gauges and the page's warning show.
 *
 * @param model       the model whose window this is
 * @param predictions how many predictions the window holds
 * @param since       when the oldest of them was made; empty while the window is empty
 * @param started     when the window started: when this model began to be served
 * @param limits      the window's limits
 * @param rule        when a quantity counts as drifted
 * @param pValueLimit the p-value below which each quantity's test differs from noise: the rule's significance
 *                    shared among the quantities judged together ({@link DriftRule#pValueLimit(int)})
 * @param features    each feature, in schema order
 * @param predicted   the model's predictions
 */
public record DriftReport(ModelMetadata model, long predictions, Optional<Instant> since, Instant started,
                          DriftMonitor.Limits limits, DriftRule rule, double pValueLimit, List<Quantity> features,
                          Quantity predicted) {

    /**
     * The fewest predictions in the window for a status; with fewer it is {@link Status#UNAVAILABLE}. The test
     * would hold its false-alarm rate below this too, but the PSI shown is then mostly noise (with no drift it
     * averages about (bins - 1) / predictions, 0.18 at 50 predictions in ten bins), and an "ok" on so few
     * predictions would reassure more than they can tell.
     */
    public static final int MIN_PREDICTIONS = 100;

    public DriftReport {
        Objects.requireNonNull(model, "model");
        features = List.copyOf(features);
    }

    /** Whether a quantity's live values look like its training values. */
    public enum Status {
        OK("ok"), DRIFT("drift"), UNAVAILABLE("unavailable");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        /** As the API spells it. */
        public String id() {
            return id;
        }
    }

    /**
     * One monitored quantity: a feature or the predictions.
     *
     * @param name      the feature's name, or the target's for the predictions
     * @param psi       the population stability index over the window; NaN when it cannot be computed
     * @param chiSquare the test of the window's counts against the training counts in the same bins, on which
     *                  the status rests with the PSI; {@link ChiSquare#NONE} when it cannot be computed
     * @param status    ok, drift, or unavailable (then {@code reason} says why)
     * @param reason    why the status is unavailable, else null
     * @param bins      the training bins with their expected and live shares; empty when the model has none
     * @param missing   how often the value was missing, in training and in the window, for a feature whose model
     *                  fills in a missing value; null for any other
     */
    public record Quantity(String name, double psi, ChiSquare chiSquare, Status status, String reason,
                           List<Bin> bins, MissingShare missing) {

        public Quantity {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(chiSquare, "chiSquare");
            Objects.requireNonNull(status, "status");
            bins = List.copyOf(bins);
        }

        /** A quantity no value of which can be missing. */
        public Quantity(String name, double psi, ChiSquare chiSquare, Status status, String reason, List<Bin> bins) {
            this(name, psi, chiSquare, status, reason, bins, null);
        }

        Quantity withMissing(MissingShare share) {
            return new Quantity(name, psi, chiSquare, status, reason, bins, share);
        }
    }

    /**
     * The share of a feature's values that were missing and filled in. A change in it moves values into or out
     * of the bin of the fill value, which the PSI and the test see; these figures say how much of that is gaps.
     *
     * @param training the share among the training rows
     * @param live     the share among the window's predictions; 0 while the window is empty
     */
    public record MissingShare(double training, double live) {
    }

    /**
     * Pearson's chi-square test of homogeneity between the window and the training data on a quantity's bins,
     * adjacent bins merged until each expects at least 5 of the window's values (docs/monitoring.md).
     *
     * @param statistic        the chi-square statistic; NaN when it cannot be computed
     * @param degreesOfFreedom the merged bins less one; 0 when one bin holds everything, and nothing can differ
     * @param pValue           the chance that sampling noise alone gives a statistic at least this large; NaN
     *                         when it cannot be computed
     */
    public record ChiSquare(double statistic, int degreesOfFreedom, double pValue) {

        /** No test: the window holds no value of the quantity, or the model file has no bins for it. */
        public static final ChiSquare NONE = new ChiSquare(Double.NaN, 0, Double.NaN);
    }

    /**
     * One bin of a training distribution.
     *
     * @param upperEdge     the largest value it holds; NaN for the last bin, which has no upper end
     * @param expectedShare the share of training values in it
     * @param liveShare     the share of the window's values in it; 0 while the window is empty
     */
    public record Bin(double upperEdge, double expectedShare, double liveShare) {
    }

    /**
     * The window as a whole: drift when any feature or the predictions drifted, unavailable when none of them
     * can be judged yet (or ever, for a model file without distributions), else ok.
     */
    public Status status() {
        boolean judged = predicted.status() != Status.UNAVAILABLE;
        if (predicted.status() == Status.DRIFT) {
            return Status.DRIFT;
        }
        for (Quantity feature : features) {
            if (feature.status() == Status.DRIFT) {
                return Status.DRIFT;
            }
            judged |= feature.status() != Status.UNAVAILABLE;
        }
        return judged ? Status.OK : Status.UNAVAILABLE;
    }

    /** Why the status is unavailable; null when it is not. */
    public String reason() {
        if (status() != Status.UNAVAILABLE) {
            return null;
        }
        boolean anyBins = !predicted.bins().isEmpty() || features.stream().anyMatch(f -> !f.bins().isEmpty());
        if (!anyBins) {
            return "the model file has no training distributions (it was written before they were recorded):"
                    + " retrain the model to monitor drift";
        }
        return predicted.reason() != null ? predicted.reason()
                : features.stream().map(Quantity::reason).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The features whose inputs have drifted, once the window holds enough predictions to say so. */
    public List<Quantity> drifted() {
        return features.stream().filter(feature -> feature.status() == Status.DRIFT).toList();
    }
}
