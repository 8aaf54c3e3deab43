package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tree ensembles on categories, gaps and a log target: Smile's nominal splits, exported as categorical splits of one
 * level each, predict and explain in the served model exactly as in Smile ({@link ExportProof}).
 */
class TreeCategoriesTest {

    private static final System.Logger LOG = System.getLogger(TreeCategoriesTest.class.getName());

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(names = {"GBM", "RANDOM_FOREST"})
    void theExportOfCategoricalSplitsPredictsAndExplainsAsSmileDoes(Algorithm algorithm) throws Exception {
        // Blank and NA cells in every input but rank, filled in by the median, mean and most frequent level.
        Path csv = AcademicData.write(dir, "academic.csv", AcademicData.lines(400, 3, false),
                AcademicData.IMPUTING_SCHEMA);
        DataSchema schema = DataSchema.read(DataSchema.besideData(csv));
        Dataset data = HiringCsv.read(csv, CsvFormat.DEFAULT, schema);
        assertThat(data.hasMissing()).isTrue();

        Trainer.Fitted fitted = Trainer.fitWithSmile(data, Declared.of(schema), "academic", "1.0.0",
                new FitSettings(algorithm, 1.0, 10, 42), Fits.PROVENANCE);
        ExportProof.Result proof = ExportProof.prove(fitted, data, dir, 2_000, 300, 17);
        LOG.log(System.Logger.Level.INFO, "{0}: {1}", algorithm, proof);

        var ensemble = (TreeEnsembleModel) fitted.model().kind();
        int categorical = 0;
        for (TreeEnsembleModel.Tree tree : ensemble.trees()) {
            for (int node = 0; node < tree.size(); node++) {
                if (!tree.isLeaf(node) && tree.isCategorical(node)) {
                    categorical++;
                    // Smile sends one level to the true branch, every other level to the false one.
                    assertThat(tree.leftLevels(node)).hasSize(1);
                }
            }
        }
        assertThat(categorical).as("categorical splits").isGreaterThan(0);
        assertThat(proof.levels()).containsExactlyInAnyOrder("rank=AsstProf", "rank=AssocProf", "rank=Prof",
                "discipline=A", "discipline=B");
        assertThat(List.of(proof.trainingRows(), proof.randomRows(), proof.shap(), proof.sum()))
                .allSatisfy(worst -> assertThat(worst).isLessThanOrEqualTo(TreeExport.TOLERANCE));
    }

    /** The review report's partial dependence on a category: one bar per level, each level set in turn. */
    @Test
    void theReviewReportShowsAPartialDependenceBarPerLevel() throws Exception {
        Path csv = AcademicData.write(dir, "academic.csv", AcademicData.lines(300, 4, false),
                AcademicData.IMPUTING_SCHEMA);
        DataSchema schema = DataSchema.read(DataSchema.besideData(csv));
        Dataset data = HiringCsv.read(csv, CsvFormat.DEFAULT, schema);
        Model forest = Trainer.fit(data, schema, "1.0.0", new FitSettings(Algorithm.RANDOM_FOREST, 1.0, 5, 42),
                Fits.PROVENANCE);

        double[][] rank = Explanations.partialDependence(forest, data.columns(), 0);
        String report = new String(ReviewReport.render(forest, data, new ApprovalGate(0.5, 0.95), List.of(), null),
                UTF_8);

        assertThat(java.util.Arrays.stream(rank).mapToDouble(point -> point[0])).containsExactly(0.0, 1.0, 2.0);
        // A professor earns more than an associate professor, who earns more than an assistant professor.
        assertThat(rank[2][1]).isGreaterThan(rank[1][1]);
        assertThat(rank[1][1]).isGreaterThan(rank[0][1]);
        assertThat(report).contains("<img alt=\"Partial dependence on rank\"")
                .contains("<img alt=\"Partial dependence on yrs_service\"");
    }
}
