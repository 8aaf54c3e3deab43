package com.salaryml.artifact.kind;

/**
 * What differs between model kinds when predicting: the value and each feature's contribution relative to
 * the baseline. Everything else (input checks, range warnings, intervals, the prediction's shape) is done once
 * for every kind by {@link Model}. Built from a {@link ModelKind} and the schema; immutable.
 */
public interface Scorer {

    /** What contributions are relative to, the same for every prediction. */
    double baseline();

    /**
     * The prediction at {@code x} (schema order, already checked). When {@code contributions} is not null,
     * each feature's share is written into it.
     */
    double predict(double[] x, double[] contributions);

    /**
     * The predictions of a batch given as columns ({@code columns[f][i]}, already checked), written into
     * {@code values}; each the same double that {@link #predict} gives. When {@code contributions} is not
     * null, {@code contributions[f][i]} is written too.
     */
    void predictColumns(double[][] columns, int n, double[] values, double[][] contributions);

    /**
     * Whether contributions cost much more than values, so that a batch should compute them only when they
     * are asked for.
     */
    boolean contributionsAreCostly();

    /** The contributions of a batch given as columns, written into {@code contributions[f][i]}. */
    void contributionColumns(double[][] columns, int n, double[][] contributions);
}
