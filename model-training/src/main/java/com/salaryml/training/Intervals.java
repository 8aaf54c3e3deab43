package com.salaryml.training;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.IntervalParameters;
import java.util.Arrays;
import smile.math.matrix.Matrix;
import smile.stat.distribution.TDistribution;

/**
 * The prediction intervals every trainer stores with its models, computed once for both: the exact least-squares
 * interval's Student t quantile, and for every other family the conformal interval from held-out residuals, with
 * its coverage measured on rows it was not calibrated on.
 */
public final class Intervals {

    /** The coverage of the prediction intervals stored with every model. */
    public static final double LEVEL = 0.95;

    private Intervals() {
    }

    /**
     * The conformal interval from the held-out residuals, or {@code null} when there are too few of them for
     * the level (fewer than 19 for 95%). It is centred on the model fitted on all rows, with the half width the
     * ⌈level · (n + 1)⌉-th smallest absolute residual: the constant-width form of jackknife+ (leave-one-out) and
     * CV+ (k-fold), which needs no fold model at serving time.
     *
     * @param heldOut the held-out residuals of a cross-validation
     * @return the interval, or {@code null} if there are too few residuals
     */
    public static IntervalParameters.Conformal conformal(HeldOut heldOut) {
        int n = heldOut.residuals().length;
        if (rank(n) > n) {
            return null;
        }
        return IntervalParameters.Conformal.fromResiduals(LEVEL, scheme(heldOut.crossValidation()),
                heldOut.residuals());
    }

    /**
     * Where a conformal interval's residuals come from, by how they were held out: leave-one-out's are
     * jackknife+'s, k-fold's CV+'s, and a holdout's, predicted by the served model itself, split conformal's.
     *
     * @param crossValidation how the residuals were held out
     * @return the interval's scheme
     */
    public static String scheme(CrossValidation crossValidation) {
        return switch (crossValidation.method()) {
            case CrossValidation.LEAVE_ONE_OUT -> IntervalParameters.Conformal.JACKKNIFE_PLUS;
            case CrossValidation.HOLDOUT -> IntervalParameters.Conformal.SPLIT;
            default -> IntervalParameters.Conformal.CV_PLUS;
        };
    }

    /**
     * How often, and how widely, a conformal interval covers held-out rows.
     *
     * @param coverage  the share of held-out rows inside the interval
     * @param meanWidth the interval's mean width over those rows
     */
    public record Conformity(double coverage, double meanWidth) {
    }

