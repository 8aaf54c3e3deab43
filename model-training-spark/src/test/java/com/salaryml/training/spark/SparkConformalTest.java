package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The conformal interval computed in Spark, as for held-out residuals too many to collect, is the one the Smile
 * trainer's code computes from them collected: the same half width and coverage, and on the log scale the same
 * mean width between the exponentiated ends, as served.
 */
class SparkConformalTest {

    @Test
    void inSparkTheIntervalAndItsCoverageAndWidthOnTheLogScaleAreThoseOfTheCollectedResiduals() {
        var random = new SplittableRandom(7);
        int n = 2_000;
        int folds = 10;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double predicted = 11 + random.nextDouble();
            double residual = 0.1 * (random.nextDouble() - 0.5) * (1 + i % 3);
            rows.add(RowFactory.create(residual, i % folds, (long) i, predicted, Math.exp(predicted + residual)));
        }
        Dataset<Row> heldOut = LocalSpark.session().createDataFrame(rows, LinearFolds.RESIDUALS);
        var crossValidation = new CrossValidation(CrossValidation.K_FOLD, folds, 42L, 1, 1, 0.5);

        var collected = SparkConformal.of(heldOut, n, folds, crossValidation, Target.Transform.LOG, Long.MAX_VALUE);
        var distributed = SparkConformal.of(heldOut, n, folds, crossValidation, Target.Transform.LOG, 0);

        assertThat(distributed.interval()).isEqualTo(collected.interval());
        assertThat(distributed.conformity().coverage()).isEqualTo(collected.conformity().coverage());
        assertThat(distributed.conformity().meanWidth()).isCloseTo(collected.conformity().meanWidth(),
                within(1e-12 * collected.conformity().meanWidth()));
        assertThat(collected.conformity().meanWidth()).as("as served, in the target's unit").isGreaterThan(1_000);
    }
}
