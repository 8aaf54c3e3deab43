package com.salaryml.training;

import com.salaryml.artifact.kind.ModelKind;
import java.util.Arrays;
import java.util.Locale;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.LinearModel;
import smile.regression.RidgeRegression;

/**
 * The fitting algorithms, all from Smile: three linear ones, which produce the same linear model shape, and two
 * tree ensembles. What a model file and a reader know of each (its id, kind and names) is the contract's
 * {@link com.salaryml.artifact.metadata.Algorithm}; this enum adds how Smile fits it. The constants share their
 * names with Smile's classes, so those are written out in full.
 */
public enum Algorithm {

    OLS(com.salaryml.artifact.metadata.Algorithm.OLS),
    RIDGE(com.salaryml.artifact.metadata.Algorithm.RIDGE),
    LASSO(com.salaryml.artifact.metadata.Algorithm.LASSO),
    GBM(com.salaryml.artifact.metadata.Algorithm.GBM),
    RANDOM_FOREST(com.salaryml.artifact.metadata.Algorithm.RANDOM_FOREST);

    /** The contract's algorithm this one fits: its id, kind and names live there, once. */
    public final com.salaryml.artifact.metadata.Algorithm contract;
    /** The name the command line and the configuration take, and the model file records: {@code ols}, .... */
    public final String id;
    /** How the printed fit and the review report name it: "ordinary least squares", .... */
    public final String description;

    Algorithm(com.salaryml.artifact.metadata.Algorithm contract) {
        this.contract = contract;
        this.id = contract.id();
        this.description = contract.description();
    }

    /** Fits a linear model; only for the linear algorithms. */
    LinearModel fitLinear(Formula formula, DataFrame frame, double lambda) {
        return switch (this) {
            case OLS -> smile.regression.OLS.fit(formula, frame);
            case RIDGE -> RidgeRegression.fit(formula, frame, lambda);
            case LASSO -> smile.regression.LASSO.fit(formula, frame, lambda);
            case GBM, RANDOM_FOREST -> throw new IllegalStateException(id + " is not a linear model");
        };
    }

    /**
     * Whether this is one of the linear families, whose models share the linear model kind.
     *
     * @return true for ordinary least squares, ridge and the lasso
     */
    public boolean linear() {
        return ModelKind.LINEAR.equals(contract.kind());
    }

    /**
     * Whether this is a tree ensemble.
     *
     * @return true for gradient boosting and the random forest
     */
    public boolean trees() {
        return !linear();
    }

    /**
     * Whether the fit has a penalty of weight lambda.
     *
     * @return true for ridge and the lasso
     */
    public boolean penalized() {
        return this == RIDGE || this == LASSO;
    }

    /**
     * The prefix of this algorithm's settings in the training configuration.
     *
     * @return e.g. {@code gbm.}
     * @throws IllegalStateException if the algorithm has no tree settings
     */
    public String settingsPrefix() {
        return switch (this) {
            case GBM -> "gbm.";
            case RANDOM_FOREST -> "random_forest.";
            default -> throw new IllegalStateException(id + " has no tree settings");
        };
    }

    static Algorithm parse(String text) {
        for (Algorithm algorithm : values()) {
            if (algorithm.id.equals(text.toLowerCase(Locale.ROOT))) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + text + "'; choose one of "
                + String.join(", ", Arrays.stream(values()).map(a -> a.id).toList()));
    }
}
