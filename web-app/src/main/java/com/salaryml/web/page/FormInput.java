package com.salaryml.web.page;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The page form's fields as typed, and what they mean: values for the model, or an error per field in
 * words for the person who typed them. A number is typed; a category is chosen from its levels. A field left
 * blank is missing, which the model fills in where the feature's rule allows and the page refuses otherwise.
 *
 * @param typed  each feature's text exactly as submitted ("" when absent), in schema order
 * @param values the values, present only when every field is valid, as {@code Predictor.predict} takes them: a
 *               {@link Double} for a number, the level's text for a category, {@code null} for a missing value
 *               the model fills in
 * @param errors one message per invalid field, keyed by feature name, in schema order
 */
record FormInput(Map<String, String> typed, Optional<Map<String, Object>> values, Map<String, String> errors) {

    /** Plain decimal numbers only: no hex, no "NaN", no "1e999". */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d{1,15}(\\.\\d{0,15})?|\\.\\d{1,15})");

    /** An unsubmitted form: no values, no errors. */
    static FormInput empty(FeatureSchema schema) {
        var typed = new LinkedHashMap<String, String>();
        schema.names().forEach(name -> typed.put(name, ""));
        return new FormInput(typed, Optional.empty(), Map.of());
    }

    /**
     * Reads the submitted fields. A field given more than once, or in a broken encoding, is an error of that
     * field, as a duplicate key is in the JSON API: no value is chosen for the person who sent it.
     */
    static FormInput parse(FeatureSchema schema, QueryString query) {
        var typed = new LinkedHashMap<String, String>();
        var errors = new LinkedHashMap<String, String>();
        var values = new HashMap<String, Object>();
        for (Feature feature : schema.features()) {
            List<String> given = query.all(feature.name());
            String raw = given.isEmpty() ? null : given.get(0);
            String text = raw == null ? "" : raw.strip();
            typed.put(feature.name(), raw == null ? "" : raw);
            String ask = ask(feature);
            if (query.malformed().contains(feature.name())) {
                errors.put(feature.name(), "The address holds this field in a broken encoding. " + ask + ".");
            } else if (given.size() > 1) {
                errors.put(feature.name(), "Given " + times(given.size()) + " in the address ("
                        + String.join(", ", given.stream().map(value -> "\u201c" + shorten(value) + "\u201d").toList())
                        + "). " + (feature.isCategorical() ? ask : "Enter one number from " + feature.rangeText())
                        + ".");
            } else if (text.isEmpty()) {
                if (feature.missing().fills()) {
                    // Missing: the model fills it in, and the result says with what.
                    values.put(feature.name(), null);
                } else {
                    errors.put(feature.name(), ask + ".");
                }
            } else if (feature.isCategorical()) {
                // A level is matched exactly, as the API matches it: the form only ever offers the levels.
                if (feature.code(text).isPresent()) {
                    values.put(feature.name(), text);
                } else {
                    errors.put(feature.name(), "\u201c" + shorten(text) + "\u201d is not a choice. " + ask + ".");
                }
            } else if (!NUMBER.matcher(text).matches()) {
                errors.put(feature.name(), "\u201c" + shorten(text) + "\u201d is not a number. Enter a number like 3 or 7.5,"
                        + " from " + feature.rangeText() + ".");
            } else {
                double value = new BigDecimal(text).doubleValue();
                Optional<FieldError> problem = FeatureSchema.checkValue(feature, value);
                if (problem.isPresent()) {
                    errors.put(feature.name(), "Enter a number from " + feature.rangeText() + "; "
                            + text + " is out of range.");
                } else {
                    values.put(feature.name(), value);
                }
            }
        }
        return new FormInput(typed, errors.isEmpty() ? Optional.of(values) : Optional.empty(), errors);
    }

    /** What the person should do with a field: enter a number in its range, or choose one of its levels. */
    private static String ask(Feature feature) {
        return feature.isCategorical() ? "Choose " + feature.rangeText() : "Enter a number from " + feature.rangeText();
    }

    private static String times(int count) {
        return count == 2 ? "twice" : count + " times";
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "\u2026";
    }

    /** The invalid fields' names, in form order. */
    List<String> invalidFields() {
        return new ArrayList<>(errors.keySet());
    }
}
