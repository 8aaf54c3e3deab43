package com.salaryml.training;

import com.salaryml.artifact.FeatureSchema;
import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.Metrics;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Target;
import com.salaryml.artifact.TrainingData;
import java.util.ArrayList;
import java.util.List;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.OLS;

/** Fits ordinary least squares with an intercept, using Smile, after checking that the fit is well posed. */
final class Trainer {

    static final String ALGORITHM = "ols";

    /**
     * A column whose part unexplained by the columns before it is smaller than this share of its spread is
     * treated as a linear combination of them: its coefficient would be noise.
     */
    private static final double COLLINEAR_TOLERANCE = 1e-10;

    private Trainer() {
    }

    static LinearModel fit(Dataset data, FeatureSchema schema, Target target, String name, String version)
            throws DataException {
        checkWellPosed(data);
        String[] columns = new String[schema.size() + 1];
        for (int j = 0; j < schema.size(); j++) {
            columns[j] = schema.names().get(j);
        }
        columns[schema.size()] = target.name();
        DataFrame frame = DataFrame.of(data.rowsWithTarget(), columns);
        smile.regression.LinearModel fitted = OLS.fit(Formula.lhs(target.name()), frame);

        double[] residuals = fitted.residuals();
        double absolute = 0;
        for (double residual : residuals) {
            absolute += Math.abs(residual);
        }
        int n = data.rows();
        var metrics = new Metrics(fitted.RSquared(), Math.sqrt(fitted.RSS() / n), absolute / n);
        var provenance = new TrainingData(data.file(), data.sha256(), n);
        var metadata = new ModelMetadata(name, version, ALGORITHM, schema, target, metrics, provenance);
        return new LinearModel(metadata, fitted.intercept(), fitted.coefficients());
    }

    /** Rejects data on which least squares has no unique, meaningful answer, naming the column at fault. */
    static void checkWellPosed(Dataset data) throws DataException {
        int n = data.rows();
        int p = data.columns().length;
        if (n < p + 2) {
            throw new DataException(data.file() + ": " + n + " data rows are too few to fit " + p
                    + " coefficients and an intercept and still measure the error; at least " + (p + 2)
                    + " rows are needed");
        }
        // Gram-Schmidt on the centred columns: centring accounts for the intercept, and whatever of a column
        // the earlier columns cannot explain is left over. A column with nothing left over adds no information.
        List<double[]> basis = new ArrayList<>();
        List<String> basisNames = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            String name = data.features().get(j);
            double[] column = centred(data.columns()[j]);
            double spread = dot(column, column);
            // Compare the values themselves: centring rounds, so a constant 0.1 leaves a tiny non-zero spread.
            if (isConstant(data.columns()[j])) {
                throw new DataException(data.file() + ": column '" + name + "' is constant (every row has "
                        + plain(data.columns()[j][0]) + "), so its effect cannot be told apart from the intercept;"
                        + " drop the column or add rows where it varies");
            }
            for (double[] unit : basis) {
                double projection = dot(column, unit);
                for (int i = 0; i < n; i++) {
                    column[i] -= projection * unit[i];
                }
            }
            double left = dot(column, column);
            if (left <= COLLINEAR_TOLERANCE * spread) {
                throw new DataException(data.file() + ": column '" + name + "' is collinear with "
                        + String.join(", ", basisNames.stream().map(c -> "'" + c + "'").toList())
                        + " and the intercept: it is a linear combination of them, so the coefficients have no"
                        + " unique values; drop one of these columns or add rows that break the pattern");
            }
            double norm = Math.sqrt(left);
            for (int i = 0; i < n; i++) {
                column[i] /= norm;
            }
            basis.add(column);
            basisNames.add(name);
        }
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

    private static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
