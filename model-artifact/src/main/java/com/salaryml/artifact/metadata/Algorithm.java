package com.salaryml.artifact.metadata;

import com.salaryml.artifact.kind.ModelKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The algorithms whose models a model file holds, with the names people read: the one registry of them, for
 * the trainer, its review report and any server. A server shows {@link #displayName()} of the model it serves
 * and never keeps a list of its own, so a new algorithm needs no change there.
 */
public enum Algorithm {

    /** Ordinary least squares: unbiased, and the only one with exact prediction intervals. */
    OLS("ols", ModelKind.LINEAR, "ordinary least squares", "Linear regression (ordinary least squares)"),
    /** Ridge regression: shrinks coefficients towards zero by an L2 penalty of weight lambda. */
    RIDGE("ridge", ModelKind.LINEAR, "ridge regression", "Linear regression (ridge)"),
    /** The lasso: shrinks coefficients by an L1 penalty of weight lambda, setting some to exactly zero. */
    LASSO("lasso", ModelKind.LINEAR, "lasso", "Linear regression (lasso)"),
    /** Gradient tree boosting with least-squares loss: each small tree fits what the trees before it missed. */
    GBM("gbm", ModelKind.TREE_ENSEMBLE, "gradient tree boosting", "Gradient-boosted trees"),
    /** A random forest: deep trees on bootstrap samples, each split among a random few features, averaged. */
    RANDOM_FOREST("random-forest", ModelKind.TREE_ENSEMBLE, "random forest", "Random forest");

    /** Every algorithm's {@link #id()}, in declaration order. */
    public static final List<String> IDS = Arrays.stream(values()).map(Algorithm::id).toList();

    private final String id;
    private final String kind;
    private final String description;
    private final String displayName;

    Algorithm(String id, String kind, String description, String displayName) {
        this.id = id;
        this.kind = kind;
        this.description = description;
        this.displayName = displayName;
    }

    /** As spelled in the model file's {@code algorithm} field and on the trainer's command line, e.g. {@code ols}. */
    public String id() {
        return id;
    }

    /** The model kind this algorithm makes, as spelled in {@code model.kind}, e.g. {@value ModelKind#LINEAR}. */
    public String kind() {
        return kind;
    }

    /** A name for a sentence, in lower case, e.g. "ordinary least squares", as the review report writes it. */
    public String description() {
        return description;
    }

    /** A name for a person who is not a statistician, e.g. "Linear regression (ridge)", as a page shows it. */
    public String displayName() {
        return displayName;
    }

    /** The algorithm with this {@link #id()}, if there is one. */
    public static Optional<Algorithm> byId(String id) {
        for (Algorithm algorithm : values()) {
            if (algorithm.id.equals(id)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /**
     * The algorithm with this {@link #id()}.
     *
     * @throws IllegalArgumentException listing the algorithms, if there is none
     */
    public static Algorithm of(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("algorithm must be one of " + IDS
                + ", was \"" + id + "\""));
    }
}
