package com.salaryml.artifact;

import com.salaryml.artifact.schema.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The predictions for a batch of instances, held column by column in flat arrays: what
 * {@link Predictor#predictColumns(double[][])} returns, so that a batch of thousands costs no object per
 * instance. {@link #get(int)} gives one instance as a {@link Prediction} when that is more convenient.
 *
 * <p>Values, intervals and warnings are computed when the batch is. Contributions may be computed on first
 * use, for the whole batch at once: for a tree ensemble they cost far more than the values (TreeSHAP), and
 * a caller that wants values only should not pay for them. Either way the numbers are the same, and an
 * instance is safe to share between threads.
 */
public final class Predictions {

    /**
     * What is the same for every instance of a batch: the model's, not the instances'.
     *
     * @param features       the features, in schema order
     * @param level          the intervals' coverage; NaN when there is no interval
     * @param intervalMethod the interval's method, or null when there is no interval
     * @param intervalNote   why there is no interval, or null when there is one
     * @param baseline       what the contributions are relative to
     * @param scale          the scale on which the baseline and contributions add up
     * @param modelName      the model's name
     * @param modelVersion   the model's version
     */
    record Common(String[] features, double level, String intervalMethod, String intervalNote, double baseline,
                  Target.Transform scale, String modelName, String modelVersion) {

        Common {
            Objects.requireNonNull(scale, "scale");
            Objects.requireNonNull(modelName, "modelName");
            Objects.requireNonNull(modelVersion, "modelVersion");
        }
    }

    private final Common common;
    private final String[] features;
    private final double[] values;
    private final double[] low;
    private final double[] high;
    private volatile double[][] contributions;
    private Supplier<double[][]> contributionsLater;
    private final List<Prediction.Warning>[] warnings;

    /**
     * Arrays are taken as they are, not copied: only a predictor builds this, and it hands them over.
     *
     * @param low                lower interval bounds, or null when there is no interval
     * @param high               upper interval bounds, or null when there is no interval
     * @param contributions      one array per feature, in schema order; or null, to be computed on first use
     * @param contributionsLater what computes them when {@code contributions} is null; called at most once
     * @param warnings           per instance, null where there are none
     */
    Predictions(Common common, double[] values, double[] low, double[] high, double[][] contributions,
                Supplier<double[][]> contributionsLater, List<Prediction.Warning>[] warnings) {
        if ((contributions == null) == (contributionsLater == null)) {
            throw new IllegalArgumentException("contributions are given now or computed later, not both or neither");
        }
        this.common = Objects.requireNonNull(common, "common");
        this.features = common.features();
        this.values = values;
        this.low = low;
        this.high = high;
        this.contributions = contributions;
        this.contributionsLater = contributionsLater;
        this.warnings = warnings;
    }

    /** How many instances. */
    public int size() {
        return values.length;
    }

    /** The predicted value of instance {@code i}. */
    public double value(int i) {
        return values[i];
    }

    /** Whether the predictions have intervals; see {@link #intervalNote()} when not. */
    public boolean hasInterval() {
        return low != null;
    }

    /** The intervals' coverage, e.g. 0.95; meaningful only if {@link #hasInterval()}. */
    public double level() {
        return common.level();
    }

    /** How the intervals were computed, e.g. {@value IntervalParameters#OLS_EXACT}; null without intervals. */
    public String intervalMethod() {
        return common.intervalMethod();
    }

    /** The lower bound of instance {@code i}'s interval; only if {@link #hasInterval()}. */
    public double low(int i) {
        return low[i];
    }

    /** The upper bound of instance {@code i}'s interval; only if {@link #hasInterval()}. */
    public double high(int i) {
        return high[i];
    }

    /** Why there is no interval, or null when there is one. */
    public String intervalNote() {
        return common.intervalNote();
    }

    /** What the contributions are relative to, the same for every instance; see {@link Prediction#baseline()}. */
    public double baseline() {
        return common.baseline();
    }

    /** The scale on which the baseline and the contributions add up; see {@link Prediction#scale()}. */
    public Target.Transform scale() {
        return common.scale();
    }

    /** The features, in schema order: the order of {@link #contribution(int, int)}'s first index. */
    public List<String> features() {
        return List.of(features);
    }

    /**
     * The contribution of feature {@code feature} (schema index) to instance {@code i}. The first call may
     * compute every instance's contributions.
     */
    public double contribution(int feature, int i) {
        return contributions()[feature][i];
    }

    private double[][] contributions() {
        double[][] computed = contributions;
        if (computed == null) {
            synchronized (this) {
                computed = contributions;
                if (computed == null) {
                    computed = contributionsLater.get();
                    contributions = computed;
                    contributionsLater = null;
                }
            }
        }
        return computed;
    }

    /** The warnings of instance {@code i}: inputs outside the training range, or filled in; empty when none. */
    public List<Prediction.Warning> warnings(int i) {
        List<Prediction.Warning> list = warnings[i];
        return list == null ? List.of() : list;
    }

    /** The name of the model that made these predictions. */
    public String modelName() {
        return common.modelName();
    }

    /** The version of the model that made these predictions. */
    public String modelVersion() {
        return common.modelVersion();
    }

    /** Instance {@code i} as a {@link Prediction}. */
    public Prediction get(int i) {
        double[][] all = contributions();
        var parts = new ArrayList<Prediction.Contribution>(features.length);
        for (int f = 0; f < features.length; f++) {
            parts.add(new Prediction.Contribution(features[f], all[f][i]));
        }
        Prediction.Interval interval = low == null ? null
                : new Prediction.Interval(common.level(), low[i], high[i], common.intervalMethod());
        return new Prediction(values[i], interval, common.intervalNote(), common.baseline(), parts, warnings(i),
                common.modelName(), common.modelVersion(), common.scale());
    }

    /** Every instance as a {@link Prediction}, in order. */
    public List<Prediction> toList() {
        var list = new ArrayList<Prediction>(values.length);
        for (int i = 0; i < values.length; i++) {
            list.add(get(i));
        }
        return list;
    }
}
