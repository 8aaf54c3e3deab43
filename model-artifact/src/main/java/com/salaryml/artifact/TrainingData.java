package com.salaryml.artifact;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which data a model learned from, so that anyone can check it against the file they hold.
 *
 * @param file   the data file's name, without its folder
 * @param sha256 the SHA-256 of the data file's bytes, 64 lower-case hex digits
 * @param rows   the number of data rows the model was fitted on
 */
public record TrainingData(String file, String sha256, long rows) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public TrainingData {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was " + sha256);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, was " + rows);
        }
    }
}
