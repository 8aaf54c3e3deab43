package com.salaryml.artifact.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which data a model learned from, so that anyone can check it against the file they hold, and how each
 * feature was distributed in it.
 *
 * @param file         the data file's name, without its folder
 * @param sha256       the SHA-256 of the data file's bytes, 64 lower-case hex digits
 * @param rows         the number of data rows the model was fitted on
 * @param featureStats each feature's training statistics, by feature name, in schema order
 * @param predictions  the quantile bins of the model's own predictions for the training rows, against which
 *                     live predictions are compared; null in model files written before they were recorded
 */
public record TrainingData(String file, String sha256, long rows, Map<String, FeatureStats> featureStats,
                           Distribution predictions) {

    /** Training data without a recorded distribution of predictions. */
    public TrainingData(String file, String sha256, long rows, Map<String, FeatureStats> featureStats) {
        this(file, sha256, rows, featureStats, null);
    }

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public TrainingData {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(featureStats, "featureStats");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was " + sha256);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, was " + rows);
        }
        featureStats = Collections.unmodifiableMap(new LinkedHashMap<>(featureStats));
    }
}
