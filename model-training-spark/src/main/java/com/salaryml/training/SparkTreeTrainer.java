package com.salaryml.training;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.Provenance;

/** Tree ensembles on Spark: GBTRegressor and RandomForestRegressor, exported to the model file's tree format. */
final class SparkTreeTrainer {

    private SparkTreeTrainer() {
    }

    static Model fit(SparkTrainingData data, DataSchema schema, String version, Trainer.Settings settings,
                     Provenance provenance) throws DataException {
        throw new DataException("the Spark trainer does not fit " + settings.algorithm().id + " yet; train it with"
                + " the Smile trainer (mvn -pl model-training exec:java)");
    }
}
