package com.salaryml.artifact.metadata;

import java.util.Objects;

/**
 * The statistics of one least-squares coefficient, as a reviewer reads them: how large, how uncertain, and
 * how likely so large an estimate would be if the true effect were zero.
 *
 * @param term     {@code intercept} or a feature name
 * @param estimate the coefficient
 * @param stdError its standard error
 * @param tValue   estimate divided by standard error
 * @param pValue   the two-sided p value of that t value
 */
public record CoefficientStats(String term, double estimate, double stdError, double tValue, double pValue) {

    public CoefficientStats {
        Objects.requireNonNull(term, "term");
        Metrics.requireFinite(term + ".estimate", estimate);
        Metrics.requireFinite(term + ".std_error", stdError);
        Metrics.requireFinite(term + ".t", tValue);
        Metrics.requireFinite(term + ".p", pValue);
        if (pValue < 0 || pValue > 1) {
            throw new IllegalArgumentException("p value of " + term + " must be between 0 and 1, was " + pValue);
        }
    }
}
