package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import smile.base.cart.CART;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;

/**
 * The proof that a tree ensemble survives the hand-off: trained with Smile, written as a model file, loaded back
 * through {@link ModelLoader}, the artifact's scorer predicts what Smile predicts, and explains it as Smile's
 * TreeSHAP does, to {@value #TOLERANCE} relative.
 *
 * <p>Predictions are compared on every training row, on {@value #RANDOM_ROWS} seeded random rows inside the
 * schema's ranges, and on rows placed exactly on split values and one step of a double above them, where a
 * threshold off by the last bit, or a {@code <} for Smile's {@code <=}, would send a row down the other branch.
 */
class TreeEnsembleProofTest {

    static final double TOLERANCE = 1e-9;
    static final int RANDOM_ROWS = 10_000;
    static final int TRAINING_ROWS = 2_000;
    /** Rows on which contributions are compared with Smile's: TreeSHAP costs more than a prediction. */
    static final int SHAP_ROWS = 500;

    private static final System.Logger LOG = System.getLogger(TreeEnsembleProofTest.class.getName());

    private static Dataset data;
    private static final Map<Algorithm, Trainer.Fitted> FITTED = new EnumMap<>(Algorithm.class);
    private static final Map<Algorithm, Predictor> LOADED = new EnumMap<>(Algorithm.class);

