package com.salaryml.artifact;

import java.util.List;
import java.util.Objects;

/**
 * One prediction, with how far to trust it, why it came out as it did, and the model that made it.
 *
 * @param value         the predicted value, in the unit of the model's target
 * @param interval      the prediction interval, or {@code null} when the model cannot give an exact one
 * @param intervalNote  why there is no interval, when {@code interval} is {@code null}; otherwise {@code null}
 * @param baseline      the prediction at the training means of every feature
 * @param contributions each feature's share: coefficient × (value − training mean), in schema order;
 *                      {@code baseline} plus these, added in order, is exactly {@code value}
 * @param warnings      inputs that are valid but outside the range seen in training; empty when there are none
 * @param modelName     the name of the model that made it
 * @param modelVersion  the version of the model that made it
 */
public record Prediction(double value, Interval interval, String intervalNote, double baseline,
                         List<Contribution> contributions, List<RangeWarning> warnings, String modelName,
                         String modelVersion) {

    public Prediction {
        if ((interval == null) == (intervalNote == null)) {
            throw new IllegalArgumentException("a prediction has either an interval or a note saying why not");
        }
        contributions = List.copyOf(contributions);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /**
     * A prediction interval.
     *
     * @param level the probability that a new observation falls inside, e.g. 0.95
     * @param low   the lower bound
     * @param high  the upper bound
     */
    public record Interval(double level, double low, double high) {
    }

    /**
     * One feature's share of a prediction, relative to the baseline.
     *
     * @param feature the feature's name
     * @param amount  coefficient × (value − training mean), in the target's unit
     */
    public record Contribution(String feature, double amount) {
    }

    /**
     * An input that the model accepts but never saw in training: the prediction there is an extrapolation.
     *
     * @param feature the feature's name
     * @param message what is unusual, naming the training range
     */
    public record RangeWarning(String feature, String message) {
    }
}
