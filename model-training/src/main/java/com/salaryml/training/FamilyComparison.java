package com.salaryml.training;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.UnitFormat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every algorithm cross-validated on the same folds, so that a data scientist chooses a family by how well it
 * predicts rows it has not seen, not by how well it fits the ones it has. Asked for with
 * {@code --compare-families}; the chosen algorithm is still the one that is trained and gated.
 *
 * <p>Every family uses k-fold here, even a linear one that alone would use leave-one-out, so that each is
 * judged on exactly the same held-out rows. Each family's interval is measured as the trained model's would
 * be: the exact interval for ordinary least squares, a conformal one for the others.
 *
 * <p>Two families' RMSEs on the same held-out rows differ a little by chance. The verdict recommends
 * another family only when the difference is clear: when the mean of the rows' paired differences in squared
 * error is at least {@value #CLEAR} standard errors from zero.
 *
 * @param method  how the rows were split, e.g. {@code 10-fold, seed 42}
 * @param chosen  the algorithm chosen for the model being trained
 * @param results one per algorithm, in the order of {@link Algorithm}
 * @param seconds how long the comparison took
 */
record FamilyComparison(String method, Algorithm chosen, List<Result> results, double seconds, UnitFormat amounts) {

    /** How many standard errors make a difference in squared error clear rather than chance. */
    static final double CLEAR = 2;

    /**
     * One algorithm's cross-validation, or why it could not be fitted.
     *
     * @param crossValidation its metrics, with the interval's held-out coverage and mean width if it has one;
     *                        {@code null} if the data does not suit the algorithm
     * @param residuals       each row's held-out error in the target's unit, or {@code null}
     * @param problem         why not, or {@code null}
     */
    record Result(Algorithm algorithm, CrossValidation crossValidation, double[] residuals, String problem) {
    }

    static FamilyComparison run(Dataset data, Declared declared, FitSettings settings) {
        long started = System.nanoTime();
        var results = new ArrayList<Result>();
        String method = null;
        for (Algorithm algorithm : Algorithm.values()) {
            FitSettings each = settings.with(algorithm);
            HeldOut heldOut;
            try {
                Trainer.prepare(data, declared, each);
                heldOut = CrossValidator.crossValidate(data, declared, each, false);
            } catch (DataException e) {
                results.add(new Result(algorithm, null, null, String.join("; ", e.problems())));
                continue;
            }
            CrossValidation cv = heldOut.crossValidation();
            method = cv.folds() + "-fold, seed " + cv.seed();
            if (algorithm == Algorithm.OLS) {
                cv = cv.withInterval(heldOut.exactCoverage(), heldOut.exactMeanWidth());
            } else {
                Intervals.Conformity conformity = Intervals.conformity(heldOut);
                if (conformity != null) {
                    cv = cv.withInterval(conformity.coverage(), conformity.meanWidth());
                }
            }
            results.add(new Result(algorithm, cv, heldOut.errors(), null));
        }
        return new FamilyComparison(method == null ? "k-fold" : method, settings.algorithm(), List.copyOf(results),
                (System.nanoTime() - started) / 1e9, UnitFormat.of(declared.target().unit()));
    }

    /** The algorithm with the lowest cross-validated RMSE. */
    Optional<Result> best() {
        return results.stream().filter(result -> result.crossValidation() != null)
                .min(Comparator.comparingDouble(result -> result.crossValidation().rmse()));
    }

    /** A result's cross-validated RMSE against the chosen algorithm's, e.g. {@code $1,958.51 lower than ols}. */
    String againstChosen(Result result) {
        Result mine = results.stream().filter(one -> one.algorithm() == chosen).findFirst().orElseThrow();
        if (result.algorithm() == chosen || result.crossValidation() == null || mine.crossValidation() == null) {
            return "";
        }
        // In whole cents, as shown: a gap that rounds to $0.00 is no gap.
        double gap = Math.round(100 * (result.crossValidation().rmse() - mine.crossValidation().rmse())) / 100.0;
        return gap == 0 ? "the same as " + chosen.id
                : money(Math.abs(gap)) + (gap < 0 ? " lower than " : " higher than ") + chosen.id;
    }

    /** The verdict in one sentence: which family predicts best, and by how much against the chosen one. */
    String verdict() {
        Optional<Result> best = best();
        if (best.isEmpty()) {
            return "No algorithm could be cross-validated on this data.";
        }
        Result winner = best.get();
        Result mine = results.stream().filter(result -> result.algorithm() == chosen).findFirst().orElseThrow();
        String lowest = "Lowest cross-validated RMSE: " + winner.algorithm().id + ", "
                + money(winner.crossValidation().rmse());
        if (winner.algorithm() == chosen) {
            return lowest + ": " + chosen.id + ", the algorithm chosen for this model, predicts best.";
        }
        if (mine.crossValidation() == null) {
            return lowest + ". The chosen " + chosen.id + " could not be cross-validated: " + mine.problem();
        }
        double gap = mine.crossValidation().rmse() - winner.crossValidation().rmse();
        double z = standardErrors(mine.residuals(), winner.residuals());
        String against = lowest + ", " + money(gap) + " lower than " + chosen.id + "'s "
                + money(mine.crossValidation().rmse()) + " (the algorithm chosen for this model)";
        if (z < CLEAR) {
            return against + String.format(Locale.ROOT, ": within the noise of cross-validation (the rows' paired"
                    + " squared errors differ by %.2f standard errors), so %s serves as well.", z, chosen.id);
        }
        return against + String.format(Locale.ROOT, ": a clear difference (%.0f standard errors of the rows' paired"
                + " squared errors). To train it: --algorithm %s.", z, winner.algorithm().id);
    }

    /**
     * How many standard errors the mean of {@code a[i]² − b[i]²} is above zero: the paired comparison of two
     * families' squared errors on the same held-out rows.
     */
    static double standardErrors(double[] a, double[] b) {
        int n = a.length;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += a[i] * a[i] - b[i] * b[i];
        }
        mean /= n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = a[i] * a[i] - b[i] * b[i] - mean;
            squares += d * d;
        }
        double standardError = Math.sqrt(squares / (n - 1) / n);
        return standardError == 0 ? (mean > 0 ? Double.POSITIVE_INFINITY : 0) : mean / standardError;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "Families compared by cross-validation (%s, the same folds for each; %.1f s):%n", method,
                seconds);
        out.printf(Locale.ROOT, "  %-14s %12s %8s %12s %9s %12s  %s%n", "algorithm", "RMSE", "R²", "MAE", "coverage",
                "mean width", "RMSE against " + chosen.id);
        for (Result result : results) {
            CrossValidation cv = result.crossValidation();
            if (cv == null) {
                out.printf(Locale.ROOT, "  %-14s %s%n", result.algorithm().id, "not fitted: " + result.problem());
                continue;
            }
            out.printf(Locale.ROOT, "  %-14s %12s %8.4f %12s %9s %12s  %s%n", result.algorithm().id, money(cv.rmse()),
                    cv.rSquared(), money(cv.mae()), cv.intervalCoverage() == null ? "none"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * cv.intervalCoverage()),
                    cv.intervalMeanWidth() == null ? "none" : money(cv.intervalMeanWidth()),
                    result.algorithm() == chosen ? "(chosen)" : againstChosen(result));
        }
        out.println("  " + verdict());
    }

    void render(StringBuilder html) {
        html.append("<h2>Families compared by cross-validation</h2>\n<p>Every algorithm, cross-validated on the same"
                + " folds (").append(ReviewReport.esc(method)).append("), with the settings of the training"
                + " configuration. The one to trust is the one that predicts held-out rows best.</p>\n<table>\n")
                .append("<tr><th>algorithm</th><th>RMSE</th><th>R²</th><th>MAE</th><th>interval coverage</th>"
                        + "<th>mean width</th><th>RMSE against the chosen ").append(ReviewReport.esc(chosen.id))
                .append("</th></tr>\n");
        for (Result result : results) {
            CrossValidation cv = result.crossValidation();
            html.append("<tr><td>").append(ReviewReport.esc(result.algorithm().id
                    + (result.algorithm() == chosen ? " (chosen)" : ""))).append("</td>");
            if (cv == null) {
                html.append("<td colspan=\"6\">not fitted: ").append(ReviewReport.esc(result.problem())).append("</td></tr>\n");
                continue;
            }
            html.append("<td>").append(ReviewReport.esc(money(cv.rmse()))).append("</td><td>")
                    .append(ReviewReport.num(cv.rSquared(), 4)).append("</td><td>")
                    .append(ReviewReport.esc(money(cv.mae()))).append("</td><td>")
                    .append(cv.intervalCoverage() == null ? "none" : ReviewReport.num(100 * cv.intervalCoverage(), 1) + "%")
                    .append("</td><td>").append(cv.intervalMeanWidth() == null ? "none"
                            : ReviewReport.esc(money(cv.intervalMeanWidth()))).append("</td><td>")
                    .append(ReviewReport.esc(againstChosen(result))).append("</td></tr>\n");
        }
        html.append("</table>\n<p><strong>").append(ReviewReport.esc(verdict())).append("</strong></p>\n");
    }

    /** {@code value} in the target's unit, as everywhere else. */
    private String money(double value) {
        return amounts.format(value);
    }
}