    /**
     * The conformal interval's coverage measured without looking at the rows it is judged on: each fold's rows
     * against the half width calibrated on the other folds' residuals alone. (Calibrated on all residuals, it
     * would cover at least 95% of them by construction, which would measure nothing.) {@code null} if a fold's
     * complement has too few residuals for the level. The width is in the target's unit: for a log model, as
     * served, between the exponentiated ends; the coverage is the same on either scale.
     *
     * @param heldOut the held-out residuals and folds of a cross-validation
     * @return the coverage and mean width, or {@code null}
     */
    public static Conformity conformity(HeldOut heldOut) {
        double[] residuals = heldOut.residuals();
        int n = residuals.length;
        int[] foldOf = heldOut.foldOf();
        int covered = 0;
        double widths = 0;
        for (int fold = 0; fold < heldOut.folds(); fold++) {
            var others = new double[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] != fold) {
                    others[m++] = Math.abs(residuals[i]);
                }
            }
            if (m == n) {
                continue; // an empty fold: fewer rows than folds
            }
            if (rank(m) > m) {
                return null;
            }
            double[] sorted = Arrays.copyOf(others, m);
            Arrays.sort(sorted);
            double half = sorted[rank(m) - 1];
            for (int i = 0; i < n; i++) {
                if (foldOf[i] == fold) {
                    widths += heldOut.width(i, half);
                    if (Math.abs(residuals[i]) <= half) {
                        covered++;
                    }
                }
            }
        }
        return new Conformity(covered / (double) n, widths / n);
    }

    /**
     * The rank, from 1, of the absolute residual that is a conformal interval's half width: ⌈level · (n + 1)⌉.
     *
     * @param n how many residuals there are
     * @return the rank; above {@code n} when there are too few residuals for the level
     */
    public static int rank(int n) {
        return (int) Math.ceil(LEVEL * (n + 1) - 1e-9);
    }

    /** The exact least-squares interval of a fit on {@code rows} of the data, or on all of them if null. */
    static IntervalParameters.OlsExact olsExact(Dataset data, int[] rows, double rss, int degreesOfFreedom) {
        int p = data.columns().length;
        double[][] xtx = new double[p + 1][p + 1];
        double[] row = new double[p + 1];
        row[0] = 1;
        int count = rows == null ? data.rows() : rows.length;
        for (int r = 0; r < count; r++) {
            int i = rows == null ? r : rows[r];
            for (int j = 0; j < p; j++) {
                row[j + 1] = data.columns()[j][i];
            }
            for (int a = 0; a <= p; a++) {
                for (int b = a; b <= p; b++) {
                    xtx[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a <= p; a++) {
            for (int b = 0; b < a; b++) {
                xtx[a][b] = xtx[b][a];
            }
        }
        double[][] inverse = Matrix.of(xtx).inverse().toArray();
        // Symmetric in exact arithmetic; make it so in floating point, so the quadratic form is too.
        for (int a = 0; a <= p; a++) {
            for (int b = 0; b < a; b++) {
                double mean = (inverse[a][b] + inverse[b][a]) / 2;
                inverse[a][b] = mean;
                inverse[b][a] = mean;
            }
        }
        double tCritical = tCritical(degreesOfFreedom, LEVEL);
        double residualStdError = Math.sqrt(rss / degreesOfFreedom);
        return new IntervalParameters.OlsExact(LEVEL, tCritical, residualStdError, degreesOfFreedom, inverse);
    }

    /**
     * Student's t quantile at {@code (1 + level) / 2}: the critical value of a two-sided interval of that level.
     * Smile's quantile is off by up to a few parts in 10⁸ (its incomplete beta function is), so it only starts
     * Newton's method on the exact finite series for P(|T| ≤ t) with whole degrees of freedom.
     *
     * @param degreesOfFreedom the distribution's degrees of freedom, at least 1
     * @param level            the interval's coverage, e.g. {@link #LEVEL}
     * @return the critical value t
     */
    public static double tCritical(long degreesOfFreedom, double level) {
        var distribution = new TDistribution(Math.toIntExact(degreesOfFreedom));
        double t = distribution.quantile((1 + level) / 2);
        for (int i = 0; i < 10; i++) {
            // d/dt P(|T| ≤ t) is twice the density; Smile's density is ample for the slope.
            double step = (centralProbability(t, degreesOfFreedom) - level) / (2 * distribution.p(t));
            t -= step;
            if (Math.abs(step) <= 1e-15 * t) {
                break;
            }
        }
        return t;
    }

    /**
     * P(|T| ≤ t) for Student's t with ν degrees of freedom, from the finite series of Abramowitz and Stegun
     * 26.7.3 (ν odd) and 26.7.4 (ν even), with θ = atan(t / √ν).
     */
    static double centralProbability(double t, long nu) {
        double theta = Math.atan(t / Math.sqrt(nu));
        double cos = Math.cos(theta);
        double cos2 = cos * cos;
        double term = 1;
        double sum = 1;
        if (nu % 2 == 0) {
            // sin θ · (1 + ½cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3···(ν−3))/(2·4···(ν−2))cos^(ν−2)θ)
            for (long k = 2; k <= nu - 2; k += 2) {
                term *= (k - 1) * cos2 / k;
                sum += term;
            }
            return Math.sin(theta) * sum;
        }
        // (2/π)(θ + sin θ cos θ · (1 + (2/3)cos²θ + … + (2·4···(ν−3))/(3·5···(ν−2))cos^(ν−3)θ));
        // for ν = 1 just (2/π)θ
        for (long k = 2; k <= nu - 3; k += 2) {
            term *= k * cos2 / (k + 1);
            sum += term;
        }
        return 2 / Math.PI * (theta + (nu == 1 ? 0 : Math.sin(theta) * cos * sum));
    }
}