    @BeforeAll
    static void trainWriteAndLoad(@TempDir Path dir) throws Exception {
        data = Fits.read(continuous(dir.resolve("continuous.csv")));
        for (Algorithm algorithm : List.of(Algorithm.GBM, Algorithm.RANDOM_FOREST)) {
            Trainer.Fitted fitted = Fits.fitWithSmile(data, new FitSettings(algorithm, 1.0, 10, 42));
            Path file = dir.resolve(algorithm.id + ".json");
            Files.write(file, ModelFormat.write(fitted.model()));
            FITTED.put(algorithm, fitted);
            LOADED.put(algorithm, ModelLoader.load(file));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void theLoadedModelPredictsWhatSmilePredictsOnEveryTrainingRow(Algorithm algorithm) {
        Trainer.Fitted fitted = FITTED.get(algorithm);
        DataFrame frame = fitted.frame();
        double[] smile = new double[data.rows()];
        for (int i = 0; i < smile.length; i++) {
            smile[i] = fitted.library().predict(frame.get(i));
        }

        double worst = worst(LOADED.get(algorithm), data.columns(), smile, algorithm + " training rows");

        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void theLoadedModelPredictsWhatSmilePredictsOnRandomRowsInsideTheSchemasRanges(Algorithm algorithm) {
        List<Feature> features = Fits.FEATURES.features();
        var random = new SplittableRandom(2026);
        double[][] columns = new double[features.size()][RANDOM_ROWS];
        for (int i = 0; i < RANDOM_ROWS; i++) {
            for (int j = 0; j < features.size(); j++) {
                Feature feature = features.get(j);
                columns[j][i] = feature.min() + random.nextDouble() * (feature.max() - feature.min());
            }
        }

        double worst = worst(LOADED.get(algorithm), columns, smile(algorithm, columns), algorithm + " random rows");

        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void rowsOnASplitValueGoLeftAndOneStepAboveGoRightAsInSmile(Algorithm algorithm) {
        // For every split of the first trees: a training row moved onto the split value, and one step above it.
        var ensemble = (TreeEnsembleModel) FITTED.get(algorithm).model().kind();
        var random = new SplittableRandom(11);
        int p = Fits.FEATURES.size();
        List<double[]> rows = new ArrayList<>();
        for (TreeEnsembleModel.Tree tree : ensemble.trees().subList(0, 20)) {
            for (int node = 0; node < tree.size(); node++) {
                if (tree.isLeaf(node)) {
                    continue;
                }
                int feature = tree.feature()[node];
                double threshold = tree.threshold()[node];
                for (double value : new double[] {threshold, Math.nextUp(threshold)}) {
                    int source = random.nextInt(data.rows());
                    double[] x = new double[p];
                    for (int j = 0; j < p; j++) {
                        x[j] = data.columns()[j][source];
                    }
                    x[feature] = value;
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

        assertThat(rows).hasSizeGreaterThan(100);
        double worst = worst(LOADED.get(algorithm), columns, smile(algorithm, columns), algorithm + " split values");

        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void contributionsMatchSmilesTreeShapAndAddUpToThePrediction(Algorithm algorithm) {
        Trainer.Fitted fitted = FITTED.get(algorithm);
        Predictor loaded = LOADED.get(algorithm);
        TreeSettings settings = new FitSettings(algorithm, 1.0, 10, 42).trees();
        StructType schema = fitted.frame().schema();
        var random = new SplittableRandom(5);
        List<Feature> features = Fits.FEATURES.features();
        double worstShap = 0;
        double worstSum = 0;
        for (int i = 0; i < SHAP_ROWS; i++) {
            double[] row = new double[features.size() + 1];
            var inputs = new LinkedHashMap<String, Double>();
            for (int j = 0; j < features.size(); j++) {
                Feature feature = features.get(j);
                row[j] = feature.min() + random.nextDouble() * (feature.max() - feature.min());
                inputs.put(feature.name(), row[j]);
            }
            Tuple x = Tuple.of(row, schema);
            double[] expected = smileShap(fitted, settings, x);
            Prediction prediction = loaded.predict(inputs);
            double sum = prediction.baseline();
            for (int j = 0; j < features.size(); j++) {
                double ours = prediction.contributions().get(j).amount();
                worstShap = Math.max(worstShap, Math.abs(ours - expected[j]) / Math.abs(prediction.value()));
                sum += ours;
            }
            worstSum = Math.max(worstSum, TreeExport.relativeError(sum, prediction.value()));
        }
        LOG.log(System.Logger.Level.INFO, "{0}: contributions differ from Smile''s by at most {1} of the prediction;"
                + " baseline + contributions differ from the prediction by at most {2} relative",
                algorithm, worstShap, worstSum);

        assertThat(worstShap).isLessThanOrEqualTo(TOLERANCE);
        assertThat(worstSum).isLessThanOrEqualTo(TOLERANCE);
    }

    /**
     * Training data with the non-linear truth, but inputs anywhere in their ranges rather than whole numbers, written
     * to the last digit: a split value is then the midpoint of two arbitrary doubles, which a threshold read from
     * Smile's printed trees would round (between whole numbers it is some x.5, which printing keeps exact).
     */
    private static Path continuous(Path file) throws java.io.IOException {
        var random = new SplittableRandom(7);
        var lines = new ArrayList<String>();
        lines.add(Csv.HEADER);
        for (int i = 0; i < TRAINING_ROWS; i++) {
            double experience = 40 * random.nextDouble() * random.nextDouble();
            double test = 10 * random.nextDouble();
            double interview = 10 * random.nextDouble();
            double salary = GenerateCommand.Truth.NONLINEAR.salary(experience, test, interview)
                    + GenerateCommand.NOISE_SD * (random.nextDouble() + random.nextDouble() - 1);
            lines.add(experience + "," + test + "," + interview + "," + salary);
        }
        return Csv.write(file.getParent(), file.getFileName().toString(), lines);
    }

    /**
     * Smile's own SHAP values. A random forest's {@code shap} is right: the mean of its trees' TreeSHAP, as its
     * prediction is their mean. Gradient boosting's is not: Smile 3.1.1's {@code TreeSHAP.shap} averages the
     * trees' values for every ensemble, while boosting predicts {@code b + shrinkage · Σ tree}, so its values
     * come out {@code trees · shrinkage} times too small (15 times with the defaults) and do not add up to the
     * prediction. The SHAP values of boosting are those of its trees, each {@code CART.shap} scaled by the
     * shrinkage, which is what this compares with, after checking how Smile's own differ.
     */
    private static double[] smileShap(Trainer.Fitted fitted, TreeSettings settings, Tuple x) {
        if (fitted.library() instanceof RandomForest forest) {
            return forest.shap(x);
        }
        var boosting = (GradientTreeBoost) fitted.library();
        Tuple predictors = boosting.formula().x(x);
        double[] sum = new double[Fits.FEATURES.size()];
        for (CART tree : boosting.trees()) {
            double[] phi = tree.shap(predictors);
            for (int j = 0; j < sum.length; j++) {
                sum[j] += settings.shrinkage() * phi[j];
            }
        }
        double[] averaged = boosting.shap(x);
        for (int j = 0; j < sum.length; j++) {
            double scaled = averaged[j] * boosting.trees().length * settings.shrinkage();
            assertThat(scaled).isCloseTo(sum[j], org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(sum[j]))));
        }
        return sum;
    }

    private static double[] smile(Algorithm algorithm, double[][] columns) {
        Trainer.Fitted fitted = FITTED.get(algorithm);
        StructType schema = fitted.frame().schema();
        int n = columns[0].length;
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = new double[columns.length + 1];
            for (int j = 0; j < columns.length; j++) {
                row[j] = columns[j][i];
            }
            predicted[i] = fitted.library().predict(Tuple.of(row, schema));
        }
        return predicted;
    }

    /**
     * The largest relative difference from Smile's predictions, by the batch path on every row and by single
     * predictions on every tenth, logged for docs/training.md.
     */
    private static double worst(Predictor loaded, double[][] columns, double[] smile, String what) {
        Predictions batch = loaded.predictColumns(columns);
        List<String> names = Fits.FEATURES.names();
        double worst = 0;
        for (int i = 0; i < smile.length; i++) {
            worst = Math.max(worst, TreeExport.relativeError(batch.value(i), smile[i]));
            if (i % 10 != 0) {
                continue; // a single prediction also computes its TreeSHAP contributions: every tenth row will do
            }
            var inputs = new LinkedHashMap<String, Double>();
            for (int j = 0; j < names.size(); j++) {
                inputs.put(names.get(j), columns[j][i]);
            }
            worst = Math.max(worst, TreeExport.relativeError(loaded.predict(inputs).value(), smile[i]));
        }
        LOG.log(System.Logger.Level.INFO, "{0}: {1} rows, largest relative difference from Smile {2}", what,
                smile.length, worst);
        return worst;
    }
}
