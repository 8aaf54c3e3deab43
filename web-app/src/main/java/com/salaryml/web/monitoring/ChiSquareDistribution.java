package com.salaryml.web.monitoring;

/**
 * The chi-square distribution's upper tail, through the regularized upper incomplete gamma function: the one
 * distribution function the drift test needs. The WAR carries no statistics library (Smile stays in training,
 * and model-artifact is Jackson-only), so the few lines live here; {@code ChiSquareDistributionTest} holds them
 * to R's {@code pchisq} and {@code lgamma}.
 */
final class ChiSquareDistribution {

    /** Relative size of the last term or factor at which a series or continued fraction has converged. */
    private static final double EPSILON = 1e-15;
    /** Guards the continued fraction's divisions against a zero. */
    private static final double TINY = 1e-300;
    /**
     * Far more than ever needed: both expansions converge in about sqrt(a) steps, and a is at most half of
     * {@code Distribution.MAX_BINS} here.
     */
    private static final int MAX_ITERATIONS = 100_000;

    /** Lanczos' coefficients for g = 7, nine terms: a relative error near 1e-15 for arguments of 0.5 and up. */
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

    private ChiSquareDistribution() {
    }

    /**
     * The chance that a chi-square variable with {@code degreesOfFreedom} exceeds {@code x}: R's
     * {@code pchisq(x, df, lower.tail = FALSE)}, the p-value of a chi-square statistic.
     *
     * @param x                the statistic; 0 or less gives 1, positive infinity gives 0
     * @param degreesOfFreedom at least 1
     */
    static double upperTail(double x, int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("a chi-square distribution has at least 1 degree of freedom, was "
                    + degreesOfFreedom);
        }
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("a chi-square statistic must be a number, was NaN");
        }
        return regularizedUpperGamma(degreesOfFreedom / 2.0, x / 2);
    }

    /**
     * Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function: R's
     * {@code pgamma(x, a, lower.tail = FALSE)}.
     *
     * @param a positive
     * @param x 0 or less gives 1, positive infinity gives 0
     */
    static double regularizedUpperGamma(double a, double x) {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("the gamma function's shape must be positive and finite, was " + a);
        }
        if (x <= 0) {
            return 1;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        // Below a + 1 the power series of the lower part converges fast, and Q is not small there (about 0.3 or
        // more), so 1 - P loses no precision; above it the continued fraction for Q converges fast and keeps the
        // relative precision of a small p-value, which 1 - P would round to 0.
        return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
    }

    /** P(a, x) by its series: e^-x x^a / Γ(a) · Σ x^n / (a (a + 1) ... (a + n)), n from 0. */
    private static double lowerSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        double denominator = a;
        for (int n = 1; n <= MAX_ITERATIONS; n++) {
            denominator += 1;
            term *= x / denominator;
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                return sum * Math.exp(a * Math.log(x) - x - logGamma(a));
            }
        }
        throw new ArithmeticException("the incomplete gamma series did not converge for a = " + a + ", x = " + x);
    }

    /** Q(a, x) by Legendre's continued fraction, evaluated with the modified Lentz method. */
    private static double upperContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double fraction = d;
        for (int i = 1; i <= MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double factor = d * c;
            fraction *= factor;
            if (Math.abs(factor - 1) < EPSILON) {
                return Math.exp(a * Math.log(x) - x - logGamma(a)) * fraction;
            }
        }
        throw new ArithmeticException("the incomplete gamma continued fraction did not converge for a = " + a
                + ", x = " + x);
    }

    /** ln Γ(x) for x of 0.5 and up, by Lanczos' approximation: R's {@code lgamma}. */
    static double logGamma(double x) {
        if (!(x >= 0.5) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("logGamma is written for finite arguments of 0.5 and up, was " + x);
        }
        double shifted = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (shifted + i);
        }
        double t = shifted + LANCZOS_G + 0.5;
        return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
