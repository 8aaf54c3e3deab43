package com.salaryml.training.spark;


import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.training.Algorithm;
import com.salaryml.training.TreeExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof that a tree ensemble fitted by MLlib survives the hand-off, as {@code TreeEnsembleProofTest} proves it
 * for Smile: written as a model file and loaded back through {@link ModelLoader}, the artifact's scorer predicts
 * what MLlib's own {@code predict} predicts, to {@value #TOLERANCE} relative, on every training row of
 * {@code hiring-education.csv}, on {@value #RANDOM_ROWS} seeded random rows inside the schema's ranges, and on rows
 * placed exactly on split values and one step of a double above them, where a threshold off by the last bit, or a
 * {@code <} for MLlib's {@code <=}, would send a row down the other branch.
 *
 * <p>MLlib predicts on the driver here, row by row; the trainer itself compares with MLlib's {@code transform} on
 * every training row, in Spark, before it returns a model.
 */
class SparkTreeEnsembleProofTest {

    static final double TOLERANCE = 1e-9;
    static final int RANDOM_ROWS = 10_000;

    private static final System.Logger LOG = System.getLogger(SparkTreeEnsembleProofTest.class.getName());

    private static final Map<Algorithm, Predictor> LOADED = new EnumMap<>(Algorithm.class);

    @BeforeAll
    static void writeAndLoad(@TempDir Path dir) throws Exception {
        for (Algorithm algorithm : List.of(Algorithm.GBM, Algorithm.RANDOM_FOREST)) {
            Path file = dir.resolve(algorithm.id + ".json");
            Files.write(file, ModelFormat.write(SparkTreeFits.fitted(algorithm).model()));
            LOADED.put(algorithm, ModelLoader.load(file));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void theLoadedModelPredictsWhatMllibPredictsOnEveryTrainingRow(Algorithm algorithm) throws Exception {
        double[][] columns = SparkTreeFits.rows().columns();

        double worst = worst(algorithm, columns, algorithm + " training rows");

        assertThat(columns[0]).hasSize(300);
        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void theLoadedModelPredictsWhatMllibPredictsOnRandomRowsInsideTheSchemasRanges(Algorithm algorithm)
            throws Exception {
        List<Feature> features = SparkTreeFits.schema().features().features();
        var random = new SplittableRandom(2026);
        double[][] columns = new double[features.size()][RANDOM_ROWS];
        for (int i = 0; i < RANDOM_ROWS; i++) {
            for (int j = 0; j < features.size(); j++) {
                Feature feature = features.get(j);
                columns[j][i] = feature.min() + random.nextDouble() * (feature.max() - feature.min());
            }
        }

        double worst = worst(algorithm, columns, algorithm + " random rows");

        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void rowsOnASplitValueGoLeftAndOneStepAboveGoRightAsInMllib(Algorithm algorithm) throws Exception {
        // For every split of every tree: a training row moved onto the split value, and one step above it.
        var ensemble = (TreeEnsembleModel) SparkTreeFits.fitted(algorithm).model().kind();
        double[][] training = SparkTreeFits.rows().columns();
        int p = training.length;
        var random = new SplittableRandom(11);
        List<double[]> rows = new ArrayList<>();
        int splits = 0;
        for (TreeEnsembleModel.Tree tree : ensemble.trees()) {
            for (int node = 0; node < tree.size(); node++) {
                if (tree.isLeaf(node)) {
                    continue;
                }
                splits++;
                for (double value : new double[] {tree.threshold(node), Math.nextUp(tree.threshold(node))}) {
                    int source = random.nextInt(training[0].length);
                    double[] x = new double[p];
                    for (int j = 0; j < p; j++) {
                        x[j] = training[j][source];
                    }
                    x[tree.feature(node)] = value;
                    rows.add(x);
                }
            }
        }
        double[][] columns = new double[p][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < p; j++) {
                columns[j][i] = rows.get(i)[j];
            }
        }

        assertThat(splits).isGreaterThan(20);
        double worst = worst(algorithm, columns, algorithm + " split values");

        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    /**
     * The largest relative difference from MLlib's predictions, by the batch path on every row and by single
     * predictions (which also compute TreeSHAP contributions) on every tenth, logged with the row count.
     */
    private static double worst(Algorithm algorithm, double[][] columns, String what) throws Exception {
        var mllib = SparkTreeFits.fitted(algorithm).library();
        Predictor loaded = LOADED.get(algorithm);
        List<String> names = SparkTreeFits.schema().features().names();
        Predictions batch = loaded.predictColumns(columns);
        int n = columns[0].length;
        double[] x = new double[columns.length];
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = columns[j][i];
            }
            double expected = mllib.predict(Vectors.dense(x));
            worst = Math.max(worst, TreeExport.relativeError(batch.value(i), expected));
            if (i % 10 != 0) {
                continue;
            }
            var inputs = new LinkedHashMap<String, Double>();
            for (int j = 0; j < names.size(); j++) {
                inputs.put(names.get(j), x[j]);
            }
            worst = Math.max(worst, TreeExport.relativeError(loaded.predict(inputs).value(), expected));
        }
        LOG.log(System.Logger.Level.INFO, "{0}: {1} rows, largest relative difference from MLlib {2}", what, n,
                worst);
        return worst;
    }
}
