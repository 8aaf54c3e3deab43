package com.salaryml.training.spark;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.training.Algorithm;
import com.salaryml.training.Folds;
import com.salaryml.training.Intervals;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The linear families' cross-validation on Spark: which fold each row is in, each fold's cross products, and
 * the distributed passes that predict each row by the model fitted without its fold. Least squares and ridge
 * take a fold out of the cross products in closed form; the lasso is refitted by MLlib per fold.
 */
final class LinearFolds {

    private LinearFolds() {
    }

    /** Each row's fold, as the Smile trainer shuffles them ({@link Folds}): one byte per row, on the driver. */
    static byte[] folds(long n, int folds, long seed) {
        int[] foldOf = Folds.shuffled(Math.toIntExact(n), folds, seed);
        byte[] bytes = new byte[foldOf.length];
        for (int i = 0; i < foldOf.length; i++) {
            bytes[i] = (byte) foldOf[i];
        }
        return bytes;
    }

    /**
     * Least squares and its held-out figures: each fold's fit and exact interval from the cross products of the
     * other folds, then one pass for the held-out errors and how often the exact interval covers them.
     */
    static CrossValidation exactCrossValidation(Dataset<Row> rows, int p, Moments[] perFold, Moments all,
                                                        double[] centre, Broadcast<byte[]> foldOf, SparkSummary summary,
                                                        boolean leaveOneOut, int folds, long seed, long n) {
        var foldFits = new FoldFit[folds];
        for (int f = 0; f < folds; f++) {
            Moments training = all.minus(perFold[f]);
            NormalEquations.Solution solution = NormalEquations.solve(training, centre, p, 0);
            double foldRss = Math.max(0, training.centred(p, p) - NormalEquations.dotWithTarget(training, solution.coefficients(), p));
            long df = training.count - p - 1;
            foldFits[f] = new FoldFit(solution.intercept(), solution.coefficients(), NormalEquations.tCritical(df),
                    Math.sqrt(foldRss / df), Math.toIntExact(df), NormalEquations.inverse(training, centre, p));
        }
        double[] heldOut = rows.javaRDD().mapPartitions(new HeldOutErrors(p, foldFits, foldOf, summary.targetMean()))
                .reduce(LinearFolds::add);
        return new CrossValidation(leaveOneOut ? CrossValidation.LEAVE_ONE_OUT : CrossValidation.K_FOLD,
                folds, leaveOneOut ? null : seed, Math.sqrt(heldOut[0] / n), heldOut[1] / n,
                heldOut[4] == 0 ? 0 : 1 - heldOut[0] / heldOut[4])
                .withInterval(heldOut[2] / n, heldOut[3] / n);
    }

    /** Ridge's held-out residuals: each fold's fit in closed form from the cross products of the other folds. */
    static Dataset<Row> closedFormResiduals(Dataset<Row> rows, int p, Moments[] perFold, Moments all,
                                                    double[] centre, Broadcast<byte[]> foldOf, double lambda) {
        var foldFits = new FoldFit[perFold.length];
        for (int f = 0; f < perFold.length; f++) {
            NormalEquations.Solution solution = NormalEquations.solve(all.minus(perFold[f]), centre, p, lambda);
            foldFits[f] = new FoldFit(solution.intercept(), solution.coefficients(), 0, 0, 0, null);
        }
        var residuals = rows.javaRDD().mapPartitions(new HeldOutResiduals(p, foldFits, foldOf));
        return rows.sparkSession().createDataFrame(residuals, RESIDUALS);
    }

    /** The lasso's held-out residuals: one MLlib fit per fold, on the other folds' rows. */
    static Dataset<Row> refittedResiduals(Dataset<Row> rows, List<String> features, String target,
                                                  Broadcast<byte[]> foldOf, int folds, double lambda) {
        int p = features.size();
        Dataset<Row> withFolds = rows.sparkSession().createDataFrame(
                rows.javaRDD().map(row -> withFold(row, p, foldOf)),
                rows.schema().add(SparkConformal.FOLD, org.apache.spark.sql.types.DataTypes.IntegerType, false));
        withFolds = SparkLinearTrainer.assemble(withFolds, features)
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        Column fold = functions.col(SparkConformal.FOLD);
        Dataset<Row> residuals = null;
        for (int f = 0; f < folds; f++) {
            Dataset<Row> training = withFolds.where(fold.notEqual(f));
            LinearRegressionModel model = SparkLinearTrainer.regression(Algorithm.LASSO, lambda, training.count(),
                    Double.NaN, target).fit(training);
            Column predicted = SparkLinearTrainer.prediction(features, model.intercept(),
                    model.coefficients().toArray());
            Dataset<Row> part = withFolds.where(fold.equalTo(f)).select(
                    functions.col(target).minus(predicted).as(SparkConformal.RESIDUAL), fold,
                    functions.col(SparkTrainingData.ROW));
            residuals = residuals == null ? part : residuals.union(part);
        }
        Dataset<Row> result = residuals.localCheckpoint();
        withFolds.unpersist();
        return result;
    }

    private static Row withFold(Row row, int p, Broadcast<byte[]> foldOf) {
        Object[] cells = new Object[row.length() + 1];
        for (int i = 0; i < row.length(); i++) {
            cells[i] = row.get(i);
        }
        cells[row.length()] = fold(row, p, foldOf);
        return org.apache.spark.sql.RowFactory.create(cells);
    }

