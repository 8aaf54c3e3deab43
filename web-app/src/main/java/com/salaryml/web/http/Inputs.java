package com.salaryml.web.http;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checked inputs as every endpoint hands them to the prediction's listeners ({@code PredictionEvent}): one map of
 * feature name to number per instance, a category as its level's code (as {@code Predictor.predictColumns} takes
 * it), and a missing value left out, so that the log and the drift window see that it was missing, not the value
 * that filled it in.
 */
public final class Inputs {

    private Inputs() {
    }

    /**
     * @param instances inputs the model has accepted: a number for a numeric feature, a declared level's text for a
     *                  categorical one, {@code null} or no entry for a missing one
     */
    public static List<Map<String, Double>> asNumbers(FeatureSchema schema, List<? extends Map<String, ?>> instances) {
        if (allNumbers(instances)) {
            // Every value is already a number, as for any model without categories or missing values: no copy.
            @SuppressWarnings("unchecked")
            List<Map<String, Double>> numbers = (List<Map<String, Double>>) instances;
            return numbers;
        }
        var numbers = new ArrayList<Map<String, Double>>(instances.size());
        for (Map<String, ?> instance : instances) {
            var values = new HashMap<String, Double>(instance.size() * 2);
            for (var entry : instance.entrySet()) {
                Double value = number(schema, entry.getKey(), entry.getValue());
                if (value != null) {
                    values.put(entry.getKey(), value);
                }
            }
            numbers.add(values);
        }
        return numbers;
    }

    private static boolean allNumbers(List<? extends Map<String, ?>> instances) {
        for (Map<String, ?> instance : instances) {
            for (Object value : instance.values()) {
                if (!(value instanceof Double)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Double number(FeatureSchema schema, String name, Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String level) {
            Feature feature = schema.feature(name).orElseThrow(() -> new IllegalArgumentException(
                    "not an input of the model: " + name));
            return (double) feature.code(level).orElseThrow(() -> new IllegalArgumentException(
                    "not a level of " + name + ": " + level));
        }
        return null;
    }
}
