package com.salaryml.training.spark;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The values that fill in missing cells on Spark, as the Smile trainer's {@code Imputation} computes them: the
 * median or the mean of a number's values, the level most rows have for a category (of levels equally frequent,
 * the first declared), from the training rows of the fit and from nothing else: each cross-validation fold's from
 * its own training rows, the published model's from all of them.
 *
 * <p>Up to {@value OrderStatistics#COLLECT_MAX} rows, the columns that fill cells in are collected to the driver and
 * the values computed as the Smile trainer computes them, in the same order, to the same bits. Above, in Spark: a
 * mean from sums and counts, a level from counts, a median from {@link OrderStatistics}, one pass per fold.
 */
final class SparkImputation {

    private SparkImputation() {
    }

    /** What fills in the data's gaps: the model's values, and each fold's when some cell is missing. */
    record Fills(double[] model, double[][] folds) implements java.io.Serializable {

        /** Whether a fold fills in values of its own: only when some cell is missing. */
        boolean perFold() {
            return folds != null;
        }

        /** The values a fold's fit uses: its own, or the model's when nothing is missing. */
        double[] of(int fold) {
            return folds == null ? model : folds[fold];
        }
    }

    /**
     * The model's fill values and, when a cell is missing, each fold's.
     *
     * @param fold   each row's fold, as a column
     * @param foldOf each row's fold by its place, or null for leave-one-out, where a row's place is its fold
     * @throws DataException if the rows a fit is made from have no value of a feature to fill its gaps with
     */
    static Fills of(Dataset<Row> rows, DataSchema schema, String file, long n, Column fold, int folds,
                    byte[] foldOf, long collectMax) throws DataException {
        FeatureSchema features = schema.features();
        List<Integer> filling = new ArrayList<>();
        for (int j = 0; j < features.size(); j++) {
            if (schema.missing().get(j) != Missing.Rule.REFUSE) {
                filling.add(j);
            }
        }
        double[] model = new double[features.size()];
        Arrays.fill(model, Double.NaN);
        if (filling.isEmpty()) {
            return new Fills(model, null);
        }
        Column anyMissing = functions.lit(0);
        for (int j : filling) {
            anyMissing = anyMissing.plus(functions.when(functions.isnan(functions.col(features.names().get(j))), 1)
                    .otherwise(0));
        }
        boolean gaps = rows.where(anyMissing.gt(0)).limit(1).count() > 0;
        if (n <= collectMax) {
            return collected(rows, schema, file, filling, gaps, folds, foldOf);
        }
        for (int j : filling) {
            model[j] = value(rows, schema, j, null);
        }
        require(schema, model, file);
        if (!gaps) {
            return new Fills(model, null);
        }
        double[][] perFold = new double[folds][features.size()];
        for (int f = 0; f < folds; f++) {
            Arrays.fill(perFold[f], Double.NaN);
            for (int j : filling) {
                perFold[f][j] = value(rows, schema, j, fold.notEqual(f));
            }
            require(schema, perFold[f], file + ", cross-validation fold " + (f + 1) + " of " + folds);
        }
        return new Fills(model, perFold);
    }

    /** The values from the columns on the driver, computed as the Smile trainer computes them. */
    private static Fills collected(Dataset<Row> rows, DataSchema schema, String file, List<Integer> filling,
                                   boolean gaps, int folds, byte[] foldOf) throws DataException {
        FeatureSchema features = schema.features();
        var columns = new ArrayList<Column>();
        for (int j : filling) {
            columns.add(functions.col(features.names().get(j)));
        }
        columns.add(functions.col(SparkTrainingData.ROW));
        List<Row> collected = rows.select(columns.toArray(Column[]::new)).orderBy(SparkTrainingData.ROW)
                .collectAsList();
        int n = collected.size();
        double[][] values = new double[filling.size()][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < filling.size(); k++) {
                values[k][i] = collected.get(i).getDouble(k);
            }
        }
        double[] model = new double[features.size()];
        Arrays.fill(model, Double.NaN);
        for (int k = 0; k < filling.size(); k++) {
            int j = filling.get(k);
            model[j] = statistic(schema.missing().get(j), features.features().get(j), values[k], null, -1);
        }
        require(schema, model, file);
        if (!gaps) {
            return new Fills(model, null);
        }
        int[] foldOfRow = new int[n];
        for (int i = 0; i < n; i++) {
            foldOfRow[i] = foldOf == null ? i : foldOf[i];
        }
        double[][] perFold = new double[folds][features.size()];
        for (int f = 0; f < folds; f++) {
            Arrays.fill(perFold[f], Double.NaN);
            for (int k = 0; k < filling.size(); k++) {
                int j = filling.get(k);
                perFold[f][j] = statistic(schema.missing().get(j), features.features().get(j), values[k], foldOfRow,
                        f);
            }
            require(schema, perFold[f], file + ", cross-validation fold " + (f + 1) + " of " + folds);
        }
        return new Fills(model, perFold);
    }

    /** The rule's statistic of the values not missing and not in fold {@code held} (of none if −1); NaN if none. */
    private static double statistic(Missing.Rule rule, Feature feature, double[] values, int[] foldOf, int held) {
        double[] observed = new double[values.length];
        int m = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && (held < 0 || foldOf[i] != held)) {
                observed[m++] = values[i];
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        observed = Arrays.copyOf(observed, m);
        return switch (rule) {
            case REFUSE -> Double.NaN;
            case MEDIAN -> {
                Arrays.sort(observed);
                yield m % 2 == 1 ? observed[m / 2] : (observed[m / 2 - 1] + observed[m / 2]) / 2;
            }
            case MEAN -> {
                double sum = 0;
                for (double value : observed) {
                    sum += value;
                }
                yield sum / m;
            }
            case MOST_FREQUENT -> {
                long[] counts = new long[feature.levels().size()];
                for (double code : observed) {
                    counts[(int) code]++;
                }
                yield mostFrequent(counts);
            }
        };
    }

    private static int mostFrequent(long[] counts) {
        int best = 0;
        for (int level = 1; level < counts.length; level++) {
            if (counts[level] > counts[best]) {
                best = level;
            }
        }
        return best;
    }

    /** The rule's statistic of feature {@code j} over the rows {@code where} selects (all if null), in Spark. */
    private static double value(Dataset<Row> rows, DataSchema schema, int j, Column where) {
        String name = schema.features().names().get(j);
        Column x = functions.col(name);
        Dataset<Row> observed = rows.where(functions.not(functions.isnan(x)));
        if (where != null) {
            observed = observed.where(where);
        }
        Feature feature = schema.features().features().get(j);
        return switch (schema.missing().get(j)) {
            case REFUSE -> Double.NaN;
            case MEAN -> {
                Row row = observed.agg(functions.sum(x), functions.count(x)).first();
                yield row.getLong(1) == 0 ? Double.NaN : row.getDouble(0) / row.getLong(1);
            }
            case MOST_FREQUENT -> {
                long[] counts = new long[feature.levels().size()];
                List<Row> levels = observed.groupBy(x).count().collectAsList();
                if (levels.isEmpty()) {
                    yield Double.NaN;
                }
                for (Row level : levels) {
                    counts[(int) level.getDouble(0)] = level.getLong(1);
                }
                yield mostFrequent(counts);
            }
            case MEDIAN -> {
                long m = observed.count();
                if (m == 0) {
                    yield Double.NaN;
                }
                long[] ranks = m % 2 == 1 ? new long[] {m / 2 + 1} : new long[] {m / 2, m / 2 + 1};
                double[][] selected = OrderStatistics.select(observed.select(x), m, ranks);
                yield m % 2 == 1 ? selected[0][0] : (selected[0][0] + selected[1][0]) / 2;
            }
        };
    }

    /** Refuses, as the Smile trainer does, a feature whose fit has no value to fill its gaps with. */
    private static void require(DataSchema schema, double[] values, String where) throws DataException {
        var problems = new ArrayList<String>();
        for (int j = 0; j < values.length; j++) {
            Missing.Rule rule = schema.missing().get(j);
            if (rule != Missing.Rule.REFUSE && Double.isNaN(values[j])) {
                String name = schema.features().names().get(j);
                problems.add(where + ": " + name + " is missing in every row, so there is no " + rule.id()
                        + " to fill it in with; leave " + name + " out of the schema file, or fill in its column");
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
    }

    /**
     * Each feature's count of missing cells in the rows as read, in one pass: −1 for a feature that refuses a missing
     * value, which has none to count.
     */
    static long[] missingCounts(Dataset<Row> rows, DataSchema schema) {
        long[] counts = new long[schema.features().size()];
        Arrays.fill(counts, -1);
        var columns = new ArrayList<Column>();
        var filling = new ArrayList<Integer>();
        for (int j = 0; j < counts.length; j++) {
            if (schema.missing().get(j) != Missing.Rule.REFUSE) {
                filling.add(j);
                columns.add(functions.count(functions.when(
                        functions.isnan(functions.col(schema.features().names().get(j))), 1)));
            }
        }
        if (columns.isEmpty()) {
            return counts;
        }
        Row row = rows.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new)).first();
        for (int k = 0; k < filling.size(); k++) {
            counts[filling.get(k)] = row.getLong(k);
        }
        return counts;
    }

    /** The features with the values that fill in their missing ones, where their rules fill them in. */
    static FeatureSchema withValues(DataSchema schema, double[] values) {
        return DataSchema.withFillValues(schema.features(), schema.missing(), values);
    }

    /** The rows with every missing feature cell filled in with {@code fills}, as Spark columns. */
    static Dataset<Row> filled(Dataset<Row> rows, List<String> names, double[] fills) {
        Dataset<Row> filled = rows;
        for (int j = 0; j < names.size(); j++) {
            if (!Double.isNaN(fills[j])) {
                Column x = functions.col(names.get(j));
                filled = filled.withColumn(names.get(j), functions.when(functions.isnan(x), fills[j]).otherwise(x));
            }
        }
        return filled;
    }
}
