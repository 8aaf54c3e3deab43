package com.salaryml.artifact.kind;

import com.salaryml.artifact.schema.FeatureSchema;

/**
 * What a model computes, by kind: the part of a model file under {@code model}. Everything else a model has
 * (schema, metadata, interval, provenance) is the same for every kind and lives in {@link Model}.
 *
 * <p>The set of kinds is closed, and each kind dispatches itself: it makes its own {@link Scorer}, and whoever
 * must treat kinds differently (the model file's writer, a review report) does so through {@link #match}, whose
 * {@link Cases} has one method per kind. A new kind is a new record here and a new method of {@link Cases}, so
 * the compiler names every place that must learn it; a server never needs to know which kind it serves.
 * {@link ModelMetadata#kind()} names it for those that want to say so (e.g. the V2 protocol's {@code platform}).
 */
public sealed interface ModelKind permits LinearModel, TreeEnsembleModel {

    /** The kind of {@link LinearModel}, as spelled in {@code model.kind}. */
    String LINEAR = "linear";

    /** The kind of {@link TreeEnsembleModel}, as spelled in {@code model.kind}. */
    String TREE_ENSEMBLE = "tree_ensemble";

    /** This kind's name as spelled in the model file's {@code model.kind}: {@value #LINEAR} or {@value #TREE_ENSEMBLE}. */
    String kind();

    /**
     * What scores this kind: the value and each feature's contribution. Built once, when a model is built.
     *
     * @param schema the model's inputs, which the kind's parameters must fit
     * @param means  the training mean of each column of the schema's design ({@link
     *               com.salaryml.artifact.schema.Design}), in design order: a number's mean, a level's share
     * @throws IllegalArgumentException naming what does not fit the schema
     */
    Scorer scorer(FeatureSchema schema, double[] means);

    /** Calls the method of {@code cases} for this kind and returns what it returns. */
    <R> R match(Cases<R> cases);

    /**
     * One method per kind, for code that must treat kinds differently. Adding a kind adds a method here, so
     * every implementation fails to compile until it says what to do with the new kind.
     *
     * @param <R> what each case returns
     */
    interface Cases<R> {

        /** The case of a {@link LinearModel}. */
        R linear(LinearModel model);

        /** The case of a {@link TreeEnsembleModel}. */
        R treeEnsemble(TreeEnsembleModel model);
    }
}
