package com.salaryml.artifact;

import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.kind.Scorer;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.metadata.Algorithm;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.FieldPathException;
import com.salaryml.artifact.schema.InvalidInputException;
import com.salaryml.artifact.schema.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model as a model file holds it, ready to predict: its metadata, what its kind computes, and its interval
 * parameters. {@link ModelFormat} reads and writes it; a trainer builds one and writes it, a server loads one
 * and knows it only as a {@link Predictor}.
 *
 * <p>What is true of every kind lives here, once: inputs are checked against the schema, inputs outside the
 * training range get a warning, the interval is the prediction ± the interval's half width, and each
 * prediction carries a baseline and one contribution per feature. What differs lives in the kind's record:
 * how a value is computed ({@link LinearModel}, {@link TreeEnsembleModel}) and what the contributions are
 * (coefficient × distance from the training mean; exact SHAP values).
 *
 * <p>The rules that tie the parts together are checked here: the kind is the one the algorithm makes
 * ({@link ModelMetadata#kind()}); a linear model has one coefficient per feature, and a tree splits only on
 * features of the schema; an {@value IntervalParameters#OLS_EXACT} interval belongs to a least-squares model
 * only, which must have an interval. Immutable and safe to share between threads.
 */
public final class Model implements Predictor {

    private final ModelMetadata metadata;
    private final ModelKind kind;
    private final IntervalParameters interval;

    // Precomputed when the model is built, so a prediction does only arithmetic.
    private final Scorer scorer;
    private final String[] names;
    private final FeatureStats[] stats;
    private final String intervalNote;

    /**
     * @param metadata name, version, schema, metrics and provenance
     * @param kind     what the model computes; its kind must be the one {@code metadata.algorithm()} makes
     * @param interval the interval parameters, or {@code null} for predictions without an interval; required
     *                 for {@code ols}, and {@value IntervalParameters#OLS_EXACT} only for {@code ols}
     * @throws IllegalArgumentException if the parts do not fit together, naming what does not
     */
    public Model(ModelMetadata metadata, ModelKind kind, IntervalParameters interval) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.interval = interval;
        FeatureSchema schema = metadata.schema();
        int features = schema.size();
        if (!metadata.kind().equals(kind.kind())) {
            throw new FieldPathException("model.kind", "is " + kind.kind() + ", but algorithm "
                    + metadata.algorithm() + " makes a " + metadata.kind() + " model");
        }
        boolean leastSquares = Algorithm.of(metadata.algorithm()) == Algorithm.OLS;
        if (leastSquares && interval == null) {
            throw new IllegalArgumentException("an ols model needs its interval parameters");
        }
        if (interval instanceof IntervalParameters.OlsExact exact) {
            if (!leastSquares) {
                throw new IllegalArgumentException(IntervalParameters.OLS_EXACT
                        + " interval parameters are exact only for ols, not " + metadata.algorithm());
            }
            if (exact.size() != features + 1) {
                throw new IllegalArgumentException("xtx_inverse is " + exact.size() + "×" + exact.size()
                        + " but the intercept and " + features + " features need " + (features + 1) + "×"
                        + (features + 1));
            }
        }

        this.names = schema.names().toArray(String[]::new);
        this.stats = new FeatureStats[features];
        double[] means = new double[features];
        for (int i = 0; i < features; i++) {
            stats[i] = metadata.statsOf(i);
            means[i] = stats[i].mean();
        }
        this.scorer = kind.scorer(schema, means);
        this.intervalNote = interval != null ? null : kind.match(new ModelKind.Cases<>() {
            @Override
            public String linear(LinearModel model) {
                return "No prediction interval: exact intervals exist only for ordinary least squares, and this"
                        + " model was fitted by " + metadata.algorithm() + ", whose coefficients are deliberately"
                        + " biased.";
            }

            @Override
            public String treeEnsemble(TreeEnsembleModel model) {
                return "No prediction interval: this " + metadata.algorithm() + " model was published without"
                        + " interval parameters.";
            }
        });
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    /** What the model computes: a {@link LinearModel} or a {@link TreeEnsembleModel}. */
    public ModelKind kind() {
        return kind;
    }

    /** The interval parameters, or {@code null} when predictions come without an interval. */
    public IntervalParameters interval() {
        return interval;
    }

    /**
     * What contributions are relative to: for a linear model the prediction at the training means, for a tree
     * ensemble its cover-weighted expected prediction.
     */
    public double baseline() {
        return scorer.baseline();
    }

    /** The same model with other metadata, e.g. another version or provenance; checked like any other. */
    public Model withMetadata(ModelMetadata metadata) {
        return new Model(metadata, kind, interval);
    }

    @Override
    public Prediction predict(Map<String, Double> features) {
        double[] x = metadata.schema().check(features);
        double[] parts = new double[x.length];
        double value = scorer.predict(x, parts);
        var contributions = new Prediction.Contribution[x.length];
        for (int i = 0; i < x.length; i++) {
            contributions[i] = new Prediction.Contribution(names[i], parts[i]);
        }
        Prediction.Interval range = null;
        if (interval != null) {
            double half = interval.halfWidthAt(x);
            range = new Prediction.Interval(interval.level(), value - half, value + half, interval.method());
        }
        return new Prediction(value, range, intervalNote, scorer.baseline(), List.of(contributions), warnings(x),
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
        double[][] parts = null;
        java.util.function.Supplier<double[][]> later = null;
        if (scorer.contributionsAreCostly()) {
            // The caller may reuse its arrays once this returns; contributions computed later need their own.
            double[][] copy = new double[p][];
            for (int f = 0; f < p; f++) {
                copy[f] = columns[f].clone();
            }
            later = () -> {
                double[][] computed = new double[p][n];
                scorer.contributionColumns(copy, n, computed);
                return computed;
            };
            scorer.predictColumns(columns, n, values, null);
        } else {
            parts = new double[p][n];
            scorer.predictColumns(columns, n, values, parts);
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
                interval == null ? null : interval.method(), intervalNote, scorer.baseline(), parts, later,
                warningColumns(columns, n), metadata.name(), metadata.version());
    }

    /** The range warnings of one instance; an empty list, allocating nothing, when there are none. */
    private List<Prediction.RangeWarning> warnings(double[] x) {
        List<Prediction.RangeWarning> warnings = List.of();
        for (int i = 0; i < x.length; i++) {
            if (!stats[i].covers(x[i])) {
                if (warnings.isEmpty()) {
                    warnings = new ArrayList<>(2);
                }
                warnings.add(rangeWarning(i, x[i]));
            }
        }
        return warnings;
    }

    /** The range warnings of a batch, per instance; null where there are none. */
    private List<Prediction.RangeWarning>[] warningColumns(double[][] columns, int n) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Prediction.RangeWarning>[] warnings = new List[n];
        for (int f = 0; f < columns.length; f++) {
            double[] column = columns[f];
            FeatureStats range = stats[f];
            for (int i = 0; i < n; i++) {
                if (!range.covers(column[i])) {
                    if (warnings[i] == null) {
                        warnings[i] = new ArrayList<>(2);
                    }
                    warnings[i].add(rangeWarning(f, column[i]));
                }
            }
        }
        return warnings;
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
        return other instanceof Model that
                && metadata.equals(that.metadata)
                && kind.equals(that.kind)
                && Objects.equals(interval, that.interval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metadata, kind, interval);
    }

    @Override
    public String toString() {
        return "Model[" + metadata.name() + " " + metadata.version() + ", " + metadata.algorithm() + ", "
                + kind.kind() + "]";
    }
}
