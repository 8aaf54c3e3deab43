package com.salaryml.training.spark;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.training.Folds;
import com.salaryml.training.Intervals;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The linear families' passes over the rows, in Spark tasks: which fold each row is in, the cross products of the
 * whole data and of each fold's training rows, and the passes that predict each row by the model fitted without
 * its fold. Each row is encoded as the fit sees it ({@link Encoding}): its gaps filled in with the values of the fit
 * it is part of (the model's, or a fold's, computed from that fold's training rows), its categories as the design's
 * columns, its target on the fitted scale.
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

    /** Which rows are held out of a fit, as the Smile trainer holds them out ({@link Folds#heldOut}). */
    static byte[] heldOut(long n, double share, long seed) {
        return Folds.heldOut(n, share, seed);
    }

    /** Which fold a row is in: its own under leave-one-out ({@code foldOf} null), else the shuffled one. */
    static int fold(long place, Broadcast<byte[]> foldOf) {
        return foldOf == null ? Math.toIntExact(place) : foldOf.value()[Math.toIntExact(place)];
    }

    static Moments[] plus(Moments[] a, Moments[] b) {
        var sum = new Moments[a.length];
        for (int f = 0; f < a.length; f++) {
            sum[f] = a[f].plus(b[f]);
        }
        return sum;
    }

    static double[] add(double[] a, double[] b) {
        double[] sum = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /**
     * Over a partition, the centred cross products ({@link Moments}) of design and fitted target: at index 0 of all
     * rows with the model's fill values, at 1 + f either of the rows in fold f (when nothing is missing, so that
     * the fold's training rows are the whole less the fold) or of fold f's training rows, filled in with the
     * fold's own values.
     */
    static final class FoldMoments implements FlatMapFunction<Iterator<Row>, Moments[]> {
        private static final long serialVersionUID = 1L;
        private final Encoding encoding;
        private final int folds;
        private final double[] centre;
        private final Broadcast<byte[]> foldOf;
        private final SparkImputation.Fills fills;

        FoldMoments(Encoding encoding, int folds, double[] centre, Broadcast<byte[]> foldOf,
                    SparkImputation.Fills fills) {
            this.encoding = encoding;
            this.folds = folds;
            this.centre = centre;
            this.foldOf = foldOf;
            this.fills = fills;
        }

        @Override
        public Iterator<Moments[]> call(Iterator<Row> rows) {
            int d = encoding.design();
            var moments = new Moments[folds + 1];
            for (int f = 0; f <= folds; f++) {
                moments[f] = new Moments(d + 1);
            }
            double[] x = new double[d];
            double[] z = new double[d + 1];
            while (rows.hasNext()) {
                Row row = rows.next();
                double y = encoding.fitted(row) - centre[d];
                int fold = fold(encoding.place(row), foldOf);
                encoding.encode(row, fills.model(), x);
                centre(x, y, z);
                moments[0].add(z);
                if (!fills.perFold()) {
                    moments[1 + fold].add(z);
                    continue;
                }
                for (int f = 0; f < folds; f++) {
                    if (f != fold) {
                        encoding.encode(row, fills.of(f), x);
                        centre(x, y, z);
                        moments[1 + f].add(z);
                    }
                }
            }
            return Collections.singletonList(moments).iterator();
        }

        private void centre(double[] x, double y, double[] z) {
            for (int c = 0; c < x.length; c++) {
                z[c] = x[c] - centre[c];
            }
            z[x.length] = y;
        }
    }

    /**
     * A model fitted without some rows, and the parameters of its exact interval: the columns {@code kept} that
     * varied over its rows, with the coefficients (0 for the others) and (XᵀX)⁻¹ of its design of those columns.
     */
    record FoldFit(double intercept, double[] coefficients, int[] kept, double tCritical, double residualStdError,
                   int degreesOfFreedom, double[][] xtxInverse) implements java.io.Serializable {

        /** The prediction for design row {@code x}, added in the design's order, as the Smile trainer adds it. */
        double predict(double[] x) {
            double predicted = intercept;
            for (int c = 0; c < x.length; c++) {
                predicted += coefficients[c] * x[c];
            }
            return predicted;
        }

        IntervalParameters.OlsExact exact() {
            return new IntervalParameters.OlsExact(Intervals.LEVEL, tCritical, residualStdError, degreesOfFreedom,
                    xtxInverse);
        }

        /** The design row of the kept columns alone, as the fold's interval reads it. */
        double[] kept(double[] x) {
            double[] row = new double[kept.length];
            for (int a = 0; a < kept.length; a++) {
                row[a] = x[kept[a]];
            }
            return row;
        }
    }

    /**
     * Over a partition: of each row's prediction by its fold's model, on the rows filled in as that fold fills them,
     * Σ error², Σ |error| in the target's unit, how many rows the fold's exact interval covers (on the fitted scale),
     * Σ of its widths in the target's unit, and Σ (y − ȳ)² of the target.
     */
    static final class HeldOutErrors implements FlatMapFunction<Iterator<Row>, double[]> {
        private static final long serialVersionUID = 1L;
        private final Encoding encoding;
        private final FoldFit[] fits;
        private final Broadcast<byte[]> foldOf;
        private final SparkImputation.Fills fills;
        private final double targetMean;

        HeldOutErrors(Encoding encoding, FoldFit[] fits, Broadcast<byte[]> foldOf, SparkImputation.Fills fills,
                      double targetMean) {
            this.encoding = encoding;
            this.fits = fits;
            this.foldOf = foldOf;
            this.fills = fills;
            this.targetMean = targetMean;
        }

        @Override
        public Iterator<double[]> call(Iterator<Row> rows) {
            double[] sums = new double[5];
            double[] x = new double[encoding.design()];
            var exact = new IntervalParameters.OlsExact[fits.length];
            while (rows.hasNext()) {
                Row row = rows.next();
                int f = fold(encoding.place(row), foldOf);
                encoding.encode(row, fills.of(f), x);
                double predicted = fits[f].predict(x);
                double actual = encoding.actual(row);
                double error = actual - encoding.served(predicted);
                sums[0] += error * error;
                sums[1] += Math.abs(error);
                if (exact[f] == null) {
                    exact[f] = fits[f].exact();
                }
                double half = exact[f].halfWidthAt(fits[f].kept(x));
                if (Math.abs(encoding.fitted(row) - predicted) <= half) {
                    sums[2]++;
                }
                sums[3] += encoding.width(predicted, half);
                sums[4] += (actual - targetMean) * (actual - targetMean);
            }
            return Collections.singletonList(sums).iterator();
        }
    }

    /** Held-out residuals on the fitted scale, each row's fold, place, held-out prediction and actual value. */
    static final StructType RESIDUALS = DataTypes.createStructType(List.of(
            DataTypes.createStructField(SparkConformal.RESIDUAL, DataTypes.DoubleType, false),
            DataTypes.createStructField(SparkConformal.FOLD, DataTypes.IntegerType, false),
            DataTypes.createStructField(SparkTrainingData.ROW, DataTypes.LongType, false),
            DataTypes.createStructField(SparkConformal.PREDICTED, DataTypes.DoubleType, false),
            DataTypes.createStructField(SparkConformal.ACTUAL, DataTypes.DoubleType, false)));

    /** Each row's residual under its fold's model, on the rows filled in as that fold fills them. */
    static final class HeldOutResiduals implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final Encoding encoding;
        private final FoldFit[] fits;
        private final Broadcast<byte[]> foldOf;
        private final SparkImputation.Fills fills;

        HeldOutResiduals(Encoding encoding, FoldFit[] fits, Broadcast<byte[]> foldOf, SparkImputation.Fills fills) {
            this.encoding = encoding;
            this.fits = fits;
            this.foldOf = foldOf;
            this.fills = fills;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            var out = new ArrayList<Row>();
            double[] x = new double[encoding.design()];
            while (rows.hasNext()) {
                Row row = rows.next();
                long place = encoding.place(row);
                int f = fold(place, foldOf);
                encoding.encode(row, fills.of(f), x);
                double predicted = fits[f].predict(x);
                out.add(RowFactory.create(encoding.fitted(row) - predicted, f, place, predicted,
                        encoding.actual(row)));
            }
            return out.iterator();
        }
    }
}
