package com.salaryml.training;

import com.salaryml.artifact.schema.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks that a fit is well posed, and their messages, shared by both trainers: the Smile trainer runs them
 * on the columns it holds, the Spark trainer on cross products it sums over the cluster. Each message names the
 * data file and the column or setting at fault, and says what to do.
 */
public final class DataChecks {

    /**
     * A column whose part unexplained by the columns before it is smaller than this share of its spread is
     * treated as a linear combination of them: its coefficient would be noise.
     */
    public static final double COLLINEAR_TOLERANCE = 1e-10;

    private DataChecks() {
    }

    /**
     * Rejects data on which the algorithm has no unique, meaningful answer, naming the column or setting at
     * fault: for least squares too few rows, a constant column or collinear ones; for a tree ensemble, which
     * minds neither, too few rows, or a forest asked to choose among more features than there are.
     */
    static void checkWellPosed(Dataset data, FitSettings settings) throws DataException {
        int n = data.rows();
        int p = data.columns().length;
        if (settings.algorithm().trees()) {
            checkTreesWellPosed(data.file(), n, p, settings);
            return;
        }
        checkLinearRows(data.file(), n, p);
        // Gram-Schmidt on the centred columns: centring accounts for the intercept, and whatever of a column
        // the earlier columns cannot explain is left over. A column with nothing left over adds no information.
        List<double[]> basis = new ArrayList<>();
        List<String> basisNames = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            String name = data.features().get(j);
            double[] raw = data.columns()[j];
            if (isConstant(raw)) {
                throw constantColumn(data.file(), name, raw[0]);
            }
            double[] column = centred(raw);
            double spread = dot(column, column);
            for (double[] unit : basis) {
                double projection = dot(column, unit);
                for (int i = 0; i < n; i++) {
                    column[i] -= projection * unit[i];
                }
            }
            double left = dot(column, column);
            if (left <= COLLINEAR_TOLERANCE * spread) {
                throw collinearColumn(data.file(), name, basisNames);
            }
            double norm = Math.sqrt(left);
            for (int i = 0; i < n; i++) {
                column[i] /= norm;
            }
            basis.add(column);
            basisNames.add(name);
        }
    }

    /**
     * A linear model needs at least p + 3 rows: leave-one-out fits every n − 1 rows, and each of those fits must
     * itself be over-determined.
     *
     * @param file the data as the messages name it
     * @param n    the data rows
     * @param p    the features
     * @throws DataException if there are too few rows
     */
    public static void checkLinearRows(String file, long n, int p) throws DataException {
        if (n < p + 3) {
            throw new DataException(file + ": " + n + " data rows are too few to fit " + p
                    + " coefficients and an intercept and still measure the error on held-out rows; at least "
                    + (p + 3) + " rows are needed");
        }
    }

    /**
     * A tree ensemble minds neither constant nor collinear columns; it needs enough rows, and a forest must not be
     * asked to choose among more features than there are.
     *
     * @param file     the data as the messages name it
     * @param n        the data rows
     * @param p        the features
     * @param settings the algorithm and its settings
     * @throws DataException if there are too few rows, or a forest's {@code mtry} exceeds the features
     */
    public static void checkTreesWellPosed(String file, long n, int p, FitSettings settings) throws DataException {
        if (n < p + 3) {
            throw new DataException(file + ": " + n + " data rows are too few to fit a tree ensemble on "
                    + p + " features and still measure the error on held-out rows; at least " + (p + 3)
                    + " rows are needed");
        }
        if (settings.algorithm() == Algorithm.RANDOM_FOREST && settings.forest().mtry() > p) {
            throw new DataException("random_forest.mtry is " + settings.forest().mtry() + ", but " + file
                    + " has only " + p + " features for a split to choose from; set it to at most " + p
                    + ", or 0 for all of them");
        }
    }

    /**
     * The refusal of a constant column, whose effect cannot be told apart from the intercept.
     *
     * @param file  the data as the message names it
     * @param name  the column
     * @param value the value every row has
     * @return the exception to throw
     */
    public static DataException constantColumn(String file, String name, double value) {
        return new DataException(file + ": column '" + name + "' is constant (every row has "
                + Numbers.plain(value) + "), so its effect cannot be told apart from the intercept;"
                + " drop the column or add rows where it varies");
    }

    /**
     * The refusal of a column that is a linear combination of those before it and the intercept.
     *
     * @param file   the data as the message names it
     * @param name   the column
     * @param before the columns before it, in order
     * @return the exception to throw
     */
    public static DataException collinearColumn(String file, String name, List<String> before) {
        return new DataException(file + ": column '" + name + "' is collinear with "
                + String.join(", ", before.stream().map(c -> "'" + c + "'").toList())
                + " and the intercept: it is a linear combination of them, so the coefficients have no"
                + " unique values; drop one of these columns or add rows that break the pattern");
    }

    /**
     * The refusal of a linear fit with no residual at all, which real data never gives.
     *
     * @param file   the data as the message names it
     * @param target the target's name
     * @return the exception to throw
     */
    public static DataException exactFit(String file, String target) {
        return new DataException(file + ": " + target + " is an exact linear function of the"
                + " features on every row. Real data is never that clean: check whether the target leaked into"
                + " a feature column.");
    }

    /**
     * A range as messages write it, {@code [0, 1000000]}: plain numbers, no exponent.
     *
     * @param min the lowest valid value
     * @param max the highest valid value
     * @return the text
     */
    public static String range(double min, double max) {
        return "[" + Numbers.plain(min) + ", " + Numbers.plain(max) + "]";
    }

    private static boolean isConstant(double[] values) {
        for (double value : values) {
            if (value != values[0]) {
                return false;
            }
        }
        return true;
    }

    private static double[] centred(double[] values) {
        double mean = 0;
        for (double value : values) {
            mean += value;
        }
        mean /= values.length;
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] - mean;
        }
        return result;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
