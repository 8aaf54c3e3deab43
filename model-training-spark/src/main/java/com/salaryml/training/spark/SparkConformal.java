package com.salaryml.training.spark;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.schema.Target;
import com.salaryml.training.HeldOut;
import com.salaryml.training.Intervals;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The conformal interval of every family but least squares, from held-out residuals that Spark holds: the same
 * half width and the same measured coverage as {@link Intervals#conformal} and {@link Intervals#conformity} compute
 * from the Smile trainer's residuals. Up to {@value OrderStatistics#COLLECT_MAX} residuals are collected and
 * handed to those very methods; above, each rank is found by {@link OrderStatistics}.
 */
final class SparkConformal {

    /** The column of held-out residuals, actual minus predicted. */
    static final String RESIDUAL = "_residual";
    /** The column of each row's fold. */
    static final String FOLD = "_fold";
    /** The column of held-out predictions, on the fitted scale. */
    static final String PREDICTED = "_predicted";
    /** The column of the target in its own unit. */
    static final String ACTUAL = "_actual";

    /** The interval, or null when there are too few residuals for the level; and its held-out coverage. */
    record Result(IntervalParameters.Conformal interval, Intervals.Conformity conformity) {
    }

    private SparkConformal() {
    }

    /**
     * @param heldOut   the rows' held-out residuals ({@value #RESIDUAL}), folds ({@value #FOLD}, int) and
     *                  predictions ({@value #PREDICTED}), on the fitted scale, ordered by the rows' place in the
     *                  data when collected
     * @param transform the scale the model is fitted on: the interval's widths are measured as served
     */
    static Result of(Dataset<Row> heldOut, long n, int folds, CrossValidation crossValidation,
                     Target.Transform transform) {
        return of(heldOut, n, folds, crossValidation, transform, OrderStatistics.COLLECT_MAX);
    }

    /** As {@link #of(Dataset, long, int, CrossValidation, Target.Transform)}, collecting up to {@code collectMax}. */
    static Result of(Dataset<Row> heldOut, long n, int folds, CrossValidation crossValidation,
                     Target.Transform transform, long collectMax) {
        if (n <= collectMax) {
            List<Row> rows = heldOut.select(RESIDUAL, FOLD, PREDICTED).collectAsList();
            double[] residuals = new double[rows.size()];
            int[] foldOf = new int[rows.size()];
            double[] predicted = new double[rows.size()];
            for (int i = 0; i < residuals.length; i++) {
                residuals[i] = rows.get(i).getDouble(0);
                foldOf[i] = rows.get(i).getInt(1);
                predicted[i] = rows.get(i).getDouble(2);
            }
            var collected = new HeldOut(crossValidation, residuals, foldOf, folds, Double.NaN, Double.NaN, predicted,
                    transform);
            var interval = Intervals.conformal(collected);
            return new Result(interval, interval == null ? null : Intervals.conformity(collected));
        }
        Dataset<Row> scores = heldOut.select(functions.abs(functions.col(RESIDUAL)).as("_score"),
                functions.col(FOLD), functions.col(PREDICTED));
        long rank = Intervals.rank(Math.toIntExact(n));
        if (rank > n) {
            return new Result(null, null);
        }
        double half = OrderStatistics.select(scores.select("_score"), n, new long[] {rank})[0][0];
        var interval = new IntervalParameters.Conformal(Intervals.LEVEL, Intervals.scheme(crossValidation), half, n);
        // Each fold judged by the half width of the other folds' residuals alone, as Intervals.conformity does.
        List<Row> sizes = scores.groupBy(FOLD).count().collectAsList();
        long covered = 0;
        double widths = 0;
        for (Row size : sizes) {
            int fold = size.getInt(0);
            long inFold = size.getLong(1);
            long others = n - inFold;
            long otherRank = Intervals.rank(Math.toIntExact(others));
            if (otherRank > others) {
                return new Result(interval, null);
            }
            Column notInFold = functions.col(FOLD).notEqual(fold);
            double foldHalf = OrderStatistics.select(scores.where(notInFold).select("_score"), others,
                    new long[] {otherRank})[0][0];
            covered += scores.where(functions.col(FOLD).equalTo(fold)
                    .and(functions.col("_score").leq(foldHalf))).count();
            if (transform == Target.Transform.NONE) {
                widths += 2 * foldHalf * inFold;
            } else {
                // As served: between the exponentiated ends, row by row.
                Column predicted = functions.col(PREDICTED);
                widths += scores.where(functions.col(FOLD).equalTo(fold))
                        .agg(functions.sum(functions.exp(predicted.plus(foldHalf))
                                .minus(functions.exp(predicted.minus(foldHalf))))).first().getDouble(0);
            }
        }
        return new Result(interval, new Intervals.Conformity(covered / (double) n, widths / n));
    }
}
