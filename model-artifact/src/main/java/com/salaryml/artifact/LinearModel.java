package com.salaryml.artifact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fitted linear model: {@code prediction = intercept + Σ coefficients[i] · x[i]}, with {@code x} in the
 * order of the schema's features. This is what a model file holds; {@link ModelFormat} reads and writes it.
 *
 * <p>Ordinary least squares, ridge and lasso all produce this one shape, so the serving side never needs to
 * know which algorithm made a model. Each prediction comes with its contributions (coefficient × distance
 * from the training mean), warnings for inputs outside the training range, and, for least squares, the exact
 * prediction interval.
 */
public final class LinearModel implements Predictor {

    private final ModelMetadata metadata;
    private final double intercept;
    private final double[] coefficients;
    private final IntervalParameters interval;

    // Precomputed when the model is built, so a prediction does only arithmetic.
    private final String[] names;
    private final double[] means;
    private final FeatureStats[] stats;
    private final double baseline;
    private final String intervalNote;

    /**
     * @param metadata     name, version, schema, metrics and provenance
     * @param intercept    the prediction when every feature is zero; finite
     * @param coefficients one finite coefficient per feature, in schema order
     * @param interval     what exact prediction intervals need; required for {@code ols}, absent otherwise
     * @throws IllegalArgumentException if a number is not finite or a count does not match the features
     */
    public LinearModel(ModelMetadata metadata, double intercept, double[] coefficients, IntervalParameters interval) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(coefficients, "coefficients");
        FeatureSchema schema = metadata.schema();
        int features = schema.size();
        if (coefficients.length != features) {
            throw new IllegalArgumentException("there are " + coefficients.length + " coefficients but "
                    + features + " features " + schema.names());
        }
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept must be finite, was " + intercept);
        }
        for (int i = 0; i < coefficients.length; i++) {
            if (!Double.isFinite(coefficients[i])) {
                throw new IllegalArgumentException("coefficient of " + schema.features().get(i).name()
                        + " must be finite, was " + coefficients[i]);
            }
        }
        boolean leastSquares = metadata.algorithm().equals("ols");
        if (leastSquares && interval == null) {
            throw new IllegalArgumentException("an ols model needs its interval parameters");
        }
        if (!leastSquares && interval != null) {
            throw new IllegalArgumentException("interval parameters are exact only for ols, not "
                    + metadata.algorithm());
        }
        if (interval != null && interval.size() != features + 1) {
            throw new IllegalArgumentException("xtx_inverse is " + interval.size() + "×" + interval.size()
                    + " but the intercept and " + features + " features need " + (features + 1) + "×" + (features + 1));
        }
        this.intercept = intercept;
        this.coefficients = coefficients.clone();
        this.interval = interval;

        this.names = schema.names().toArray(String[]::new);
        this.stats = new FeatureStats[features];
        this.means = new double[features];
        double atMeans = intercept;
        for (int i = 0; i < features; i++) {
            stats[i] = metadata.statsOf(i);
            means[i] = stats[i].mean();
            atMeans += coefficients[i] * means[i];
        }
        this.baseline = atMeans;
        this.intervalNote = leastSquares ? null
                : "No prediction interval: exact intervals exist only for ordinary least squares, and this model"
                + " was fitted by " + metadata.algorithm() + ", whose coefficients are deliberately biased.";
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The prediction when every feature is zero. */
    public double intercept() {
        return intercept;
    }

    /** A copy of the coefficients, in schema order. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** What exact prediction intervals need, or {@code null} when the model is not least squares. */
    public IntervalParameters interval() {
        return interval;
    }

    /** The prediction at the training means. */
    public double baseline() {
        return baseline;
    }

    @Override
    public Prediction predict(Map<String, Double> features) {
        return predictChecked(metadata.schema().check(features));
    }

    private Prediction predictChecked(double[] x) {
        var contributions = new Prediction.Contribution[x.length];
        List<Prediction.RangeWarning> warnings = List.of();
        // Summed in the order a reader sums them: baseline, then each contribution. So they add up exactly.
        double value = baseline;
        for (int i = 0; i < x.length; i++) {
            double amount = coefficients[i] * (x[i] - means[i]);
            contributions[i] = new Prediction.Contribution(names[i], amount);
            value += amount;
            if (!stats[i].covers(x[i])) {
                if (warnings.isEmpty()) {
                    warnings = new ArrayList<>(2);
                }
                warnings.add(rangeWarning(i, x[i]));
            }
        }
        Prediction.Interval range = null;
        if (interval != null) {
            double half = interval.halfWidth(x);
            range = new Prediction.Interval(interval.level(), value - half, value + half);
        }
        return new Prediction(value, range, intervalNote, baseline, List.of(contributions), warnings,
                metadata.name(), metadata.version());
    }

    @Override
    public Predictions predictColumns(double[][] columns) {
        int p = names.length;
        if (columns.length != p) {
            throw new IllegalArgumentException("expected " + p + " columns " + metadata.schema().names() + ", got "
                    + columns.length);
        }
        int n = columns[0].length;
        for (double[] column : columns) {
            if (column.length != n) {
                throw new IllegalArgumentException("every column must hold the same number of instances");
            }
        }
        checkColumns(columns, n);
        double[] values = new double[n];
        double[][] parts = new double[p][n];
        java.util.Arrays.fill(values, baseline);
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Prediction.RangeWarning>[] warnings = new List[n];
        // Column by column: each inner loop is a plain pass over two arrays, which the JIT vectorises.
        for (int f = 0; f < p; f++) {
            double[] column = columns[f];
            double[] part = parts[f];
            double coefficient = coefficients[f];
            double mean = means[f];
            FeatureStats range = stats[f];
            for (int i = 0; i < n; i++) {
                double amount = coefficient * (column[i] - mean);
                part[i] = amount;
                values[i] += amount;
            }
            for (int i = 0; i < n; i++) {
                if (!range.covers(column[i])) {
                    if (warnings[i] == null) {
                        warnings[i] = new ArrayList<>(2);
                    }
                    warnings[i].add(rangeWarning(f, column[i]));
                }
            }
        }
        double[] low = null;
        double[] high = null;
        if (interval != null) {
            low = new double[n];
            high = new double[n];
            interval.halfWidths(columns, n, low);
            for (int i = 0; i < n; i++) {
                double half = low[i];
                low[i] = values[i] - half;
                high[i] = values[i] + half;
            }
        }
        return new Predictions(names, values, low, high, interval == null ? Double.NaN : interval.level(),
                intervalNote, baseline, parts, warnings, metadata.name(), metadata.version());
    }

    /** Validates every value of a batch, reporting each bad one as {@code instances[i].name}. */
    private void checkColumns(double[][] columns, int n) {
        if (n == 0) {
            throw new InvalidInputException(List.of(new FieldError("instances", "is empty; send at least one instance")));
        }
        List<FieldError> errors = null;
        List<Feature> features = metadata.schema().features();
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < columns.length; f++) {
                double value = columns[f][i];
                Feature feature = features.get(f);
                if (!feature.accepts(value)) {
                    if (errors == null) {
                        errors = new ArrayList<>();
                    }
                    var problem = FeatureSchema.checkValue(feature, value);
                    if (problem.isPresent()) {
                        errors.add(problem.get().under("instances[" + i + "]"));
                    }
                }
            }
        }
        if (errors != null) {
            throw new InvalidInputException(errors);
        }
    }

    private Prediction.RangeWarning rangeWarning(int i, double value) {
        Feature feature = metadata.schema().features().get(i);
        return new Prediction.RangeWarning(feature.name(), feature.name() + " " + Numbers.plain(value)
                + " is outside the range seen in training (" + Numbers.plain(stats[i].min()) + " to "
                + Numbers.plain(stats[i].max()) + " " + feature.unit() + "); the estimate is an extrapolation");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinearModel that
                && metadata.equals(that.metadata)
                && Double.compare(intercept, that.intercept) == 0
                && Arrays.equals(coefficients, that.coefficients)
                && Objects.equals(interval, that.interval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metadata, intercept, Arrays.hashCode(coefficients));
    }

    @Override
    public String toString() {
        return "LinearModel[" + metadata.name() + " " + metadata.version() + ", " + metadata.algorithm() + "]";
    }
}
