package com.salaryml.training;

import java.util.Arrays;
import java.util.Locale;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.LinearModel;
import smile.regression.RidgeRegression;

/**
 * The fitting algorithms, all from Smile, all producing the same linear model shape. The constants share
 * their names with Smile's classes, so those are written out in full.
 */
enum Algorithm {

    /** Ordinary least squares: unbiased, and the only one with exact prediction intervals. */
    OLS("ols", "ordinary least squares") {
        @Override
        LinearModel fit(Formula formula, DataFrame frame, double lambda) {
            return smile.regression.OLS.fit(formula, frame);
        }
    },
    /** Ridge regression: shrinks coefficients towards zero by an L2 penalty of weight lambda. */
    RIDGE("ridge", "ridge regression") {
        @Override
        LinearModel fit(Formula formula, DataFrame frame, double lambda) {
            return RidgeRegression.fit(formula, frame, lambda);
        }
    },
    /** The lasso: shrinks coefficients by an L1 penalty of weight lambda, setting some to exactly zero. */
    LASSO("lasso", "the lasso") {
        @Override
        LinearModel fit(Formula formula, DataFrame frame, double lambda) {
            return smile.regression.LASSO.fit(formula, frame, lambda);
        }
    };

    final String id;
    final String description;

    Algorithm(String id, String description) {
        this.id = id;
        this.description = description;
    }

    abstract LinearModel fit(Formula formula, DataFrame frame, double lambda);

    boolean penalized() {
        return this != OLS;
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
