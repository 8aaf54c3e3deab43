package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fill values computed in Spark, as for data too large to collect, are those computed on the driver as the
 * Smile trainer computes them: the model's and each fold's median and most frequent level exactly, the mean to the
 * last bits of a sum taken in another order.
 */
class SparkImputationTest {

    @TempDir
    Path dir;

    @Test
    void inSparkTheModelsAndEachFoldsFillValuesAreThoseComputedOnTheDriver() throws Exception {
        Path csv = AcademicRows.write(dir, "academic.csv", AcademicRows.lines(1_500, 31, false),
                AcademicRows.IMPUTING_SCHEMA);
        Path schemaFile = DataSchema.besideData(csv);
        DataSchema schema = DataSchema.read(schemaFile);
        var data = SparkTrainingData.read(LocalSpark.session(), csv.toString(), null, CsvFormat.DEFAULT, schema,
                Files.readAllBytes(schemaFile), schemaFile.toString());
        try {
            int folds = 10;
            byte[] foldOf = LinearFolds.folds(data.count(), folds, 42);
            var fold = functions.udf((org.apache.spark.sql.api.java.UDF1<Long, Integer>) row ->
                    (int) foldOf[Math.toIntExact(row)], DataTypes.IntegerType).apply(
                    functions.col(SparkTrainingData.ROW));

            var collected = SparkImputation.of(data.rows(), schema, data.file(), data.count(), fold, folds, foldOf,
                    Long.MAX_VALUE);
            var distributed = SparkImputation.of(data.rows(), schema, data.file(), data.count(), fold, folds, foldOf,
                    0);

            assertThat(collected.perFold()).isTrue();
            assertThat(distributed.perFold()).isTrue();
            for (int f = -1; f < folds; f++) {
                double[] a = f < 0 ? distributed.model() : distributed.of(f);
                double[] b = f < 0 ? collected.model() : collected.of(f);
                assertThat(a[0]).as("rank refuses a gap").isNaN();
                assertThat(a[1]).as("discipline's most frequent level, fold %d", f).isEqualTo(b[1]);
                assertThat(a[2]).as("yrs_since_phd's median, fold %d", f).isEqualTo(b[2]);
                assertThat(a[3]).as("yrs_service's mean, fold %d", f).isCloseTo(b[3], within(1e-12 * b[3]));
            }
            assertThat(collected.of(0)[3]).as("a fold's mean is its own").isNotEqualTo(collected.model()[3]);
        } finally {
            data.release();
        }
    }
}
