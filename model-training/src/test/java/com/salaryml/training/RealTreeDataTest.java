package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree ensembles on real data, with their default settings: R's {@code carData::Salaries}, 397 academics with
 * three categorical inputs (rank, discipline, sex), two numbers and a salary fitted on its log.
 */
class RealTreeDataTest {

    private static final System.Logger LOG = System.getLogger(RealTreeDataTest.class.getName());

    private static DataSchema schema;
    private static Dataset academics;
    private static Path dir;

    @BeforeAll
    static void export(@TempDir Path folder) throws Exception {
        dir = folder;
        Path csv = RealWages.export(folder).academics();
        schema = DataSchema.read(DataSchema.besideData(csv));
        academics = HiringCsv.read(csv, CsvFormat.DEFAULT, schema);
    }

    /**
     * Boosting's old fixed defaults (300 trees, 5 splits deep) overfit these 397 rows: a 10-fold RMSE of $24,815,
     * 8% above least squares'. Choosing the trees and depth within each fold's training rows must do as well as
     * least squares on the same folds, to within 3%.
     */
    @Test
    void theDefaultGbmCrossValidatesWithinThreePercentOfLeastSquaresOnTheSameFolds() throws Exception {
        var ols = CrossValidator.crossValidate(academics, Declared.of(schema), new FitSettings(Algorithm.OLS, 1.0, 10,
                42), false).crossValidation();
        Trainer.Fitted gbm = fit(Algorithm.GBM);
        var cv = gbm.model().metadata().metrics().crossValidation();
        LOG.log(System.Logger.Level.INFO, "10-fold RMSE: ols {0}, gbm {1} ({2}); chosen {3}", ols.rmse(), cv.rmse(),
                cv.rmse() / ols.rmse(), gbm.model().metadata().hyperparameters());

        // The same folds: k-fold, 10, shuffled by the same seed.
        assertThat(List.of(cv.method(), cv.folds(), cv.seed())).isEqualTo(List.of(ols.method(), ols.folds(), ols.seed()));
        assertThat(cv.rmse()).isLessThanOrEqualTo(1.03 * ols.rmse());
        var chosen = gbm.model().metadata().hyperparameters();
        assertThat(chosen).containsEntry("search_folds", (double) TreeSearch.FOLDS);
        assertThat(chosen.get("trees")).isBetween(1.0, (double) TreeSearch.MAX_TREES);
        assertProven(gbm);
    }

    @Test
    void aRandomForestTrainsOnTheSameDataAndItsExportIsProven() throws Exception {
        Trainer.Fitted forest = fit(Algorithm.RANDOM_FOREST);
        LOG.log(System.Logger.Level.INFO, "random forest: 10-fold RMSE {0}",
                forest.model().metadata().metrics().crossValidation().rmse());

        assertProven(forest);
    }

    private static Trainer.Fitted fit(Algorithm algorithm) throws DataException {
        return Trainer.fitWithSmile(academics, Declared.of(schema), schema.model(), "1.0.0",
                new FitSettings(algorithm, 1.0, 10, 42), Fits.PROVENANCE);
    }

    private static void assertProven(Trainer.Fitted fitted) throws Exception {
        ExportProof.Result proof = ExportProof.prove(fitted, academics, dir, 2_000, 200, 29);
        assertThat(proof.levels()).hasSize(3 + 2 + 2);
        assertThat(List.of(proof.trainingRows(), proof.randomRows(), proof.shap(), proof.sum()))
                .allSatisfy(worst -> assertThat(worst).isLessThanOrEqualTo(TreeExport.TOLERANCE));
    }
}
