package com.salaryml.training.spark;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.FitSettings;

/** Which Spark trainer fits which algorithm. */
final class SparkTrainers {

    private SparkTrainers() {
    }

    static Model fit(SparkTrainingData data, DataSchema schema, String version, FitSettings settings,
                     Provenance provenance) throws DataException {
        return switch (settings.algorithm()) {
            case OLS, RIDGE, LASSO -> SparkLinearTrainer.fit(data, schema, version, settings, provenance);
            case GBM, RANDOM_FOREST -> SparkTreeTrainer.fit(data, schema, version, settings, provenance);
        };
    }
}
