package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.Target;
import com.salaryml.training.Algorithm;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataSchema;
import com.salaryml.training.TreeExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tree ensembles fitted by MLlib on categories, missing cells and a log target survive the hand-off: MLlib splits a
 * category by sets of its levels (its categorical features, declared in the features column's metadata), the export
 * writes them as the model format's categorical splits, and the model file, loaded back, predicts what MLlib
 * predicts on every training row (its gaps filled in by the server from the fill values in the file) and on seeded
 * random rows of every level, to {@value #TOLERANCE} relative, in dollars: exp of MLlib's prediction of the log.
 */
class SparkCategoricalTreeProofTest {

    static final double TOLERANCE = 1e-9;

    private static final Map<Algorithm, SparkTreeTrainer.Fitted> FITTED = new EnumMap<>(Algorithm.class);
    private static final Map<Algorithm, Model> LOADED = new EnumMap<>(Algorithm.class);
    private static DataSchema schema;
    private static List<Row> rows;

    @BeforeAll
    static void fitWriteAndLoad(@TempDir Path dir) throws Exception {
        Path csv = AcademicRows.write(dir, "academic.csv", AcademicRows.lines(300, 21, false),
                AcademicRows.IMPUTING_SCHEMA);
        Path schemaFile = DataSchema.besideData(csv);
        schema = DataSchema.read(schemaFile);
        var data = SparkTrainingData.read(LocalSpark.session(), csv.toString(), null, CsvFormat.DEFAULT, schema,
                Files.readAllBytes(schemaFile), schemaFile.toString());
        try {
            for (Algorithm algorithm : List.of(Algorithm.GBM, Algorithm.RANDOM_FOREST)) {
                var fitted = SparkTreeTrainer.fitWithSpark(data, schema, "1.0.0",
                        SparkTreeFits.settings(algorithm), SparkTreeFits.PROVENANCE);
                FITTED.put(algorithm, fitted);
                Path file = dir.resolve(algorithm.id + ".json");
                Files.write(file, ModelFormat.write(fitted.model()));
                LOADED.put(algorithm, (Model) ModelLoader.load(file));
            }
            rows = data.rows().orderBy(functions.col(SparkTrainingData.ROW)).collectAsList();
        } finally {
            data.release();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void mllibSplitsTheCategoriesBySetsOfLevelsAndTheFileKeepsThem(Algorithm algorithm) {
        var ensemble = (TreeEnsembleModel) LOADED.get(algorithm).kind();
        List<Feature> features = LOADED.get(algorithm).metadata().schema().features();
        int categorical = 0;
        for (TreeEnsembleModel.Tree tree : ensemble.trees()) {
            for (int node = 0; node < tree.size(); node++) {
                if (!tree.isLeaf(node) && tree.isCategorical(node)) {
                    categorical++;
                    assertThat(features.get(tree.feature(node)).isCategorical()).isTrue();
                }
            }
        }
        assertThat(categorical).as("categorical splits").isGreaterThan(0);
        assertThat(ensemble.hasCategoricalSplits()).isTrue();
        assertThat(LOADED.get(algorithm).metadata().target().transform()).isEqualTo(Target.Transform.LOG);
        assertThat(features.get(2).missing().fills()).as("yrs_since_phd's median travels in the file").isTrue();
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void theLoadedModelPredictsWhatMllibPredictsOnEveryTrainingRowItsGapsFilledIn(Algorithm algorithm) {
        Model loaded = LOADED.get(algorithm);
        List<Feature> features = loaded.metadata().schema().features();
        int p = features.size();
        double[][] columns = new double[p][rows.size()];
        int gaps = 0;
        double worst = 0;
        for (int i = 0; i < rows.size(); i++) {
            var instance = new HashMap<String, Object>();
            for (int j = 0; j < p; j++) {
                Feature feature = features.get(j);
                double value = rows.get(i).getDouble(j);
                boolean missing = Double.isNaN(value);
                gaps += missing ? 1 : 0;
                columns[j][i] = missing ? feature.missing().value() : value;
                instance.put(feature.name(), missing ? null
                        : feature.isCategorical() ? feature.level((int) value) : (Object) value);
            }
            if (i % 10 == 0) {
                // One at a time, as the API takes them: the server fills the gaps from the file's values.
                worst = Math.max(worst, TreeExport.relativeError(loaded.predict(instance).value(),
                        mllib(algorithm, columns, i)));
            }
        }
        Predictions batch = loaded.predictColumns(columns);
        for (int i = 0; i < rows.size(); i++) {
            worst = Math.max(worst, TreeExport.relativeError(batch.value(i), mllib(algorithm, columns, i)));
        }

        assertThat(gaps).as("missing cells among the training rows").isGreaterThan(10);
        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void theLoadedModelPredictsWhatMllibPredictsOnRandomRowsOfEveryLevel(Algorithm algorithm) {
        List<Feature> features = LOADED.get(algorithm).metadata().schema().features();
        var random = new SplittableRandom(2026);
        int n = 2_000;
        double[][] columns = new double[features.size()][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features.size(); j++) {
                Feature feature = features.get(j);
                columns[j][i] = feature.isCategorical() ? random.nextInt(feature.levels().size())
                        : feature.min() + random.nextDouble() * (feature.max() - feature.min());
            }
        }
        Predictions batch = LOADED.get(algorithm).predictColumns(columns);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, TreeExport.relativeError(batch.value(i), mllib(algorithm, columns, i)));
        }

        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    /** MLlib's own prediction for row {@code i}, of the log, served as the model file serves it: in dollars. */
    private static double mllib(Algorithm algorithm, double[][] columns, int i) {
        double[] x = new double[columns.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = columns[j][i];
        }
        return Math.exp(FITTED.get(algorithm).library().predict(Vectors.dense(x)));
    }
}
