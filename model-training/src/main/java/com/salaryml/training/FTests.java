package com.salaryml.training;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.util.ArrayList;
import java.util.List;
import smile.stat.distribution.FDistribution;

/**
 * One F-test per categorical feature of a least-squares model: whether the feature matters at all, its levels
 * taken together. Each level's t-test only compares that level with the reference level; which level is the
 * reference is a choice, whether the category matters is not. This is R's {@code anova(reduced, full)} (or
 * {@code drop1(fit, test = "F")}) for dropping the feature's columns.
 *
 * <p>Computed from the model file alone, as the Wald test of the feature's coefficients {@code b}:
 * {@code F = bᵀ V⁻¹ b / q} with {@code V = s² · (XᵀX)⁻¹} restricted to the feature's {@code q} columns, on
 * {@code q} and the residual degrees of freedom. For least squares this is exactly the F of the two nested fits.
 */
final class FTests {

    private FTests() {
    }

    /**
     * One categorical feature's test.
     *
     * @param feature          the feature
     * @param numeratorDf      q, its columns: its levels less one
     * @param denominatorDf    the fit's residual degrees of freedom
     * @param f                the F statistic
     * @param p                the probability of an F so large if none of its levels made a difference
     */
    record FTest(Feature feature, int numeratorDf, long denominatorDf, double f, double p) {
    }

    /**
     * The F-test of each categorical feature, in schema order; none for a model that is not least squares, whose
     * coefficients have no such distribution, or that has no category.
     */
    static List<FTest> of(Model model) {
        if (!(model.interval() instanceof IntervalParameters.OlsExact exact)
                || !(model.kind() instanceof LinearModel linear)) {
            return List.of();
        }
        FeatureSchema schema = model.metadata().schema();
        Design design = Design.of(schema);
        double[][] inverse = exact.xtxInverse();
        double variance = exact.residualStdError() * exact.residualStdError();
        var tests = new ArrayList<FTest>();
        for (int f = 0; f < schema.size(); f++) {
            Feature feature = schema.features().get(f);
            if (!feature.isCategorical()) {
                continue;
            }
            int q = design.width(f);
            int at = design.offset(f);
            double[][] block = new double[q][q];
            double[] b = new double[q];
            for (int i = 0; i < q; i++) {
                b[i] = linear.coefficient(at + i);
                for (int j = 0; j < q; j++) {
                    // Row and column 0 of (XᵀX)⁻¹ are the intercept's.
                    block[i][j] = inverse[at + i + 1][at + j + 1];
                }
            }
            double quadratic = dot(b, solve(block, b));
            double statistic = quadratic / variance / q;
            double p = 1 - new FDistribution(q, Math.toIntExact(exact.degreesOfFreedom())).cdf(statistic);
            tests.add(new FTest(feature, q, exact.degreesOfFreedom(), statistic, Math.max(0, Math.min(1, p))));
        }
        return tests;
    }

    /** {@code a⁻¹ b} for a symmetric positive definite {@code a}, by its Cholesky factor. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