    /** Held-out residuals, each row's fold and its place in the data. */
    private static final org.apache.spark.sql.types.StructType RESIDUALS =
            org.apache.spark.sql.types.DataTypes.createStructType(List.of(
                    org.apache.spark.sql.types.DataTypes.createStructField(SparkConformal.RESIDUAL,
                            org.apache.spark.sql.types.DataTypes.DoubleType, false),
                    org.apache.spark.sql.types.DataTypes.createStructField(SparkConformal.FOLD,
                            org.apache.spark.sql.types.DataTypes.IntegerType, false),
                    org.apache.spark.sql.types.DataTypes.createStructField(SparkTrainingData.ROW,
                            org.apache.spark.sql.types.DataTypes.LongType, false)));

    /** Each row's residual under its fold's model, with the fold and the row's place. */
    private static final class HeldOutResiduals extends OverFolds<Row> {
        private static final long serialVersionUID = 1L;

        HeldOutResiduals(int p, FoldFit[] fits, Broadcast<byte[]> foldOf) {
            super(p, fits, foldOf);
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            var out = new ArrayList<Row>();
            double[] x = new double[p];
            while (rows.hasNext()) {
                Row row = rows.next();
                int f = fold(row);
                double predicted = fits[f].predict(row, x);
                out.add(org.apache.spark.sql.RowFactory.create(row.getDouble(p) - predicted, f, row.getLong(p + 1)));
            }
            return out.iterator();
        }
    }

    static Moments[] plus(Moments[] a, Moments[] b) {
        var sum = new Moments[a.length];
        for (int f = 0; f < a.length; f++) {
            sum[f] = a[f].plus(b[f]);
        }
        return sum;
    }

    private static double[] add(double[] a, double[] b) {
        double[] sum = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /** Which fold a row is in: its own under leave-one-out, else the shuffled one. */
    static int fold(Row row, int p, Broadcast<byte[]> foldOf) {
        long index = row.getLong(p + 1);
        return foldOf == null ? Math.toIntExact(index) : foldOf.value()[Math.toIntExact(index)];
    }

    /** Sums each fold's centred cross products over a partition. */
    static final class FoldMoments implements FlatMapFunction<Iterator<Row>, Moments[]> {
        private static final long serialVersionUID = 1L;
        private final int p;
        private final int folds;
        private final double[] centre;
        private final Broadcast<byte[]> foldOf;

        FoldMoments(int p, int folds, double[] centre, Broadcast<byte[]> foldOf) {
            this.p = p;
            this.folds = folds;
            this.centre = centre;
            this.foldOf = foldOf;
        }

        @Override
        public Iterator<Moments[]> call(Iterator<Row> rows) {
            var moments = new Moments[folds];
            for (int f = 0; f < folds; f++) {
                moments[f] = new Moments(p + 1);
            }
            double[] z = new double[p + 1];
            while (rows.hasNext()) {
                Row row = rows.next();
                for (int j = 0; j <= p; j++) {
                    z[j] = row.getDouble(j) - centre[j];
                }
                moments[fold(row, p, foldOf)].add(z);
            }
            return java.util.Collections.singletonList(moments).iterator();
        }
    }

    /** A fold's model, fitted without its rows, and the parameters of its exact interval. */
    record FoldFit(double intercept, double[] coefficients, double tCritical, double residualStdError,
                   int degreesOfFreedom, double[][] xtxInverse) implements java.io.Serializable {

        /** The row's prediction by this model; its features are left in {@code x}. */
        double predict(Row row, double[] x) {
            double predicted = intercept;
            for (int j = 0; j < x.length; j++) {
                x[j] = row.getDouble(j);
                predicted += coefficients[j] * x[j];
            }
            return predicted;
        }

        IntervalParameters.OlsExact exact() {
            return new IntervalParameters.OlsExact(Intervals.LEVEL, tCritical, residualStdError,
                    degreesOfFreedom, xtxInverse);
        }
    }

    /**
     * Over a partition: Σ residual², Σ |residual| of each row's prediction by its fold's model, how many rows
     * the exact interval covers, Σ of its widths, and Σ (y − ȳ)².
     */
    private static final class HeldOutErrors extends OverFolds<double[]> {
        private static final long serialVersionUID = 1L;
        private final double targetMean;

        HeldOutErrors(int p, FoldFit[] fits, Broadcast<byte[]> foldOf, double targetMean) {
            super(p, fits, foldOf);
            this.targetMean = targetMean;
        }

        @Override
        public Iterator<double[]> call(Iterator<Row> rows) {
            double[] sums = new double[5];
            double[] x = new double[p];
            var exact = new IntervalParameters.OlsExact[fits.length];
            while (rows.hasNext()) {
                Row row = rows.next();
                int f = fold(row);
                double predicted = fits[f].predict(row, x);
                double actual = row.getDouble(p);
                double residual = actual - predicted;
                sums[0] += residual * residual;
                sums[1] += Math.abs(residual);
                if (exact[f] == null) {
                    exact[f] = fits[f].exact();
                }
                double half = exact[f].halfWidthAt(x);
                if (Math.abs(residual) <= half) {
                    sums[2]++;
                }
                sums[3] += 2 * half;
                sums[4] += (actual - targetMean) * (actual - targetMean);
            }
            return java.util.Collections.singletonList(sums).iterator();
        }
    }

    /** A pass over a partition that predicts each row by the model of its fold. */
    private abstract static class OverFolds<T> implements FlatMapFunction<Iterator<Row>, T> {
        private static final long serialVersionUID = 1L;
        final int p;
        final FoldFit[] fits;
        private final Broadcast<byte[]> foldOf;

        OverFolds(int p, FoldFit[] fits, Broadcast<byte[]> foldOf) {
            this.p = p;
            this.fits = fits;
            this.foldOf = foldOf;
        }

        int fold(Row row) {
            return LinearFolds.fold(row, p, foldOf);
        }
    }
}
