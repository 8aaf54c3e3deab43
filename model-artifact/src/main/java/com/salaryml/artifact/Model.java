package com.salaryml.artifact;

import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.kind.Scorer;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.metadata.Algorithm;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.FieldPathException;
import com.salaryml.artifact.schema.InvalidInputException;
import com.salaryml.artifact.schema.Numbers;
import com.salaryml.artifact.schema.Target;
import java.util.ArrayList;
import java.util.BitSet;
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
    private final Design design;
    private final Target.Transform transform;
    private final String[] names;
    private final FeatureStats[] stats;
    private final String intervalNote;
    /** Whether some feature's missing value is filled in: only then is there anything to mark. */
    private final boolean fills;

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
        }
        this.design = Design.of(schema);
        if (interval instanceof IntervalParameters.OlsExact exact && exact.size() != design.size() + 1) {
            throw new IllegalArgumentException("xtx_inverse is " + exact.size() + "×" + exact.size()
                    + " but the intercept and " + design.size() + (design.isIdentity() ? " features"
                            : " design columns " + design.names()) + " need "
                    + (design.size() + 1) + "×" + (design.size() + 1));
        }
        this.transform = metadata.target().transform();
        this.names = schema.names().toArray(String[]::new);
        this.stats = new FeatureStats[features];
        double[] means = new double[design.size()];
        for (int f = 0; f < features; f++) {
            stats[f] = metadata.statsOf(f);
            if (schema.features().get(f).isCategorical()) {
                double[] shares = levelShares(schema.features().get(f), stats[f]);
                System.arraycopy(shares, 1, means, design.offset(f), design.width(f));
            } else {
                means[design.offset(f)] = stats[f].mean();
            }
        }
        this.fills = schema.features().stream().anyMatch(feature -> feature.missing().fills());
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
    public Prediction predict(Map<String, ?> features) {
        BitSet filled = fills ? new BitSet() : null;
        double[] x = metadata.schema().check(features, filled);
        double[] parts = new double[x.length];
        double fitted = scorer.predict(x, parts);
        var contributions = new Prediction.Contribution[x.length];
        for (int i = 0; i < x.length; i++) {
            contributions[i] = new Prediction.Contribution(names[i], parts[i]);
        }
        Prediction.Interval range = null;
        if (interval != null) {
            double half = interval.halfWidthAt(design.isIdentity() ? x : design.encode(x));
            range = new Prediction.Interval(interval.level(), transform.invert(fitted - half),
                    transform.invert(fitted + half), interval.method());
        }
        return new Prediction(transform.invert(fitted), range, intervalNote, scorer.baseline(),
                List.of(contributions), warnings(x, filled), metadata.name(), metadata.version(), transform);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A category is given as its level's code, and a missing value as NaN: it is filled in where the feature's
     * rule allows, and refused otherwise. The caller's arrays are never changed.
     */
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
        List<Prediction.Warning>[] warnings = warningColumns(columns, n);
        double[][] checked = fill(columns, n, warnings);
        checkColumns(checked, n);
        double[] values = new double[n];
        double[][] parts = null;
        java.util.function.Supplier<double[][]> later = null;
        if (scorer.contributionsAreCostly()) {
            // The caller may reuse its arrays once this returns; contributions computed later need their own.
            double[][] copy = new double[p][];
            for (int f = 0; f < p; f++) {
                copy[f] = checked[f] == columns[f] ? columns[f].clone() : checked[f];
            }
            later = () -> {
                double[][] computed = new double[p][n];
                scorer.contributionColumns(copy, n, computed);
                return computed;
            };
            scorer.predictColumns(checked, n, values, null);
        } else {
            parts = new double[p][n];
            scorer.predictColumns(checked, n, values, parts);
        }
        double[] low = null;
        double[] high = null;
        if (interval != null) {
            low = new double[n];
            high = new double[n];
            interval.halfWidths(design.isIdentity() ? checked : design.encodeColumns(checked, n), n, low);
            for (int i = 0; i < n; i++) {
                double half = low[i];
                low[i] = transform.invert(values[i] - half);
                high[i] = transform.invert(values[i] + half);
            }
        }
        if (transform != Target.Transform.NONE) {
            for (int i = 0; i < n; i++) {
                values[i] = transform.invert(values[i]);
            }
        }
        var common = new Predictions.Common(names, interval == null ? Double.NaN : interval.level(),
                interval == null ? null : interval.method(), intervalNote, scorer.baseline(), transform,
                metadata.name(), metadata.version());
        return new Predictions(common, values, low, high, parts, later, warnings);
    }

    /**
     * The columns with every missing value (NaN) filled in where its feature's rule allows, each filled one
     * warned of; a column with nothing to fill is the caller's own array, one with something a copy.
     */
    private double[][] fill(double[][] columns, int n, List<Prediction.Warning>[] warnings) {
        if (!fills) {
            return columns;
        }
        double[][] filled = columns.clone();
        for (int f = 0; f < columns.length; f++) {
            Feature feature = metadata.schema().features().get(f);
            if (!feature.missing().fills()) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(columns[f][i])) {
                    if (filled[f] == columns[f]) {
                        filled[f] = columns[f].clone();
                    }
                    filled[f][i] = feature.missing().value();
                    if (warnings[i] == null) {
                        warnings[i] = new ArrayList<>(2);
                    }
                    warnings[i].add(filledWarning(f));
                }
            }
        }
        return filled;
    }

    /** The warning that feature {@code f} was missing and what was used instead. */
    private Prediction.Warning filledWarning(int f) {
        Feature feature = metadata.schema().features().get(f);
        String statistic = switch (feature.missing().rule()) {
            case MEDIAN -> "the training median, ";
            case MEAN -> "the training mean, ";
            case MOST_FREQUENT -> "the most frequent level in training, ";
            case REFUSE -> throw new IllegalStateException("a refused value is never filled in");
        };
        return new Prediction.Warning(feature.name(), feature.name() + " was missing, so " + statistic
                + feature.valueText(feature.missing().value()).strip() + ", was used in its place");
    }

    /** The training shares of a categorical feature's levels, as many as it has levels. */
    private static double[] levelShares(Feature feature, FeatureStats stats) {
        double[] shares;
        try {
            shares = stats.levelShares();
        } catch (IllegalStateException e) {
            throw new FieldPathException("training_data.features." + feature.name(), "are not the statistics of"
                    + " a category with " + feature.levels().size() + " levels");
        }
        if (shares.length != feature.levels().size()) {
            throw new FieldPathException("training_data.features." + feature.name(), "have " + shares.length
                    + " levels, but the feature has " + feature.levels().size());
        }
        return shares;
    }

    /** The warnings of one instance; an empty list, allocating nothing, when there are none. */
    private List<Prediction.Warning> warnings(double[] x, BitSet filled) {
        List<Prediction.Warning> warnings = List.of();
        for (int i = 0; i < x.length; i++) {
            boolean wasFilled = filled != null && filled.get(i);
            if (wasFilled || !stats[i].covers(x[i])) {
                if (warnings.isEmpty()) {
                    warnings = new ArrayList<>(2);
                }
                warnings.add(wasFilled ? filledWarning(i) : rangeWarning(i, x[i]));
            }
        }
        return warnings;
    }

    /** The range warnings of a batch, per instance; null where there are none. A missing value has none. */
    private List<Prediction.Warning>[] warningColumns(double[][] columns, int n) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Prediction.Warning>[] warnings = new List[n];
        for (int f = 0; f < columns.length; f++) {
            double[] column = columns[f];
            FeatureStats range = stats[f];
            for (int i = 0; i < n; i++) {
                if (!range.covers(column[i]) && !Double.isNaN(column[i])) {
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
                    var problem = Double.isNaN(value) && !feature.missing().fills()
                            ? java.util.Optional.of(new FieldError(feature.name(), "is required ("
                                    + feature.rangeText() + ")"))
                            : FeatureSchema.checkValue(feature, value);
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

    private Prediction.Warning rangeWarning(int i, double value) {
        Feature feature = metadata.schema().features().get(i);
        return new Prediction.Warning(feature.name(), feature.name() + " " + Numbers.plain(value)
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
