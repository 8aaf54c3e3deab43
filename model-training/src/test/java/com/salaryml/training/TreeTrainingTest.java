package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The training command with a tree ensemble: the same files, gate, comparisons and report as for any model. */
class TreeTrainingTest {

    /** Small settings, so that the command's tests stay quick: the defaults are tested elsewhere. */
    private static final String[] GBM = {"--algorithm", "gbm", "--trees", "60", "--max-depth", "6", "--shrinkage", "0.2"};
    private static final String[] FOREST = {"--algorithm", "random-forest", "--trees", "30"};

    private static Path nonlinear;

    @TempDir
    Path dir;

    @BeforeAll
    static void data(@TempDir Path shared) throws IOException {
        nonlinear = shared.resolve("nonlinear.csv");
        GenerateCommand.write(nonlinear, 600, 21, GenerateCommand.Truth.NONLINEAR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gbm", "random-forest"})
    void retrainingTheSameDataWithTheSameSettingsWritesByteIdenticalFiles(String algorithm) throws IOException {
        String[] settings = algorithm.equals("gbm") ? GBM : FOREST;

        // Byte-identical as the reproducible-builds convention asks: with SOURCE_DATE_EPOCH fixing trained_at.
        var environment = Map.of(TrainingTime.SOURCE_DATE_EPOCH, "1795737600");
        Run first = Run.train(arguments(nonlinear, dir.resolve("first"), settings), environment);
        Run second = Run.train(arguments(nonlinear, dir.resolve("second"), settings), environment);

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(second.status()).as(second.err()).isZero();
        for (String file : List.of("salary-model-1.0.0.json", "salary-model-1.0.0.jar")) {
            assertThat(Files.readAllBytes(dir.resolve("second").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("first").resolve(file)));
        }
    }

    @Test
    void aTreeEnsembleIsServedThroughTheSameContractWithAConformalIntervalAndContributions() throws Exception {
        Run run = train(dir, GBM);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(files(dir)).containsExactly("salary-model-1.0.0.html", "salary-model-1.0.0.jar",
                "salary-model-1.0.0.json");
        Predictor model = ModelLoader.load(dir.resolve("salary-model-1.0.0.jar"));
        assertThat(model.metadata().algorithm()).isEqualTo("gbm");
        assertThat(model.metadata().kind()).isEqualTo("tree_ensemble");
        assertThat(model.metadata().hyperparameters()).containsEntry("trees", 60.0).containsEntry("shrinkage", 0.2)
                .containsEntry("seed", 42.0).containsKeys("max_depth", "max_nodes", "node_size", "subsample");
        Prediction prediction = model.predict(Schemas.HIRING.examples());
        assertThat(prediction.interval().method()).isEqualTo(IntervalParameters.CONFORMAL);
        assertThat(prediction.interval().high() - prediction.interval().low()).isPositive();
        double sum = prediction.baseline() + prediction.contributions().stream()
                .mapToDouble(Prediction.Contribution::amount).sum();
        assertThat(sum).isCloseTo(prediction.value(), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(run.out()).contains("Fitted salary 1.0.0 by gradient tree boosting")
                .contains("60 trees, ").contains("Cross-validated: R² ").contains("(10-fold, seed 42)")
                .containsPattern("Interval: +conformal, cv\\+ ± \\$[0-9,.]+; held-out coverage [0-9.]+%")
                .contains("Wrote " + dir.resolve("salary-model-1.0.0.jar"));
    }

    @Test
    void theApprovalGateStopsATreeEnsembleThatCannotLearnFromEightRows() throws IOException {
        Run run = train(Csv.HIRING, dir, GBM);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("Rejected by the approval gate; no model file or JAR was written:")
                .contains("error: cross-validated R² is ");
        assertThat(files(dir)).containsExactly("salary-model-1.0.0.html");
        assertThat(Files.readString(dir.resolve("salary-model-1.0.0.html"), UTF_8))
                .contains("Rejected by the approval gate").contains("gradient tree boosting")
                .contains("The trees").contains("What drives the predictions");
    }

    @Test
    void aTreeEnsembleIsComparedWithAPreviousLinearModel() throws IOException {
        assertThat(train(dir, "--version", "1.0.0").status()).isZero();

        Run run = train(dir, concat(GBM, "--version", "2.0.0", "--compare-to",
                dir.resolve("salary-model-1.0.0.json").toString()));

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Compared with version 1.0.0 (ols):")
                .containsPattern("cross-validated RMSE +[0-9.]+ -> +[0-9.]+ +\\(-")
                .containsPattern("interval coverage +0\\.[0-9]+ -> +0\\.[0-9]+")
                .containsPattern("interval mean width +[0-9.]+ -> +[0-9.]+")
                .contains("Largest changes in prediction over the training rows:");
        assertThat(Files.readString(dir.resolve("salary-model-2.0.0.html"), UTF_8))
                .contains("Compared with version 1.0.0").contains("1.0.0 (ols)").contains("2.0.0 (gbm)")
                .contains("interval coverage");
    }

    @Test
    void comparingFamiliesByCrossValidationSaysThatBoostingBeatsLeastSquaresOnANonLinearTruth() throws IOException {
        Run run = train(dir, "--compare-families", "--quiet");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("Families compared by cross-validation \\(10-fold, seed 42, the same folds for each;"
                        + " [0-9.]+ s\\):")
                .containsPattern("\\n  gbm +\\$[0-9,.]+ ")
                .containsPattern("\\n  ols +\\$[0-9,.]+ .*\\(chosen\\)")
                .contains("Lowest cross-validated RMSE: ").contains("lower than ols's")
                .containsPattern("a clear difference \\([0-9]+ standard errors of the rows' paired squared errors\\)");
        String report = Files.readString(dir.resolve("salary-model-1.0.0.html"), UTF_8);
        assertThat(report).contains("<h2>Families compared by cross-validation</h2>")
                .containsPattern("<td>gbm</td><td>\\$[0-9,.]+</td>.*<td>\\$[0-9,.]+ lower than ols</td>");
    }

    @Test
    void aForestAskedToChooseAmongMoreFeaturesThanThereAreIsRefusedByName() throws IOException {
        Run run = train(dir, "--algorithm", "random-forest", "--mtry", "5");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Training failed; nothing was written.\nerror: random_forest.mtry is 5, but "
                + "nonlinear.csv has only 3 features for a split to choose from; set it to at most 3, or 0 for all of"
                + " them\n");
        assertThat(files(dir)).isEmpty();
    }

    /**
     * By default gbm chooses its number of trees and depth by cross-validation: the console, the model file and its
     * provenance say what was chosen and that it was, and the model holds that many trees.
     */
    @Test
    void theDefaultGbmSaysWhatCrossValidationChose() throws Exception {
        Run run = train(dir, "--algorithm", "gbm");

        assertThat(run.status()).as(run.err()).isZero();
        Model model = ModelFormat.read(Files.readAllBytes(dir.resolve("salary-model-1.0.0.json")), "the model file");
        var chosen = model.metadata().hyperparameters();
        int trees = chosen.get("trees").intValue();
        int depth = chosen.get("max_depth").intValue();
        assertThat(((TreeEnsembleModel) model.kind()).trees()).hasSize(trees);
        assertThat(((TreeEnsembleModel) model.kind()).trees()).allSatisfy(tree -> assertThat(tree.depth())
                .isLessThanOrEqualTo(depth - 1));
        assertThat(chosen).containsEntry("search_folds", 5.0).containsEntry("search_max_trees", 1000.0)
                .containsEntry("search_max_depth", 6.0).containsEntry("shrinkage", 0.1);
        assertThat(model.metadata().provenance().options()).containsEntry("gbm.trees", "auto")
                .containsEntry("gbm.max_depth", "auto");
        assertThat(run.out()).contains("Fitted salary 1.0.0 by gradient tree boosting {max_depth=" + depth + ",")
                .contains("search_folds=5, search_max_depth=6, search_max_trees=1000,")
                .contains(", trees=" + trees + "}:");
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    private static Run train(Path out, String... args) {
        return train(nonlinear, out, args);
    }

    private static Run train(Path data, Path out, String... args) {
        return Run.train(arguments(data, out, args));
    }

    private static List<String> arguments(Path data, Path out, String... args) {
        var arguments = new ArrayList<>(List.of("--data", data.toString(), "--out", out.toString()));
        arguments.addAll(List.of(args));
        return arguments;
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
