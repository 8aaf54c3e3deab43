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
 * Inputs are checked against {@link ModelMetadata#schema()}: an unknown, non-finite, out-of-range or wrongly
 * typed value is an {@link InvalidInputException}, and so is a missing one unless the feature's schema says
 * which training value fills it in ({@link com.salaryml.artifact.schema.Missing}); then the prediction says
 * so in a warning. Never a silent default.
 */
public interface Predictor {

    /** The model's name, version, schema, metrics and provenance. */
    ModelMetadata metadata();

    /**
     * Predicts from one set of named values.
     *
     * @param features one value per feature name in the schema, and no other names: a {@link Number} for a
     *                 numeric feature, the level's text for a categorical one; {@code null}, or no entry, for
     *                 a missing value
     * @throws InvalidInputException naming every field that is wrong
     */
    Prediction predict(Map<String, ?> features);

    /**
     * Predicts for many instances at once, all or nothing.
     *
     * @param instances the instances, each as for {@link #predict(Map)}
     * @return one prediction per instance, in the same order
     * @throws InvalidInputException naming every wrong field as {@code instances[i].name}; then no prediction is made
     */
    default List<Prediction> predictAll(List<? extends Map<String, ?>> instances) {
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
     * instance {@code i}. The fast path for large batches: no map or object per instance. A category is given
     * as its level's code ({@link com.salaryml.artifact.schema.Feature#code}), a missing value as NaN.
     *
     * @param columns one array per feature of the schema, all of the same length, at least 1
     * @return the predictions, in instance order
     * @throws InvalidInputException naming every bad value as {@code instances[i].name}; then nothing is predicted
     * @throws IllegalArgumentException if the number or lengths of the columns are wrong
     */
    Predictions predictColumns(double[][] columns);
}
