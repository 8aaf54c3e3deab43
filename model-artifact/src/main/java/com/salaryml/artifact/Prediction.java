package com.salaryml.artifact;

import java.util.Objects;

/**
 * One prediction, with the model that made it.
 *
 * @param value        the predicted value, in the unit of the model's target
 * @param modelName    the name of the model that made it
 * @param modelVersion the version of the model that made it
 */
public record Prediction(double value, String modelName, String modelVersion) {

    public Prediction {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
