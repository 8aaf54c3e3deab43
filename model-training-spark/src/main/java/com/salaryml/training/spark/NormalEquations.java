package com.salaryml.training.spark;

import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.training.DataChecks;
import com.salaryml.training.DataException;
import com.salaryml.training.Intervals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import smile.math.special.Beta;

/**
 * Least squares and ridge from the centred cross products of features and target ({@link Moments}), on the
 * driver: the checks that the fit is well posed, the coefficients, (XᵀX)⁻¹ for the exact interval and the
 * coefficients' t-test table. Each is a p × p problem however many rows there are.
 */
final class NormalEquations {

    private NormalEquations() {
    }

    /**
     * The Smile trainer's checks, on the cross products: a constant column, or one that is a linear combination of
     * those before it (what Gram-Schmidt on the centred columns leaves of it is a pivot of their Cholesky factor).
     * Reported in the Smile trainer's order: column by column, a constant column before a collinear one.
     */
    static void checkWellPosed(String file, List<String> names, Moments all, double[] centre)
            throws DataException {
        int p = names.size();
        int dependent = Linear.firstDependent(all.crossProducts(Moments.all(p)), DataChecks.COLLINEAR_TOLERANCE);
        int last = dependent < 0 ? p - 1 : dependent;
        for (int j = 0; j <= last; j++) {
            if (!all.varies(j)) {
                throw DataChecks.constantColumn(file, names.get(j), all.least(j, centre));
            }
        }
        if (dependent >= 0) {
            throw DataChecks.collinearColumn(file, names.get(dependent), names.subList(0, dependent));
        }
    }

    /** A linear model's intercept and coefficients. */
    record Solution(double intercept, double[] coefficients) {
    }

    /**
     * Least squares, or ridge with {@code lambda} > 0, from centred cross products: β = (Sₓₓ + λ·diag(σⱼ²))⁻¹ Sₓᵧ
     * with σⱼ the features' population standard deviations (Smile's ridge standardises the features so, penalises
     * the standardised coefficients, and scales back), and the intercept through the means.
     */
    static Solution solve(Moments moments, double[] centre, int p, double lambda) {
        return solve(moments, centre, p, Moments.all(p), lambda);
    }

    /**
     * As {@link #solve(Moments, double[], int, double)} on the columns {@code kept} alone: the others' coefficients
     * are 0, as for a column that does not vary over a fold's rows, which the Smile trainer leaves out of the fold.
     */
    static Solution solve(Moments moments, double[] centre, int p, int[] kept, double lambda) {
        double[][] sxx = moments.crossProducts(kept);
        double[] sxy = new double[kept.length];
        for (int a = 0; a < kept.length; a++) {
            sxy[a] = moments.centred(kept[a], p);
        }
        for (int a = 0; a < kept.length; a++) {
            sxx[a][a] += lambda * moments.centred(kept[a], kept[a]) / moments.count;
        }
        double[] solved = Linear.solve(sxx, sxy);
        double[] beta = new double[p];
        double intercept = moments.mean(p, centre);
        for (int a = 0; a < kept.length; a++) {
            beta[kept[a]] = solved[a];
            intercept -= solved[a] * moments.mean(kept[a], centre);
        }
        return new Solution(intercept, beta);
    }

    /** The columns that vary over these rows, of the first p. */
    static int[] varying(Moments moments, int p) {
        return java.util.stream.IntStream.range(0, p).filter(moments::varies).toArray();
    }

    static double dotWithTarget(Moments moments, double[] beta, int p) {
        double sum = 0;
        for (int j = 0; j < p; j++) {
            sum += beta[j] * moments.centred(j, p);
        }
        return sum;
    }

    /**
     * (XᵀX)⁻¹ of the design with its column of ones, from the centred cross products S: with m the feature means,
     * the block inverse [[1/n + mᵀS⁻¹m, −mᵀS⁻¹], [−S⁻¹m, S⁻¹]], symmetric by construction.
     */
    static double[][] inverse(Moments moments, double[] centre, int p) {
        return inverse(moments, centre, Moments.all(p));
    }

    /** As {@link #inverse(Moments, double[], int)}, of the design of the columns {@code kept} alone. */
    static double[][] inverse(Moments moments, double[] centre, int[] kept) {
        int p = kept.length;
        double[][] sxx = moments.crossProducts(kept);
        double[] mean = new double[p];
        for (int a = 0; a < p; a++) {
            mean[a] = moments.mean(kept[a], centre);
        }
        double[][] sInverse = Linear.inverse(sxx);
        double[] sm = new double[p];
        double msm = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                sm[a] += sInverse[a][b] * mean[b];
            }
            msm += mean[a] * sm[a];
        }
        double[][] inverse = new double[p + 1][p + 1];
        inverse[0][0] = 1.0 / moments.count + msm;
        for (int a = 0; a < p; a++) {
            inverse[0][a + 1] = -sm[a];
            inverse[a + 1][0] = -sm[a];
            for (int b = 0; b < p; b++) {
                inverse[a + 1][b + 1] = (sInverse[a][b] + sInverse[b][a]) / 2;
            }
        }
        return inverse;
    }

    static IntervalParameters.OlsExact exact(Moments all, double[] centre, int p, double rss, long df) {
        return new IntervalParameters.OlsExact(Intervals.LEVEL, tCritical(df), Math.sqrt(rss / df),
                Math.toIntExact(df), inverse(all, centre, p));
    }

    private static final Map<Long, Double> T_CRITICAL = new java.util.concurrent.ConcurrentHashMap<>();

    static double tCritical(long df) {
        return T_CRITICAL.computeIfAbsent(df, d -> Intervals.tCritical(d, Intervals.LEVEL));
    }

    /** Estimates, standard errors, t values and p values, as Smile's least-squares t-test table computes them. */
    static List<CoefficientStats> coefficientStats(double intercept, double[] coefficients,
                                                           IntervalParameters.OlsExact interval, List<String> names) {
        double[][] inverse = interval.xtxInverse();
        double rse = interval.residualStdError();
        double df = interval.degreesOfFreedom();
        var stats = new ArrayList<CoefficientStats>();
        for (int i = 0; i <= coefficients.length; i++) {
            double estimate = i == 0 ? intercept : coefficients[i - 1];
            double se = rse * Math.sqrt(inverse[i][i]);
            double t = estimate / se;
            double pValue = Beta.regularizedIncompleteBetaFunction(0.5 * df, 0.5, df / (df + t * t));
            stats.add(new CoefficientStats(i == 0 ? "intercept" : names.get(i - 1), estimate, se, t, pValue));
        }
        return stats;
    }
}
