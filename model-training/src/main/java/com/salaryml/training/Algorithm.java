package com.salaryml.training;

import java.util.Arrays;
import java.util.Locale;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.LinearModel;
import smile.regression.RidgeRegression;

/**
 * The fitting algorithms, all from Smile: three linear ones, which produce the same linear model shape, and two
 * tree ensembles. The constants share their names with Smile's classes, so those are written out in full.
 */
public enum Algorithm {

    /** Ordinary least squares: unbiased, and the only one with exact prediction intervals. */
    OLS("ols", "ordinary least squares"),
    /** Ridge regression: shrinks coefficients towards zero by an L2 penalty of weight lambda. */
    RIDGE("ridge", "ridge regression"),
    /** The lasso: shrinks coefficients by an L1 penalty of weight lambda, setting some to exactly zero. */
    LASSO("lasso", "the lasso"),
    /** Gradient tree boosting with least-squares loss: each small tree fits what the trees before it missed. */
    GBM("gbm", "gradient tree boosting"),
    /** A random forest: deep trees on bootstrap samples, each split among a random few features, averaged. */
    RANDOM_FOREST("random-forest", "random forest");

    /** The name the command line and the configuration take, and the model file records: {@code ols}, .... */
    public final String id;
    /** How the printed fit and the review report name it: "ordinary least squares", .... */
    public final String description;

    Algorithm(String id, String description) {
        this.id = id;
        this.description = description;
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
        return this == OLS || this == RIDGE || this == LASSO;
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
