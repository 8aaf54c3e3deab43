package com.salaryml.training;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Near-collinearity of a linear model's design, found before the fit: columns (after one-hot coding) that the
 * others nearly explain, and rows the fit cannot do without. {@link DataChecks} refuses exact collinearity; this
 * names what stops just short of it, where the fit still succeeds (and equals R's) but its coefficients are noise
 * and cross-validation breaks down. In AER::CPS1985, age = education + experience + 6 in every row but one: with
 * that row left out, leave-one-out fits a singular design, predicts it wildly, and reports an R² of −10²¹.
 *
 * <ul>
 *   <li>A column's <b>variance inflation factor</b> is 1 / (1 − R²) of the column regressed on the others and
 *       the intercept: how many times its coefficient's variance is inflated by what the others share with it. It
 *       is the diagonal of the inverse of the columns' correlation matrix.
 *   <li>The <b>condition number</b> is the ratio of the largest to the smallest singular value of the design's
 *       columns centred and scaled to unit length (the intercept taken out by centring): 1 when they are
 *       uncorrelated.
 *   <li>A row's <b>leverage</b> is its diagonal element of the hat matrix, with the intercept. At 1, the fit
 *       passes through the row whatever its target, and without it the design is singular: the row alone tells
 *       some columns apart. Leave-one-out then cannot predict it.
 * </ul>
 *
 * <p>All three come from one Householder QR factorization of the centred, scaled design, Z = QR: the inverse of the
 * correlation matrix is R⁻¹R⁻ᵀ, Z's singular values are R's, and a row's leverage is 1/n plus the squared length of
 * its row of Q = ZR⁻¹. The factorization keeps their accuracy near the condition number times the rounding error,
 * where the normal equations would square it.
 *
 * @param inflations      every design column's variance inflation factor, in the design's order
 * @param conditionNumber the condition number of the centred and scaled design columns
 * @param fullLeverage    the rows whose leverage is 1 within rounding, in order
 */
record Collinearity(List<Inflation> inflations, double conditionNumber, List<Leverage> fullLeverage) {

    /** A variance inflation factor from this on is named: the common rule of thumb for a coefficient to distrust. */
    static final double VIF_LIMIT = 10;

    /** A condition number from this on is named (Belsley, Kuh and Welsch's threshold of serious collinearity). */
    static final double CONDITION_LIMIT = 30;

    /**
     * A leverage this close to 1 is 1: the QR factorization computes it to about the condition number times
     * 2⁻⁵², far inside this, while a row of real data that merely stands out has 1 − h above 10⁻³.
     */
    static final double LEVERAGE_TOLERANCE = 1e-9;

    /**
     * One design column's variance inflation factor.
     *
     * @param column the design column, as the model file names it ({@code rank=Prof} for a level)
     * @param vif    its variance inflation factor, at least 1
     */
    record Inflation(String column, double vif) {
    }

    /**
     * A row with leverage 1.
     *
     * @param row      the row's place among the data file's data rows, from 1 (R's row name), counting rows that
     *                 {@code --drop-incomplete} left out
     * @param leverage its leverage, within {@link #LEVERAGE_TOLERANCE} of 1
     */
    record Leverage(long row, double leverage) {
    }

    Collinearity {
        inflations = List.copyOf(inflations);
        fullLeverage = List.copyOf(fullLeverage);
    }

    /**
     * The diagnostics of a linear model's design, before it is fitted, printed: one line on {@code detail} when
     * nothing is near-collinear, else warnings on {@code err}, which {@code --quiet} does not silence, since they
     * explain a refusal to come.
     *
     * @return the diagnostics, or {@code null} for a tree ensemble, which minds no collinearity
     * @throws DataException if the design is not well posed at all (a constant or exactly collinear column)
     */
    static Collinearity before(Dataset data, DataSchema schema, FitSettings settings, PrintStream detail,
                               PrintStream err) throws DataException {
        if (!settings.algorithm().linear()) {
            return null;
        }
        Collinearity collinearity = of(Trainer.prepare(data, Declared.of(schema), settings).fitData(), data.dropped());
        if (collinearity.nearlyCollinear()) {
            collinearity.warnings().forEach(line -> err.println("warning: " + line));
        } else {
            detail.println(collinearity.summary());
        }
        return collinearity;
    }

    /**
     * The diagnostics of a design.
     *
     * @param design  the design columns, as the linear fit sees them, each varying (as {@link DataChecks} ensures)
     * @param left    the rows left out of the file, to number the rest as the file does
     * @return the diagnostics
     */
    static Collinearity of(Dataset design, Dataset.Dropped left) {
        int n = design.rows();
        int p = design.columns().length;
        // Z, column by column: centred, then scaled to unit length.
        double[][] z = new double[p][];
        for (int j = 0; j < p; j++) {
            double[] column = design.columns()[j];
            double mean = 0;
            for (double value : column) {
                mean += value;
            }
            mean /= n;
            double[] centred = new double[n];
            double squares = 0;
            for (int i = 0; i < n; i++) {
                centred[i] = column[i] - mean;
                squares += centred[i] * centred[i];
            }
            double length = Math.sqrt(squares);
            for (int i = 0; i < n; i++) {
                centred[i] /= length;
            }
            z[j] = centred;
        }
        double[][] r = householderR(copy(z), n, p);
        double[][] inverse = upperInverse(r, p);
        var inflations = new ArrayList<Inflation>(p);
        for (int j = 0; j < p; j++) {
            double vif = 0;
            for (int k = j; k < p; k++) {
                vif += inverse[j][k] * inverse[j][k];
            }
            inflations.add(new Inflation(design.features().get(j), vif));
        }
        double[] singular = singularValues(r, p);
        double largest = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (double s : singular) {
            largest = Math.max(largest, s);
            smallest = Math.min(smallest, s);
        }
        var fullLeverage = new ArrayList<Leverage>();
        double[] q = new double[p];
        for (int i = 0; i < n; i++) {
            // The row of Q = Z R⁻¹: q_k = Σ_j z_ij (R⁻¹)_jk, R⁻¹ upper triangular.
            double h = 1.0 / n;
            for (int k = 0; k < p; k++) {
                double sum = 0;
                for (int j = 0; j <= k; j++) {
                    sum += z[j][i] * inverse[j][k];
                }
                q[k] = sum;
                h += sum * sum;
            }
            if (1 - h <= LEVERAGE_TOLERANCE) {
                fullLeverage.add(new Leverage(fileRow(i, left), h));
            }
        }
        return new Collinearity(inflations, largest / smallest, fullLeverage);
    }

    /**
     * A row's place among the data file's data rows, from 1 (R's row name): its index among the rows read, plus
     * the rows {@code --drop-incomplete} left out before it.
     *
     * @param index   the row's index in the data, from 0
     * @param dropped the rows left out
     * @return the row's number in the file
     */
    static long fileRow(int index, Dataset.Dropped dropped) {
        long row = index + 1;
        for (long left : dropped.rows()) {
            // Ascending: each left-out row at or before this one's place pushes it one further.
            if (left <= row) {
                row++;
            }
        }
        return row;
    }

    /** The columns whose variance inflation factor is {@value #VIF_LIMIT} or more, the largest first. */
    List<Inflation> inflated() {
        return inflations.stream().filter(i -> i.vif() >= VIF_LIMIT)
                .sorted(Comparator.comparingDouble(Inflation::vif).reversed()).toList();
    }

    /** Whether anything is named: an inflated column, a condition number from the limit on, a row of leverage 1. */
    boolean nearlyCollinear() {
        return !inflated().isEmpty() || conditionNumber >= CONDITION_LIMIT || !fullLeverage.isEmpty();
    }

    /** The column with the largest variance inflation factor. */
    Inflation largest() {
        return inflations.stream().max(Comparator.comparingDouble(Inflation::vif)).orElseThrow();
    }

    /** The one line said when nothing is near-collinear. */
    String summary() {
        Inflation largest = largest();
        return String.format(Locale.ROOT, "Design: %d column%s, condition number %.2f, largest variance inflation"
                        + " factor %.2f (%s); not near-collinear.", inflations.size(), inflations.size() == 1 ? "" : "s",
                conditionNumber, largest.vif(), largest.column());
    }

    /** The columns to name: those inflated, or, if none is but the condition number is high, the two largest. */
    List<String> named() {
        List<Inflation> named = inflated();
        if (named.isEmpty() && conditionNumber >= CONDITION_LIMIT) {
            named = inflations.stream().sorted(Comparator.comparingDouble(Inflation::vif).reversed()).limit(2).toList();
        }
        return named.stream().map(Inflation::column).toList();
    }

    /** What is near-collinear and what to do, one sentence a line, as the command and the review report say it. */
    List<String> warnings() {
        var lines = new ArrayList<String>();
        lines.add(String.format(Locale.ROOT, "the design is nearly collinear: condition number %.2f of its centred"
                + " and scaled columns (from %.0f on is near-collinear; 1 is none)", conditionNumber, CONDITION_LIMIT));
        List<Inflation> inflated = inflated();
        if (!inflated.isEmpty()) {
            lines.add("variance inflation factors of " + (int) VIF_LIMIT + " or more: " + String.join(", ",
                    inflated.stream().map(i -> String.format(Locale.ROOT, "%s %.2f", i.column(), i.vif())).toList())
                    + " (each is 1 / (1 − R²) of the column regressed on the others: so much is its coefficient's"
                    + " variance inflated)");
        }
        if (!fullLeverage.isEmpty()) {
            lines.add(rows() + (fullLeverage.size() == 1 ? " has" : " have") + " leverage 1: the fit passes through "
                    + (fullLeverage.size() == 1 ? "it" : "each") + " whatever its target, and without "
                    + (fullLeverage.size() == 1 ? "it" : "one") + " the design is singular, so cross-validation"
                    + " cannot predict " + (fullLeverage.size() == 1 ? "it" : "them") + " and its figures are"
                    + " meaningless");
        }
        List<String> named = named();
        String columns = series(named);
        if (!named.isEmpty() && !fullLeverage.isEmpty()) {
            lines.add("what to do: drop one of " + columns + " from the schema file; " + rows() + " alone "
                    + (fullLeverage.size() == 1 ? "tells" : "tell") + " them apart, so check "
                    + (fullLeverage.size() == 1 ? "it" : "them") + " for a mistake: left out, the columns are exactly"
                    + " collinear and one must go anyway");
        } else if (!named.isEmpty()) {
            lines.add("what to do: drop one of " + columns + " from the schema file, or gather rows that tell them"
                    + " apart; their coefficients cannot be trusted as they are");
        } else {
            lines.add("what to do: check " + rows() + ": without " + (fullLeverage.size() == 1 ? "it" : "them")
                    + " a column (or a level no other row has) cannot be estimated; gather more rows like "
                    + (fullLeverage.size() == 1 ? "it" : "them") + ", or leave " + (fullLeverage.size() == 1 ? "it"
                    : "them") + " out together with that column or level");
        }
        return lines;
    }

    /** The rows of leverage 1, as the file numbers them: {@code data row 444}, {@code data rows 3, 9 and 12}. */
    private String rows() {
        List<String> numbers = fullLeverage.stream().limit(10).map(l -> Long.toString(l.row())).toList();
        String listed = series(numbers) + (fullLeverage.size() > 10 ? " and " + (fullLeverage.size() - 10)
                + " more" : "");
        return (fullLeverage.size() == 1 ? "data row " : "data rows ") + listed;
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String series(List<String> items) {
        return items.size() <= 1 ? String.join("", items)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static double[][] copy(double[][] columns) {
        double[][] copy = new double[columns.length][];
        for (int j = 0; j < columns.length; j++) {
            copy[j] = columns[j].clone();
        }
        return copy;
    }

    /** R of the Householder QR factorization of the n × p matrix {@code a}, given column by column (overwritten). */
    private static double[][] householderR(double[][] a, int n, int p) {
        double[][] r = new double[p][p];
        for (int k = 0; k < p; k++) {
            double[] column = a[k];
            double norm = 0;
            for (int i = k; i < n; i++) {
                norm = Math.hypot(norm, column[i]);
            }
            double alpha = column[k] > 0 ? -norm : norm;
            // v = x − alpha e_k, stored in column k's lower part.
            column[k] -= alpha;
            double vv = 0;
            for (int i = k; i < n; i++) {
                vv += column[i] * column[i];
            }
            r[k][k] = alpha;
            for (int j = k + 1; j < p; j++) {
                double[] other = a[j];
                double dot = 0;
                for (int i = k; i < n; i++) {
                    dot += column[i] * other[i];
                }
                double factor = vv == 0 ? 0 : 2 * dot / vv;
                for (int i = k; i < n; i++) {
                    other[i] -= factor * column[i];
                }
                r[k][j] = other[k];
            }
        }
        return r;
    }

    /** The inverse of an upper triangular matrix, by back substitution column by column. */
    private static double[][] upperInverse(double[][] r, int p) {
        double[][] inverse = new double[p][p];
        for (int col = 0; col < p; col++) {
            for (int i = col; i >= 0; i--) {
                double sum = i == col ? 1 : 0;
                for (int k = i + 1; k <= col; k++) {
                    sum -= r[i][k] * inverse[k][col];
                }
                inverse[i][col] = sum / r[i][i];
            }
        }
        return inverse;
    }

    /**
     * The singular values of a small square matrix by one-sided Jacobi rotations, which compute even the smallest
     * to a high relative accuracy: columns are rotated in pairs until all are orthogonal, and their lengths are
     * the singular values.
     */
    private static double[] singularValues(double[][] r, int p) {
        double[][] u = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                u[j][i] = r[i][j];
            }
        }
        for (int sweep = 0; sweep < 60; sweep++) {
            boolean rotated = false;
            for (int j = 0; j < p - 1; j++) {
                for (int k = j + 1; k < p; k++) {
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int i = 0; i < p; i++) {
                        alpha += u[j][i] * u[j][i];
                        beta += u[k][i] * u[k][i];
                        gamma += u[j][i] * u[k][i];
                    }
                    if (Math.abs(gamma) <= 1e-17 * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta == 0 ? 1 : zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    for (int i = 0; i < p; i++) {
                        double a = u[j][i];
                        double b = u[k][i];
                        u[j][i] = c * a - s * b;
                        u[k][i] = s * a + c * b;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] singular = new double[p];
        for (int j = 0; j < p; j++) {
            double squares = 0;
            for (int i = 0; i < p; i++) {
                squares += u[j][i] * u[j][i];
            }
            singular[j] = Math.sqrt(squares);
        }
        return singular;
    }
}
