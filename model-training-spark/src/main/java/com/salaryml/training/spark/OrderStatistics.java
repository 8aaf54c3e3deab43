package com.salaryml.training.spark;

import com.salaryml.artifact.metadata.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Exact order statistics of a column of doubles that Spark holds: the k-th smallest value, and the next larger
 * one, without sorting the column or collecting it. Spark's quantile sketch brackets each rank to within a small
 * share of the rows; one more pass counts the values below each bracket and the distinct values inside it, which
 * pins the rank exactly. Up to {@value #COLLECT_MAX} values are simply collected and sorted.
 *
 * <p>These give the same quantile bins as {@link Distribution#of} and the same conformal half widths as the Smile
 * trainer, which sorts the whole column.
 */
final class OrderStatistics {

    /** Up to this many values, collecting and sorting them is cheaper than two passes. */
    static final long COLLECT_MAX = 200_000;

    /** The sketch's rank error, as a share of the rows: the brackets hold about 4 · this · n values each. */
    private static final double SKETCH_ERROR = 1e-4;

    private OrderStatistics() {
    }

    /**
     * The value of rank {@code rank} (from 1) and the next larger value ({@code NaN} if there is none), for each
     * rank.
     *
     * @param values a frame whose only column holds the values, all finite
     * @param n      how many values there are
     */
    static double[][] select(Dataset<Row> values, long n, long[] ranks) {
        return select(values, n, ranks, COLLECT_MAX);
    }

    /** As {@link #select(Dataset, long, long[])}, collecting the values only up to {@code collectMax} of them. */
    static double[][] select(Dataset<Row> values, long n, long[] ranks, long collectMax) {
        String column = values.columns()[0];
        double[][] result = new double[ranks.length][];
        if (n <= collectMax) {
            double[] sorted = values.collectAsList().stream().mapToDouble(row -> row.getDouble(0)).sorted().toArray();
            for (int i = 0; i < ranks.length; i++) {
                int next = Math.toIntExact(ranks[i] - 1);
                double value = sorted[next];
                while (next < sorted.length && sorted[next] == value) {
                    next++;
                }
                result[i] = new double[] {value, next < sorted.length ? sorted[next] : Double.NaN};
            }
            return result;
        }
        double[] low = new double[ranks.length];
        double[] high = new double[ranks.length];
        double[] probabilities = new double[2 * ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            double p = (double) ranks[i] / n;
            probabilities[2 * i] = Math.max(0, p - 2 * SKETCH_ERROR);
            probabilities[2 * i + 1] = Math.min(1, p + 2 * SKETCH_ERROR);
        }
        double[] sketch = values.stat().approxQuantile(column, probabilities, SKETCH_ERROR);
        Column x = functions.col(column);
        var counts = new ArrayList<Column>();
        Column inside = functions.lit(false);
        for (int i = 0; i < ranks.length; i++) {
            low[i] = probabilities[2 * i] == 0 ? Double.NEGATIVE_INFINITY : sketch[2 * i];
            high[i] = probabilities[2 * i + 1] == 1 ? Double.POSITIVE_INFINITY : sketch[2 * i + 1];
            counts.add(functions.count(functions.when(x.lt(low[i]), 1)));
            inside = inside.or(x.geq(low[i]).and(x.leq(high[i])));
        }
        Row below = values.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
        // Distinct values and how often each occurs: few even where a score out of 10 repeats a million times.
        List<Row> distinct = values.where(inside).groupBy(x).count().orderBy(x).collectAsList();
        double[] distinctValues = distinct.stream().mapToDouble(row -> row.getDouble(0)).toArray();
        long[] distinctCounts = distinct.stream().mapToLong(row -> row.getLong(1)).toArray();
        var missingNext = new ArrayList<Integer>();
        for (int i = 0; i < ranks.length; i++) {
            long seen = below.getLong(i);
            double value = Double.NaN;
            double next = Double.NaN;
            for (int d = 0; d < distinctValues.length; d++) {
                if (distinctValues[d] < low[i] || distinctValues[d] > high[i]) {
                    continue;
                }
                if (Double.isNaN(value)) {
                    seen += distinctCounts[d];
                    if (seen >= ranks[i]) {
                        value = distinctValues[d];
                    }
                } else {
                    next = distinctValues[d];
                    break;
                }
            }
            if (Double.isNaN(value)) {
                throw new IllegalStateException("the quantile sketch missed rank " + ranks[i] + " of " + n);
            }
            if (Double.isNaN(next)) {
                missingNext.add(i);
            }
            result[i] = new double[] {value, next};
        }
        if (!missingNext.isEmpty()) {
            // The next larger value lies past the bracket, as it does when the bracket holds one repeated value.
            var minimums = new ArrayList<Column>();
            for (int i : missingNext) {
                minimums.add(functions.min(functions.when(x.gt(result[i][0]), x)));
            }
            Row row = values.agg(minimums.get(0), minimums.subList(1, minimums.size()).toArray(Column[]::new)).first();
            for (int k = 0; k < missingNext.size(); k++) {
                result[missingNext.get(k)][1] = row.isNullAt(k) ? Double.NaN : row.getDouble(k);
            }
        }
        return result;
    }

    /**
     * The quantile bins of a column, equal to {@link Distribution#of} on the same values: cut halfway between the
     * value at each {@code i/bins} quantile and the next larger one, with the shares counted in one more pass.
     */
    static Distribution distribution(Dataset<Row> values, long n, int bins) {
        return distribution(values, n, bins, COLLECT_MAX);
    }

    /** As {@link #distribution(Dataset, long, int)}, collecting the values only up to {@code collectMax}. */
    static Distribution distribution(Dataset<Row> values, long n, int bins, long collectMax) {
        long[] ranks = new long[bins - 1];
        for (int i = 1; i < bins; i++) {
            ranks[i - 1] = (long) Math.ceil((double) i * n / bins);
        }
        double[][] selected = ranks.length == 0 ? new double[0][] : select(values, n, ranks, collectMax);
        double[] cuts = new double[ranks.length];
        int count = 0;
        for (double[] pair : selected) {
            if (!Double.isNaN(pair[1])) {
                double cut = pair[0] + (pair[1] - pair[0]) / 2;
                if (count == 0 || cut > cuts[count - 1]) {
                    cuts[count++] = cut;
                }
            }
        }
        double[] edges = Arrays.copyOf(cuts, count);
        double[] shares = new double[count + 1];
        if (count == 0) {
            shares[0] = 1;
            return new Distribution(edges, shares);
        }
        Column x = functions.col(values.columns()[0]);
        var atMost = new ArrayList<Column>();
        for (double edge : edges) {
            atMost.add(functions.count(functions.when(x.leq(edge), 1)));
        }
        Row row = values.agg(atMost.get(0), atMost.subList(1, atMost.size()).toArray(Column[]::new)).first();
        long before = 0;
        for (int i = 0; i < count; i++) {
            long upTo = row.getLong(i);
            shares[i] = (double) (upTo - before) / n;
            before = upTo;
        }
        shares[count] = (double) (n - before) / n;
        return new Distribution(edges, shares);
    }
}
