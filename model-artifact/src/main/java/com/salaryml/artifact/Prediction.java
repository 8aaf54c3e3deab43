package com.salaryml.artifact;

import com.salaryml.artifact.schema.Target;
import java.util.List;
import java.util.Objects;

/**
 * One prediction, with how far to trust it, why it came out as it did, and the model that made it.
 *
 * @param value         the predicted value, in the unit of the model's target; for a model fitted on the log of its
 *                      target, {@code exp} of the predicted log: the median, not the mean
 * @param interval      the prediction interval, or {@code null} when the model has none
 * @param intervalNote  why there is no interval, when {@code interval} is {@code null}; otherwise {@code null}
 * @param baseline      what the contributions are relative to, the same for every prediction of a model: for a
 *                      linear model the prediction at the training means, for a tree ensemble its expected
 *                      prediction over the training data
 * @param contributions each feature's share of the prediction's difference from {@code baseline}, in schema
 *                      order, on {@code scale}: for a linear model coefficient × (value − training mean) over
 *                      the feature's design columns, for a tree ensemble the feature's exact SHAP value;
 *                      {@code baseline} plus these, added in order, is {@code value}, or {@code log(value)} on
 *                      the log scale (exactly for a linear model, to rounding for a tree ensemble)
 * @param warnings      inputs that are valid but outside the range seen in training, and inputs that were missing
 *                      and filled in; empty when there are none
 * @param modelName     the name of the model that made it
 * @param modelVersion  the version of the model that made it
 * @param scale         the scale on which {@code baseline} and {@code contributions} add up: the target's own
 *                      ({@link Target.Transform#NONE}), where they add up to {@code value}; or the log
 *                      ({@link Target.Transform#LOG}), where they add up to {@code log(value)}, so that
 *                      {@code exp(contribution)} is the factor a feature multiplies the estimate by
 */
public record Prediction(double value, Interval interval, String intervalNote, double baseline,
                         List<Contribution> contributions, List<Warning> warnings, String modelName,
                         String modelVersion, Target.Transform scale) {

    /** A prediction whose contributions add up on the target's own scale. */
    public Prediction(double value, Interval interval, String intervalNote, double baseline,
                      List<Contribution> contributions, List<Warning> warnings, String modelName,
                      String modelVersion) {
        this(value, interval, intervalNote, baseline, contributions, warnings, modelName, modelVersion,
                Target.Transform.NONE);
    }

    public Prediction {
        Objects.requireNonNull(scale, "scale");
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
     * @param amount  its share of the prediction's difference from the baseline, on the prediction's scale
     */
    public record Contribution(String feature, double amount) {
    }

    /**
     * What a caller should know about an input: the model accepts it but never saw one like it in training, so
     * the prediction there is an extrapolation; or it was missing, and the model used the training value its
     * schema names.
     *
     * @param feature the feature's name
     * @param message what is unusual, naming the training range or the value used
     */
    public record Warning(String feature, String message) {
    }
}
