package com.salaryml.training;

import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.schema.Target;
import java.nio.file.Path;
import java.util.Map;

/** Fits salary models the way the training command does, with the default settings unless told otherwise. */
final class Fits {

    /** A fixed provenance: these tests are about the fit, not about how it is recorded. */
    static final Provenance PROVENANCE = new Provenance("2026-11-27T00:00:00Z", "1.0.0", "3.1.1", "17",
            null, Map.of("algorithm", "ols"));

    /** The defaults of training.properties: ordinary least squares, 10 folds, seed 42. */
    static final FitSettings OLS = new FitSettings(Algorithm.OLS, 1.0, 10, 42);

    /** The features and target of data/hiring.csv, as its schema file declares them. */
    static final FeatureSchema FEATURES = Schemas.HIRING.features();
    static final Target TARGET = Schemas.HIRING.target();
    static final String MODEL_NAME = Schemas.HIRING.model();

    private Fits() {
    }

    static Dataset read(Path file) throws DataException {
        return HiringCsv.read(file, CsvFormat.DEFAULT, Schemas.HIRING);
    }

    static Model fit(Dataset data, String version) throws DataException {
        return fit(data, version, OLS);
    }

    static Model fit(Dataset data, String version, FitSettings settings) throws DataException {
        return Trainer.fit(data, FEATURES, TARGET, MODEL_NAME, version, settings, PROVENANCE);
    }

    static Trainer.Fitted fitWithSmile(Dataset data, FitSettings settings) throws DataException {
        return Trainer.fitWithSmile(data, FEATURES, TARGET, MODEL_NAME, "1.0.0", settings, PROVENANCE);
    }

    /** The linear parameters of a linear model. */
    static LinearModel linear(Model model) {
        return (LinearModel) model.kind();
    }

    static Model fit(Path file) throws DataException {
        return fit(read(file), "1.0.0");
    }
}
