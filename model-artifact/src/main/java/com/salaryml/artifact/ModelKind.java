package com.salaryml.artifact;

/**
 * What a model computes, by kind: the part of a model file under {@code model}. Everything else a model has
 * (schema, metadata, interval, provenance) is the same for every kind and lives in {@link Model}.
 *
 * <p>The set of kinds is closed: each has one record here, one reader in {@link ModelFormat}, and a scorer
 * behind {@link Predictor}. A server never needs to know which kind it serves; {@link ModelMetadata#kind()}
 * names it for those that want to say so (e.g. the V2 protocol's {@code platform}).
 */
public sealed interface ModelKind permits LinearModel, TreeEnsembleModel {

    /** The kind of {@link LinearModel}, as spelled in {@code model.kind}. */
    String LINEAR = "linear";

    /** The kind of {@link TreeEnsembleModel}, as spelled in {@code model.kind}. */
    String TREE_ENSEMBLE = "tree_ensemble";

    /** This kind's name as spelled in the model file's {@code model.kind}: {@value #LINEAR} or {@value #TREE_ENSEMBLE}. */
    String kind();
}
