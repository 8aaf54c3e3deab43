package com.salaryml.artifact;

import java.util.List;
import java.util.Objects;

/**
 * One prediction, with how far to trust it, why it came out as it did, and the model that made it.
 *
 * @param value         the predicted value, in the unit of the model's target
 * @param interval      the prediction interval, or {@code null} when the model has none
 * @param intervalNote  why there is no interval, when {@code interval} is {@code null}; otherwise {@code null}
 * @param baseline      what the contributions are relative to, the same for every prediction of a model: for a
 *                      linear model the prediction at the training means, for a tree ensemble its expected
 *                      prediction over the training data
 * @param contributions each feature's share of {@code value − baseline}, in schema order: for a linear model
 *                      coefficient × (value − training mean), for a tree ensemble the feature's exact SHAP
 *                      value; {@code baseline} plus these, added in order, is {@code value} (exactly for a
 *                      linear model, to rounding for a tree ensemble)
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
     * @param level  the probability that a new observation falls inside, e.g. 0.95
     * @param low    the lower bound
     * @param high   the upper bound
     * @param method how it was computed: {@value IntervalParameters#OLS_EXACT} or
     *               {@value IntervalParameters#CONFORMAL} (see {@link IntervalParameters})
     */
    public record Interval(double level, double low, double high, String method) {

        /** @throws NullPointerException if {@code method} is null: every interval says how it was computed */
        public Interval {
            Objects.requireNonNull(method, "method");
        }
    }

    /**
     * One feature's share of a prediction, relative to the baseline.
     *
     * @param feature the feature's name
     * @param amount  its share of the prediction's difference from the baseline, in the target's unit
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
