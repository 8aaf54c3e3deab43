package com.salaryml.training.spark;

import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.training.Algorithm;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataSchema;
import com.salaryml.training.FitSettings;
import com.salaryml.training.TreeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Gradient boosting and a random forest fitted on Spark once per test JVM, on {@value #DATA}, and shared by the
 * tests that read them: a fit with cross-validation costs seconds on Spark, most of it in scheduling.
 *
 * <p>The settings are small on purpose (the defaults are the Smile trainer's to test): 6 boosted trees of at most
 * 3 splits, 20 forest trees of at most 6, 4 folds. Each boosted tree costs MLlib a few Spark jobs, and a forest a
 * few per level, whatever the data's size.
 */
final class SparkTreeFits {

    static final Path DATA = Path.of("../data/examples/hiring-education.csv");
    static final TreeSettings GBM = new TreeSettings(6, 4, 32, 5, 0.3, 0.7, 0, 42);
    static final TreeSettings FOREST = new TreeSettings(20, 7, 128, 5, 1, 1, 0, 42);
    static final int FOLDS = 4;
    static final Provenance PROVENANCE = new Provenance("2026-11-27T00:00:00Z", "1.0.0", "3.1.1", "17", null,
            Map.of("trainer", "spark"));

    /** The training rows on the driver, in the data's order: one column per feature, then the target. */
    record Rows(List<String> features, double[][] columns, double[] target) {
    }

    private static final Map<Algorithm, SparkTreeTrainer.Fitted> FITTED = new EnumMap<>(Algorithm.class);
    private static DataSchema schema;
    private static Rows rows;

    private SparkTreeFits() {
    }

    static FitSettings settings(Algorithm algorithm) {
        return new FitSettings(algorithm, 1.0, FOLDS, 42, GBM, FOREST, FitSettings.DEFAULT_BINS);
    }

    static synchronized SparkTreeTrainer.Fitted fitted(Algorithm algorithm) throws Exception {
        if (FITTED.isEmpty()) {
            var schemaFile = DataSchema.besideData(DATA);
            schema = DataSchema.read(schemaFile);
            var data = SparkTrainingData.read(LocalSpark.session(), DATA.toString(), null, CsvFormat.DEFAULT, schema,
                    Files.readAllBytes(schemaFile), schemaFile.toString());
            try {
                for (Algorithm each : List.of(Algorithm.GBM, Algorithm.RANDOM_FOREST)) {
                    FITTED.put(each, SparkTreeTrainer.fitWithSpark(data, schema, "1.0.0", settings(each), PROVENANCE));
                }
                rows = collect(data, schema);
            } finally {
                data.release();
            }
        }
        return FITTED.get(algorithm);
    }

    static DataSchema schema() throws Exception {
        fitted(Algorithm.GBM);
        return schema;
    }

    static Rows rows() throws Exception {
        fitted(Algorithm.GBM);
        return rows;
    }

    private static Rows collect(SparkTrainingData data, DataSchema schema) {
        List<Row> collected = data.rows().orderBy(functions.col(SparkTrainingData.ROW)).collectAsList();
        int p = schema.features().size();
        double[][] columns = new double[p][collected.size()];
        double[] target = new double[collected.size()];
        for (int i = 0; i < collected.size(); i++) {
            for (int j = 0; j < p; j++) {
                columns[j][i] = collected.get(i).getDouble(j);
            }
            target[i] = collected.get(i).getDouble(p);
        }
        return new Rows(schema.features().names(), columns, target);
    }
}
