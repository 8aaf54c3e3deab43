package com.salaryml.training.spark;


import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.training.Algorithm;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.Errors;
import com.salaryml.training.FitSettings;
import com.salaryml.training.HiringCsv;
import com.salaryml.training.ModelPublisher;
import com.salaryml.training.Trainer;
import com.salaryml.training.TreeExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gradient boosting and a random forest trained on Spark are published, loaded and served through the same contract
 * as the Smile trainer's: the model file round trip predicts what the model in memory predicts, with a conformal
 * interval and TreeSHAP contributions that add up to the prediction, and the metadata is assembled as the Smile
 * trainer assembles it.
 */
class SparkTreeTrainerTest {

    /** What 4-fold cross-validation must reach on {@code hiring-education.csv}, whose salary the features explain. */
    private static final double CV_R_SQUARED_FLOOR = 0.75;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void thePublishedModelLoadsAndPredictsAsTheModelInMemoryWithAConformalIntervalAndContributionsThatAddUp(
            Algorithm algorithm) throws Exception {
        Model model = SparkTreeFits.fitted(algorithm).model();
        double[][] columns = SparkTreeFits.rows().columns();

        var published = ModelPublisher.publish(model, dir, false, LocalDateTime.of(2026, 11, 27, 0, 0));

        assertThat(Files.readString(published.modelFile(), StandardCharsets.UTF_8))
                .containsPattern("\"method\"\\s*:\\s*\"conformal\"");
        Predictions expected = model.predictColumns(columns);
        for (Path file : List.of(published.modelFile(), published.jarFile())) {
            Predictor loaded = ModelLoader.load(file);
            assertThat(loaded.metadata().kind()).isEqualTo(ModelKind.TREE_ENSEMBLE);
            Predictions actual = loaded.predictColumns(columns);
            for (int i = 0; i < columns[0].length; i++) {
                assertThat(actual.value(i)).as("%s row %d", file.getFileName(), i + 1).isEqualTo(expected.value(i));
                assertThat(actual.low(i)).isEqualTo(expected.low(i));
                assertThat(actual.high(i)).isEqualTo(expected.high(i));
                double sum = actual.baseline();
                for (int j = 0; j < columns.length; j++) {
                    sum += actual.contribution(j, i);
                }
                assertThat(sum).as("baseline + contributions, row %d", i + 1)
                        .isCloseTo(actual.value(i), within(1e-9 * Math.abs(actual.value(i))));
            }
            Prediction example = loaded.predict(SparkTreeFits.schema().examples());
            assertThat(example.interval().method()).isEqualTo(IntervalParameters.CONFORMAL);
            assertThat(example.interval().high() - example.interval().low()).isPositive();
            assertThat(example.baseline() + example.contributions().stream()
                    .mapToDouble(Prediction.Contribution::amount).sum())
                    .isCloseTo(example.value(), within(1e-9 * example.value()));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void theMetadataIsAssembledAsTheSmileTrainerAssemblesIt(Algorithm algorithm) throws Exception {
        Model model = SparkTreeFits.fitted(algorithm).model();
        FitSettings settings = SparkTreeFits.settings(algorithm);
        var rows = SparkTreeFits.rows();
        var ensemble = (TreeEnsembleModel) model.kind();
        var metadata = model.metadata();

        assertThat(metadata.algorithm()).isEqualTo(algorithm.id);
        assertThat(metadata.hyperparameters()).isEqualTo(settings.trees().hyperparameters(algorithm));
        assertThat(metadata.coefficientStats()).isEmpty();
        assertThat(ensemble.baseValue()).isZero();
        assertThat(ensemble.trees()).hasSize(settings.trees().trees());
        if (algorithm == Algorithm.GBM) {
            // MLlib's first tree is fitted on the salary itself and weighted 1; each later one by the step size.
            assertThat(ensemble.trees().get(0).weight()).isEqualTo(1.0);
            assertThat(ensemble.trees().subList(1, ensemble.trees().size()))
                    .allSatisfy(tree -> assertThat(tree.weight()).isEqualTo(settings.gbm().shrinkage() / 2));
        } else {
            assertThat(ensemble.trees()).allSatisfy(tree -> assertThat(tree.weight()).isEqualTo(1.0 / 20));
        }

        // The training metrics are those of the exported model's predictions, computed here on the driver.
        double[] predicted = new double[rows.target().length];
        double[] x = new double[rows.columns().length];
        for (int i = 0; i < predicted.length; i++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = rows.columns()[j][i];
            }
            predicted[i] = TreeExport.predict(ensemble, x);
        }
        Errors errors = Errors.of(rows.target(), predicted);
        Metrics metrics = metadata.metrics();
        close("R²", metrics.rSquared(), errors.rSquared());
        close("RMSE", metrics.rmse(), errors.rmse());
        close("MAE", metrics.mae(), errors.mae());
        int n = predicted.length;
        int p = x.length;
        close("adjusted R²", metrics.adjustedRSquared(), 1 - (1 - errors.rSquared()) * (n - 1) / (double) (n - p - 1));
        assertThat(metadata.trainingData().predictions()).isEqualTo(Distribution.of(predicted, settings.bins()));

        CrossValidation cv = metrics.crossValidation();
        assertThat(cv.method()).isEqualTo(CrossValidation.K_FOLD);
        assertThat(cv.folds()).isEqualTo(SparkTreeFits.FOLDS);
        assertThat(cv.seed()).isEqualTo(42L);
        assertThat(cv.rSquared()).isGreaterThan(CV_R_SQUARED_FLOOR).isLessThan(metrics.rSquared());
        assertThat(cv.intervalCoverage()).isBetween(0.85, 1.0);
        assertThat(cv.intervalMeanWidth()).isPositive();
        var interval = (IntervalParameters.Conformal) model.interval();
        assertThat(interval.scheme()).isEqualTo(IntervalParameters.Conformal.CV_PLUS);
        assertThat(interval.calibrationSize()).isEqualTo(n);

        // Everything that describes the data is the Smile trainer's, to the bit where it is counted or sorted.
        var schema = SparkTreeFits.schema();
        Model smile = Trainer.fit(HiringCsv.read(SparkTreeFits.DATA, CsvFormat.DEFAULT, schema), schema.features(),
                schema.target(), schema.model(), "1.0.0", settings, SparkTreeFits.PROVENANCE);
        SameData.assertSameTrainingData(metadata.trainingData(), smile.metadata().trainingData());
        CrossValidation smileCv = smile.metadata().metrics().crossValidation();
        assertThat(List.of(cv.method(), cv.folds(), cv.seed()))
                .isEqualTo(List.of(smileCv.method(), smileCv.folds(), smileCv.seed()));
    }

    private static void close(String what, double actual, double expected) {
        SameData.close(what, actual, expected);
    }
}
