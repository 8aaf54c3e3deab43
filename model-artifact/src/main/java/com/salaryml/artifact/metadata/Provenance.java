package com.salaryml.artifact.metadata;

import java.util.Collections;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Map;

/**
 * How a model was made, fixed when it was trained: when, by which versions of which software, from which
 * commit, with which options. With {@code SOURCE_DATE_EPOCH} set, as the reproducible-builds convention has it,
 * its time is the training time, so retraining gives the same bytes.
 *
 * @param trainedAt      when the model was trained, an ISO-8601 instant ({@code SOURCE_DATE_EPOCH}'s when that was
 *                       set); {@code null} in model files written before the trainer recorded it
 * @param projectVersion the version of the training code
 * @param smileVersion   the version of Smile that fitted the model
 * @param javaVersion    the Java runtime that ran the training
 * @param gitCommit      the commit of the training code, or {@code null} outside a git checkout
 * @param options        the training options exactly as used, by name
 * @param sparkVersion   the version of Apache Spark that fitted the model, for models trained on Spark;
 *                       {@code null} for models trained with Smile alone
 */
public record Provenance(String trainedAt, String projectVersion, String smileVersion, String javaVersion,
                         String gitCommit, Map<String, String> options, String sparkVersion) {

    /** The provenance of a model trained with Smile alone. */
    public Provenance(String trainedAt, String projectVersion, String smileVersion, String javaVersion,
                      String gitCommit, Map<String, String> options) {
        this(trainedAt, projectVersion, smileVersion, javaVersion, gitCommit, options, null);
    }

    /** The same provenance, recording that Spark {@code version} fitted the model. */
    public Provenance withSparkVersion(String version) {
        return new Provenance(trainedAt, projectVersion, smileVersion, javaVersion, gitCommit, options, version);
    }

    public Provenance {
        Objects.requireNonNull(projectVersion, "projectVersion");
        Objects.requireNonNull(smileVersion, "smileVersion");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(options, "options");
        if (trainedAt != null) {
            try {
                java.time.Instant.parse(trainedAt);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("trained_at must be an ISO-8601 instant, was " + trainedAt);
            }
        }
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }
}
