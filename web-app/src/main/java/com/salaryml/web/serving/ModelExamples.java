package com.salaryml.web.serving;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.ModelMetadata;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Example inputs for the model being served, made from what its model file says (each feature's example value
 * from the data scientist's schema file, or else its training statistics) and nothing else, so that every example the app shows (in error messages, in the OpenAPI
 * document) names exactly the model's inputs, with values it accepts.
 */
public final class ModelExamples {

    private ModelExamples() {
    }

    /**
     * A typical instance: each input at the example value its schema file gives, when that lies inside the range
     * seen in training; otherwise (format 1 files have no examples) at its training mean, rounded to a step that
     * suits its spread (a whole number for inputs that range over a few units or more), and kept inside both its
     * training and its valid range. No range warning, so an example answer shows a plain estimate.
     *
     * A category is at its example level, or else at the level most training rows have.
     *
     * @return one value per feature, in schema order, a category as its level's code (the model's own form; see
     *         {@link #asInput} for the APIs')
     */
    public static Map<String, Double> typical(ModelMetadata model) {
        var values = new LinkedHashMap<String, Double>();
        for (int i = 0; i < model.schema().size(); i++) {
            Feature feature = model.schema().features().get(i);
            FeatureStats stats = model.statsOf(i);
            double low = Math.max(stats.min(), feature.min());
            double high = Math.min(stats.max(), feature.max());
            Double example = feature.example();
            if (feature.isCategorical()) {
                // A level's code: the example level, or else the level most training rows have.
                values.put(feature.name(), example != null ? example : mostFrequent(stats.levelShares()));
                continue;
            }
            double value = example != null && example >= stats.min() && example <= stats.max() ? example
                    : low <= high ? clamp(rounded(stats.mean(), stats.max() - stats.min()), low, high)
                    : clamp(stats.mean(), feature.min(), feature.max());
            values.put(feature.name(), value);
        }
        return Collections.unmodifiableMap(values);
    }

    /** An input the model accepts but never saw in training, and the instance that holds it. */
    public record Unusual(String feature, Map<String, Double> instance) {
    }

    /**
     * The typical instance with one input a step beyond the range seen in training, but valid, so that the model
     * warns that it extrapolates: the first input whose valid range reaches past its training range, one rounding
     * step (as {@link #typical}'s) above the training maximum, or else below the minimum. Empty if every input's
     * valid range is its training range.
     */
    public static Optional<Unusual> unusual(ModelMetadata model) {
        for (int i = 0; i < model.schema().size(); i++) {
            Feature feature = model.schema().features().get(i);
            FeatureStats stats = model.statsOf(i);
            double step = step(stats.max() - stats.min());
            Double value = feature.max() > stats.max() ? Double.valueOf(Math.min(feature.max(), stats.max() + step))
                    : feature.min() < stats.min() ? Double.valueOf(Math.max(feature.min(), stats.min() - step))
                    : null;
            if (value != null) {
                var instance = new LinkedHashMap<>(typical(model));
                instance.put(feature.name(), value);
                return Optional.of(new Unusual(feature.name(), Collections.unmodifiableMap(instance)));
            }
        }
        return Optional.empty();
    }

    /** The typical instance as the APIs take it: {@link #asInput} of {@link #typical}. */
    public static Map<String, Object> typicalInput(ModelMetadata model) {
        return asInput(model, typical(model));
    }

    /**
     * Values in the model's own form, a category as its level's code, as the APIs and {@code Predictor.predict}
     * take them: a number as it is, a category as its level's text.
     */
    public static Map<String, Object> asInput(ModelMetadata model, Map<String, Double> values) {
        var input = new LinkedHashMap<String, Object>();
        values.forEach((name, value) -> {
            Feature feature = model.schema().feature(name).orElseThrow(() -> new IllegalArgumentException(
                    name + " is not an input of " + model.name()));
            input.put(name, feature.isCategorical() ? feature.level(value.intValue()) : value);
        });
        return Collections.unmodifiableMap(input);
    }

    /**
     * A model's example request bodies, made once: {@link #predictBody} and {@link #inferBody}.
     *
     * @param predict the native API's
     * @param infer   the start of the V2 protocol's
     */
    public record RequestBodies(String predict, String infer) {

        public static RequestBodies of(ModelMetadata model) {
            return new RequestBodies(predictBody(model), inferBody(model));
        }
    }

    /**
     * The typical instance as a native API request body: {@code {"experience":5,"test_score":8,...}}, a category
     * as its level's text, {@code "rank":"Prof"}.
     */
    public static String predictBody(ModelMetadata model) {
        var json = new StringBuilder("{");
        typicalInput(model).forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(quoted(name))
                .append(':').append(json(value)));
        return json.append('}').toString();
    }

    /**
     * The start of a V2 inference request for the typical instance, its first input written out and the rest
     * named: {@code {"inputs":[{"name":"experience","shape":[1],"datatype":"FP64","data":[5]}, ...one per
     * input: experience, test_score, interview_score]}}.
     */
    public static String inferBody(ModelMetadata model) {
        Map.Entry<String, Object> first = typicalInput(model).entrySet().iterator().next();
        // The protocol's tensors of text are BYTES, each element a JSON string.
        String datatype = first.getValue() instanceof String ? "BYTES" : "FP64";
        return "{\"inputs\":[{\"name\":" + quoted(first.getKey()) + ",\"shape\":[1],\"datatype\":\"" + datatype
                + "\",\"data\":[" + json(first.getValue()) + "]}, ...one per input: "
                + String.join(", ", model.schema().names()) + "]}";
    }

    private static String json(Object value) {
        return value instanceof String text ? quoted(text) : plain((Double) value);
    }

    /** The code of the level with the largest share; the first of those tied. */
    private static double mostFrequent(double[] shares) {
        int most = 0;
        for (int level = 1; level < shares.length; level++) {
            if (shares[level] > shares[most]) {
                most = level;
            }
        }
        return most;
    }

    /** {@code 5} rather than {@code 5.0}: as a person writes a number, and as JSON reads it back. */
    public static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * {@code mean} rounded to a step of a power of ten no larger than half the spread: 4.75 over a spread of 11
     * is 5, 8.125 over a spread of 4 is 8, 0.437 over a spread of 1 is 0.4.
     */
    private static double rounded(double mean, double spread) {
        if (!(spread > 0)) {
            return mean;
        }
        return BigDecimal.valueOf(mean).setScale(scale(spread), RoundingMode.HALF_UP).doubleValue();
    }

    /** The rounding step for a spread: 1 for 4 or 11, 10 for 100, 0.1 for 1. */
    private static double step(double spread) {
        return spread > 0 ? BigDecimal.ONE.scaleByPowerOfTen(-scale(spread)).doubleValue() : 1;
    }

    private static int scale(double spread) {
        return -(int) Math.floor(Math.log10(spread / 2));
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
