package com.salaryml.web.monitoring;

/**
 * When a monitored quantity counts as drifted: its PSI is above {@code psiThreshold}, a shift large enough to
 * matter, <em>and</em> its chi-square test says sampling noise would rarely give so large a difference at the
 * window's size (its p-value is below {@link #pValueLimit(int)}).
 *
 * <p>Both, because each fails alone. A bare PSI threshold ignores the window's size: under no drift PSI times the
 * window's size is roughly chi-square with (bins - 1) degrees of freedom, so 100 predictions drawn from the
 * training population itself pass 0.2 in about 4% of windows for each feature of ten bins. A bare test ignores
 * the size of the shift: over thousands of predictions it finds a difference no one need act on.
 *
 * <p>The significance is the chance that a window drawn from the training population is called drifted on any
 * quantity; each of the quantities judged together is held to its share of it (Bonferroni's correction, which
 * holds however the quantities depend on each other, as the predictions depend on every feature).
 *
 * @param psiThreshold the PSI a quantity must exceed to count as drifted
 * @param significance the chance of a false alarm over all quantities of one report, in (0, 1)
 */
public record DriftRule(double psiThreshold, double significance) {

    public DriftRule {
        if (!(psiThreshold > 0) || Double.isInfinite(psiThreshold)) {
            throw new IllegalArgumentException("the PSI threshold must be positive and finite, was " + psiThreshold);
        }
        if (!(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("the significance must lie between 0 and 1, was " + significance);
        }
    }

    /** The p-value below which each of {@code quantities} quantities judged at once differs from noise. */
    public double pValueLimit(int quantities) {
        return significance / Math.max(1, quantities);
    }

    /** Whether a quantity with this PSI and test drifted, when {@code quantities} are judged at once. */
    boolean drifted(double psi, DriftReport.ChiSquare test, int quantities) {
        return psi > psiThreshold && test.pValue() < pValueLimit(quantities);
    }
}
