package com.salaryml.artifact;

import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stable API between whoever trains a model and whoever serves it: predict from named feature values.
 *
 * <p>Obtain one from {@link ModelLoader}. Implementations are immutable and safe to share between threads.
 * Inputs are checked against {@link ModelMetadata#schema()}: a missing, unknown, non-finite or
 * out-of-range value is an {@link InvalidInputException}, never a silent default.
 */
public interface Predictor {

    /** The model's name, version, schema, metrics and provenance. */
    ModelMetadata metadata();

    /**
     * Predicts from one set of named values.
     *
     * @param features one value per feature name in the schema, and no other names
     * @throws InvalidInputException naming every field that is wrong
     */
    Prediction predict(Map<String, Double> features);

    /**
     * Predicts for many instances at once, all or nothing.
     *
     * @param instances the instances, each as for {@link #predict(Map)}
     * @return one prediction per instance, in the same order
     * @throws InvalidInputException naming every wrong field as {@code instances[i].name}; then no prediction is made
     */
    default List<Prediction> predictAll(List<Map<String, Double>> instances) {
        var predictions = new ArrayList<Prediction>(instances.size());
        var errors = new ArrayList<FieldError>();
        for (int i = 0; i < instances.size(); i++) {
            try {
                predictions.add(predict(instances.get(i)));
            } catch (InvalidInputException e) {
                for (FieldError error : e.errors()) {
                    errors.add(error.under("instances[" + i + "]"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return List.copyOf(predictions);
    }

    /**
     * Predicts a batch given as columns: {@code columns[f][i]} is feature {@code f} (in schema order) of
     * instance {@code i}. The fast path for large batches: no map or object per instance.
     *
     * @param columns one array per feature of the schema, all of the same length, at least 1
     * @return the predictions, in instance order
     * @throws InvalidInputException naming every bad value as {@code instances[i].name}; then nothing is predicted
     * @throws IllegalArgumentException if the number or lengths of the columns are wrong
     */
    Predictions predictColumns(double[][] columns);
}
