package com.salaryml.artifact;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a model needs to give a prediction interval, fixed at training time: the part of a model file under
 * {@code interval}. The set of methods is closed:
 * <ul>
 *   <li>{@link OlsExact} ({@value #OLS_EXACT}): the exact interval of ordinary least squares under its
 *       assumptions, wider far from the training data;</li>
 *   <li>{@link Conformal} ({@value #CONFORMAL}): a distribution-free interval of constant width, computed from
 *       held-out residuals; any kind of model can carry one.</li>
 * </ul>
 * Every interval is {@code prediction ± halfWidthAt(x)}. A model without interval parameters predicts without
 * an interval, and says why in {@link Prediction#intervalNote()}.
 */
public sealed interface IntervalParameters permits IntervalParameters.OlsExact, IntervalParameters.Conformal {

    /** The method of {@link OlsExact}, as spelled in {@code interval.method} and in each prediction's interval. */
    String OLS_EXACT = "ols-exact";

    /** The method of {@link Conformal}, as spelled in {@code interval.method} and in each prediction's interval. */
    String CONFORMAL = "conformal";

    /** The intended coverage, e.g. 0.95: the probability that a new observation falls inside. */
    double level();

    /** How the interval is computed: {@value #OLS_EXACT} or {@value #CONFORMAL}. */
    String method();

    /**
     * Half the interval's width at the features {@code x}, in schema order: the interval is the prediction
     * plus and minus this.
     */
    double halfWidthAt(double[] x);

    /**
     * Half the interval's width for every instance of a batch given as columns ({@code columns[f][i]}),
     * written into {@code out}; each the same double that {@link #halfWidthAt} gives for that instance.
     */
    void halfWidths(double[][] columns, int n, double[] out);

    /** Calls the method of {@code cases} for this method of interval and returns what it returns. */
    <R> R match(Cases<R> cases);

    /**
     * One method per interval method, for code that must treat them differently, such as the model file's
     * writer; a new method fails to compile until each says what to do with it.
     *
     * @param <R> what each case returns
     */
    interface Cases<R> {

        /** The case of an {@link OlsExact} interval. */
        R olsExact(OlsExact interval);

        /** The case of a {@link Conformal} interval. */
        R conformal(Conformal interval);
    }

    /**
     * The exact least-squares prediction interval:
     * {@code ŷ ± tCritical · s · sqrt(1 + x₀ᵀ (XᵀX)⁻¹ x₀)}, where {@code x₀ = (1, x₁, …, xₚ)}.
     *
     * <p>The critical value is stored rather than computed here, so that serving needs no statistics library.
     * Only a linear model fitted by ordinary least squares may carry it.
     *
     * @param level            the coverage, e.g. 0.95
     * @param tCritical        Student's t quantile at {@code (1 + level) / 2} with {@code degreesOfFreedom}
     * @param residualStdError the residual standard error s
     * @param degreesOfFreedom n − p − 1
     * @param xtxInverse       (XᵀX)⁻¹ for the design matrix with a leading column of ones; (p+1)×(p+1); copied
     *                         in and out
     */
    record OlsExact(double level, double tCritical, double residualStdError, long degreesOfFreedom,
                    double[][] xtxInverse) implements IntervalParameters {

        /**
         * @throws IllegalArgumentException if a number is out of range or the matrix is not square
         */
        public OlsExact {
            requireLevel(level);
            if (!(tCritical > 0) || !Double.isFinite(tCritical)) {
                throw new IllegalArgumentException("t_critical must be positive and finite, was " + tCritical);
            }
            if (!(residualStdError >= 0) || !Double.isFinite(residualStdError)) {
                throw new IllegalArgumentException("residual_std_error must be finite and not negative, was "
                        + residualStdError);
            }
            if (degreesOfFreedom < 1) {
                throw new IllegalArgumentException("degrees_of_freedom must be at least 1, was " + degreesOfFreedom);
            }
            Objects.requireNonNull(xtxInverse, "xtxInverse");
            int size = xtxInverse.length;
            double[][] copy = new double[size][];
            for (int i = 0; i < size; i++) {
                if (xtxInverse[i].length != size) {
                    throw new IllegalArgumentException("xtx_inverse must be square; row " + i + " has "
                            + xtxInverse[i].length + " entries, not " + size);
                }
                for (int j = 0; j < size; j++) {
                    if (!Double.isFinite(xtxInverse[i][j])) {
                        throw new IllegalArgumentException("xtx_inverse[" + i + "][" + j + "] must be finite, was "
                                + xtxInverse[i][j]);
                    }
                }
                copy[i] = xtxInverse[i].clone();
            }
            xtxInverse = copy;
        }

        @Override
        public String method() {
            return OLS_EXACT;
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.olsExact(this);
        }

        /** The size of (XᵀX)⁻¹: the number of features plus one for the intercept. */
        public int size() {
            return xtxInverse.length;
        }

        /** A copy of (XᵀX)⁻¹. */
        @Override
        public double[][] xtxInverse() {
            double[][] copy = new double[xtxInverse.length][];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = xtxInverse[i].clone();
            }
            return copy;
        }

        @Override
        public double halfWidthAt(double[] x) {
            int n = xtxInverse.length;
            double quadratic = 0;
            for (int i = 0; i < n; i++) {
                double xi = i == 0 ? 1 : x[i - 1];
                double row = 0;
                double[] a = xtxInverse[i];
                for (int j = 0; j < n; j++) {
                    row += a[j] * (j == 0 ? 1 : x[j - 1]);
                }
                quadratic += xi * row;
            }
            return tCritical * residualStdError * Math.sqrt(1 + Math.max(0, quadratic));
        }

        /**
         * Half the interval's width for every instance of a batch given as columns, written into {@code out}.
         * Same arithmetic as {@link #halfWidthAt(double[])}, in the same order, so a batch and single
         * predictions agree to the last bit.
         */
        @Override
        public void halfWidths(double[][] columns, int n, double[] out) {
            int size = xtxInverse.length;
            double[] quadratic = new double[n];
            double[] row = new double[n];
            // Loop by loop the same sums as halfWidthAt, in the same order for each instance, but each inner
            // loop runs down a column, which the JIT vectorises.
            for (int i = 0; i < size; i++) {
                Arrays.fill(row, 0);
                double[] a = xtxInverse[i];
                for (int j = 0; j < size; j++) {
                    double aij = a[j];
                    if (j == 0) {
                        for (int r = 0; r < n; r++) {
                            row[r] += aij * 1;
                        }
                    } else {
                        double[] xj = columns[j - 1];
                        for (int r = 0; r < n; r++) {
                            row[r] += aij * xj[r];
                        }
                    }
                }
                if (i == 0) {
                    for (int r = 0; r < n; r++) {
                        quadratic[r] += 1 * row[r];
                    }
                } else {
                    double[] xi = columns[i - 1];
                    for (int r = 0; r < n; r++) {
                        quadratic[r] += xi[r] * row[r];
                    }
                }
            }
            double scale = tCritical * residualStdError;
            for (int r = 0; r < n; r++) {
                out[r] = scale * Math.sqrt(1 + Math.max(0, quadratic[r]));
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OlsExact that
                    && Double.compare(level, that.level) == 0
                    && Double.compare(tCritical, that.tCritical) == 0
                    && Double.compare(residualStdError, that.residualStdError) == 0
                    && degreesOfFreedom == that.degreesOfFreedom
                    && Arrays.deepEquals(xtxInverse, that.xtxInverse);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(xtxInverse) * 31 + Double.hashCode(tCritical);
        }

        @Override
        public String toString() {
            return "OlsExact[level=" + level + ", tCritical=" + tCritical + ", residualStdError=" + residualStdError
                    + ", degreesOfFreedom=" + degreesOfFreedom + ", xtxInverse=" + Arrays.deepToString(xtxInverse)
                    + "]";
        }
    }

    /**
     * A conformal prediction interval of constant width: {@code ŷ(x) ± halfWidth}.
     *
     * <p>{@code halfWidth} is the {@code k}-th smallest of {@code n} absolute held-out residuals
     * {@code |yᵢ − ŷ₋ᵢ(xᵢ)|}, where {@code k = ⌈level · (n + 1)⌉} and {@code n = calibrationSize}: the
     * {@code level · (1 + 1/n)} empirical quantile. {@link #fromResiduals} computes it so. The scheme says
     * where the residuals came from:
     * <ul>
     *   <li>{@value #SPLIT}: a calibration set the model was not fitted on. Split conformal: for exchangeable
     *       data, a new observation falls inside with probability at least {@code level}.</li>
     *   <li>{@value #CV_PLUS}: each training row predicted by the model fitted without its fold, in k-fold
     *       cross-validation; {@value #JACKKNIFE_PLUS}: the same with leave-one-out. This is CV+ / jackknife+
     *       (Barber et al., 2021) simplified to the full model's prediction plus and minus one quantile of the
     *       residuals, so that the width does not depend on x: it keeps no formal guarantee beyond
     *       jackknife+'s {@code 1 − 2α}, and its coverage should be measured, as the trainer does.</li>
     * </ul>
     *
     * @param level           the intended coverage, e.g. 0.95
     * @param scheme          {@value #SPLIT}, {@value #CV_PLUS} or {@value #JACKKNIFE_PLUS}
     * @param halfWidth       the quantile q: the interval is the prediction ± q; finite, not negative
     * @param calibrationSize n, the number of residuals q was taken from; large enough that
     *                        {@code ⌈level · (n + 1)⌉ ≤ n}, e.g. at least 19 for 0.95
     */
    record Conformal(double level, String scheme, double halfWidth, long calibrationSize)
            implements IntervalParameters {

        /** Split conformal: residuals on a held-out calibration set. */
        public static final String SPLIT = "split";

        /** Residuals from k-fold cross-validation. */
        public static final String CV_PLUS = "cv+";

        /** Residuals from leave-one-out cross-validation. */
        public static final String JACKKNIFE_PLUS = "jackknife+";

        /** The schemes, in the order the documentation lists them. */
        public static final List<String> SCHEMES = List.of(SPLIT, CV_PLUS, JACKKNIFE_PLUS);

        /**
         * @throws IllegalArgumentException if a value is out of range or the calibration set is too small for
         *                                  the level
         */
        public Conformal {
            requireLevel(level);
            Objects.requireNonNull(scheme, "scheme");
            if (!SCHEMES.contains(scheme)) {
                throw new IllegalArgumentException("scheme must be one of " + SCHEMES + ", was \"" + scheme + "\"");
            }
            if (!(halfWidth >= 0) || !Double.isFinite(halfWidth)) {
                throw new IllegalArgumentException("half_width must be finite and not negative, was " + halfWidth);
            }
            if (calibrationSize < 1) {
                throw new IllegalArgumentException("calibration_size must be at least 1, was " + calibrationSize);
            }
            if (rank(level, calibrationSize) > calibrationSize) {
                throw new IllegalArgumentException("calibration_size " + calibrationSize + " is too small for level "
                        + level + ": the interval needs the ⌈level · (n + 1)⌉-th smallest of n residuals, "
                        + rank(level, calibrationSize) + " of " + calibrationSize);
            }
        }

        /**
         * The conformal interval from held-out residuals: {@code halfWidth} is the
         * {@code ⌈level · (n + 1)⌉}-th smallest of their absolute values.
         *
         * @param level     the intended coverage, e.g. 0.95
         * @param scheme    where the residuals came from: {@value #SPLIT}, {@value #CV_PLUS} or
         *                  {@value #JACKKNIFE_PLUS}
         * @param residuals held-out residuals {@code yᵢ − ŷ₋ᵢ(xᵢ)}, any sign; finite
         * @throws IllegalArgumentException if a residual is not finite or there are too few for the level
         */
        public static Conformal fromResiduals(double level, String scheme, double[] residuals) {
            requireLevel(level);
            int n = residuals.length;
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(residuals[i])) {
                    throw new IllegalArgumentException("residual " + i + " must be finite, was " + residuals[i]);
                }
                scores[i] = Math.abs(residuals[i]);
            }
            long k = rank(level, n);
            if (n == 0 || k > n) {
                throw new IllegalArgumentException(n + " residuals are too few for level " + level
                        + ": the interval needs the ⌈level · (n + 1)⌉-th smallest, " + k);
            }
            Arrays.sort(scores);
            return new Conformal(level, scheme, scores[(int) k - 1], n);
        }

        /**
         * {@code ⌈level · (n + 1)⌉}, computed so that a product that is whole in decimal, such as
         * 0.95 · 20, is not pushed up by binary rounding.
         */
        static long rank(double level, long n) {
            return (long) Math.ceil(level * (n + 1) - 1e-9);
        }

        @Override
        public String method() {
            return CONFORMAL;
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.conformal(this);
        }

        @Override
        public double halfWidthAt(double[] x) {
            return halfWidth;
        }

        @Override
        public void halfWidths(double[][] columns, int n, double[] out) {
            Arrays.fill(out, 0, n, halfWidth);
        }
    }

    private static void requireLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be between 0 and 1, was " + level);
        }
    }
}
