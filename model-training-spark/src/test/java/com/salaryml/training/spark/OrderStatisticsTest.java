package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.metadata.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * The distributed order statistics, through the sketch-and-bracket path (not the collecting one), give exactly
 * what sorting gives: the same ranks, the same next values, the same bins as {@link Distribution#of}.
 */
class OrderStatisticsTest {

    private static Dataset<Row> frame(double[] values) {
        var rows = new ArrayList<Row>();
        for (double value : values) {
            rows.add(RowFactory.create(value));
        }
        var structure = DataTypes.createStructType(List.of(
                DataTypes.createStructField("x", DataTypes.DoubleType, false)));
        return LocalSpark.session().createDataFrame(rows, structure).repartition(3);
    }

    @Test
    void continuousValuesGiveTheExactRanksAndBins() {
        var random = new SplittableRandom(3);
        double[] values = new double[60_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * 3000 + 50_000;
        }
        Dataset<Row> frame = frame(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        long[] ranks = {1, 2, 6_000, 30_000, 59_999, 60_000};

        double[][] selected = OrderStatistics.select(frame, values.length, ranks, 0);

        for (int i = 0; i < ranks.length; i++) {
            int k = (int) ranks[i] - 1;
            assertThat(selected[i][0]).as("rank %d", ranks[i]).isEqualTo(sorted[k]);
            if (k + 1 < sorted.length) {
                assertThat(selected[i][1]).as("after rank %d", ranks[i]).isEqualTo(sorted[k + 1]);
            } else {
                assertThat(selected[i][1]).as("nothing after the largest").isNaN();
            }
        }
        assertThat(OrderStatistics.distribution(frame, values.length, 10, 0))
                .isEqualTo(Distribution.of(values, 10));
    }

    @Test
    void heavilyRepeatedScoresGiveTheSameBinsAsSorting() {
        var random = new SplittableRandom(5);
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.min(10, random.nextInt(12));
        }
        Dataset<Row> frame = frame(values);

        assertThat(OrderStatistics.distribution(frame, values.length, 10, 0))
                .isEqualTo(Distribution.of(values, 10));
        assertThat(OrderStatistics.distribution(frame, values.length, 7, 0))
                .isEqualTo(Distribution.of(values, 7));
    }
}
