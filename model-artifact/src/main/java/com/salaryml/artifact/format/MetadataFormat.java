package com.salaryml.artifact.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a model file that every kind holds the same way, in every format version: identity, schema,
 * metrics, coefficient statistics, training data and provenance. {@link ModelFormat} writes and reads the whole
 * file through it.
 */
final class MetadataFormat {

    private MetadataFormat() {
    }

    /**
     * Writes, into an open JSON object, what a model is: {@code name}, {@code version}, {@code algorithm},
     * {@code hyperparameters}, {@code target} and {@code features}, spelled as in the model file. For anyone
     * who describes a model in JSON, such as a server's model endpoint.
     */
    static void writeIdentity(JsonGenerator json, ModelMetadata meta) throws IOException {
        json.writeStringField("name", meta.name());
        json.writeStringField("version", meta.version());
        json.writeStringField("algorithm", meta.algorithm());
        json.writeObjectFieldStart("hyperparameters");
        for (var entry : meta.hyperparameters().entrySet()) {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("target");
        json.writeStringField("name", meta.target().name());
        json.writeStringField("unit", meta.target().unit());
        json.writeEndObject();
        json.writeArrayFieldStart("features");
        for (Feature feature : meta.schema().features()) {
            json.writeStartObject();
            json.writeStringField("name", feature.name());
            json.writeStringField("unit", feature.unit());
            json.writeStringField("description", feature.description());
            json.writeNumberField("min", feature.min());
            json.writeNumberField("max", feature.max());
            if (feature.example() != null) {
                json.writeNumberField("example", feature.example());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /**
     * Writes, into an open JSON object, how far to trust a model and where it came from: {@code metrics},
     * {@code coefficient_stats}, {@code training_data} and {@code provenance}, spelled as in the model file.
     */
    static void writeEvidence(JsonGenerator json, ModelMetadata meta) throws IOException {
        writeMetrics(json, meta.metrics());
        json.writeArrayFieldStart("coefficient_stats");
        for (CoefficientStats stats : meta.coefficientStats()) {
            json.writeStartObject();
            json.writeStringField("term", stats.term());
            json.writeNumberField("estimate", stats.estimate());
            json.writeNumberField("std_error", stats.stdError());
            json.writeNumberField("t", stats.tValue());
            json.writeNumberField("p", stats.pValue());
            json.writeEndObject();
        }
        json.writeEndArray();
        writeTrainingData(json, meta.trainingData());
        writeProvenance(json, meta.provenance());
    }

    private static void writeMetrics(JsonGenerator json, Metrics metrics) throws IOException {
        json.writeObjectFieldStart("metrics");
        json.writeNumberField("r2", metrics.rSquared());
        json.writeNumberField("adjusted_r2", metrics.adjustedRSquared());
        json.writeNumberField("rmse", metrics.rmse());
        json.writeNumberField("mae", metrics.mae());
        CrossValidation cv = metrics.crossValidation();
        json.writeObjectFieldStart("cross_validation");
        json.writeStringField("method", cv.method());
        json.writeNumberField("folds", cv.folds());
        if (cv.seed() == null) {
            json.writeNullField("seed");
        } else {
            json.writeNumberField("seed", cv.seed());
        }
        json.writeNumberField("rmse", cv.rmse());
        json.writeNumberField("mae", cv.mae());
        json.writeNumberField("r2", cv.rSquared());
        if (cv.intervalCoverage() != null) {
            json.writeNumberField("interval_coverage", cv.intervalCoverage());
            json.writeNumberField("interval_mean_width", cv.intervalMeanWidth());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeTrainingData(JsonGenerator json, TrainingData data) throws IOException {
        json.writeObjectFieldStart("training_data");
        json.writeStringField("file", data.file());
        json.writeStringField("sha256", data.sha256());
        json.writeNumberField("rows", data.rows());
        json.writeObjectFieldStart("features");
        for (var entry : data.featureStats().entrySet()) {
            FeatureStats stats = entry.getValue();
            json.writeObjectFieldStart(entry.getKey());
            json.writeNumberField("min", stats.min());
            json.writeNumberField("max", stats.max());
            json.writeNumberField("mean", stats.mean());
            json.writeNumberField("std", stats.std());
            writeDistribution(json, "bins", stats.distribution());
            json.writeEndObject();
        }
        json.writeEndObject();
        writeDistribution(json, "predictions", data.predictions());
        json.writeEndObject();
    }

    private static void writeDistribution(JsonGenerator json, String field, Distribution distribution)
            throws IOException {
        if (distribution == null) {
            return;
        }
        json.writeObjectFieldStart(field);
        json.writeArrayFieldStart("edges");
        for (double edge : distribution.edges()) {
            json.writeNumber(edge);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("shares");
        for (double share : distribution.shares()) {
            json.writeNumber(share);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeProvenance(JsonGenerator json, Provenance provenance) throws IOException {
        json.writeObjectFieldStart("provenance");
        writeNullable(json, "trained_at", provenance.trainedAt());
        json.writeStringField("project_version", provenance.projectVersion());
        json.writeStringField("smile_version", provenance.smileVersion());
        json.writeStringField("java_version", provenance.javaVersion());
        writeNullable(json, "git_commit", provenance.gitCommit());
        // Only for models trained on Spark, so that other files keep their bytes.
        if (provenance.sparkVersion() != null) {
            json.writeStringField("spark_version", provenance.sparkVersion());
        }
        json.writeObjectFieldStart("options");
        for (var entry : provenance.options().entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeNullable(JsonGenerator json, String name, String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, value);
        }
    }

    /** What every format version holds the same way: identity, schema, metrics, data and provenance. */
    static ModelMetadata read(JsonFields root, boolean formatVersion2) {
        JsonFields hyperNode = root.object("hyperparameters");
        var hyperparameters = new LinkedHashMap<String, Double>();
        for (String name : hyperNode.names()) {
            hyperparameters.put(name, hyperNode.number(name));
        }

        JsonFields targetNode = root.object("target");
        targetNode.allowOnly("name", "unit");
        var target = root.build("target", () -> new Target(targetNode.string("name"), targetNode.string("unit")));

        var features = new ArrayList<Feature>();
        for (JsonFields node : root.objects("features")) {
            if (formatVersion2) {
                node.allowOnly("name", "unit", "description", "min", "max", "example");
            } else {
                node.allowOnly("name", "unit", "description", "min", "max");
            }
            Double example = formatVersion2 ? node.optionalNumber("example") : null;
            features.add(node.build("", () -> new Feature(node.string("name"), node.string("unit"),
                    node.string("description"), node.number("min"), node.number("max"), example)));
        }
        var schema = root.build("features", () -> new FeatureSchema(features));

        Metrics metrics = metrics(root, formatVersion2);
        List<CoefficientStats> coefficientStats = coefficientStats(root);
        TrainingData trainingData = trainingData(root, formatVersion2);
        Provenance provenance = provenance(root);

        String name = root.string("name");
        String version = root.string("version");
        String algorithm = root.string("algorithm");
        return root.build("", () -> ModelMetadata.builder().name(name).version(version).algorithm(algorithm)
                .hyperparameters(hyperparameters).schema(schema).target(target).metrics(metrics)
                .coefficientStats(coefficientStats).trainingData(trainingData).provenance(provenance).build());
    }

    private static Metrics metrics(JsonFields root, boolean intervalMetrics) {
        JsonFields node = root.object("metrics");
        node.allowOnly("r2", "adjusted_r2", "rmse", "mae", "cross_validation");
        JsonFields cv = node.object("cross_validation");
        if (intervalMetrics) {
            cv.allowOnly("method", "folds", "seed", "rmse", "mae", "r2", "interval_coverage", "interval_mean_width");
        } else {
            cv.allowOnly("method", "folds", "seed", "rmse", "mae", "r2");
        }
        var crossValidation = node.build("cross_validation", () -> new CrossValidation(cv.string("method"),
                intCount("folds", cv.integer("folds")), cv.optionalInteger("seed"),
                cv.number("rmse"), cv.number("mae"), cv.number("r2"), cv.optionalNumber("interval_coverage"),
                cv.optionalNumber("interval_mean_width")));
        return root.build("metrics", () -> new Metrics(node.number("r2"), node.number("adjusted_r2"),
                node.number("rmse"), node.number("mae"), crossValidation));
    }

    /** A whole number that must fit in an int; reported, not thrown as an ArithmeticException, when it does not. */
    private static int intCount(String name, long value) {
        if (value != (int) value) {
            throw new IllegalArgumentException(name + " must be a count, was " + value);
        }
        return (int) value;
    }

    private static List<CoefficientStats> coefficientStats(JsonFields root) {
        var result = new ArrayList<CoefficientStats>();
        for (JsonFields node : root.objects("coefficient_stats")) {
            node.allowOnly("term", "estimate", "std_error", "t", "p");
            result.add(node.build("", () -> new CoefficientStats(node.string("term"), node.number("estimate"),
                    node.number("std_error"), node.number("t"), node.number("p"))));
        }
        return result;
    }

    private static TrainingData trainingData(JsonFields root, boolean formatVersion2) {
        JsonFields node = root.object("training_data");
        if (formatVersion2) {
            node.allowOnly("file", "sha256", "rows", "features", "predictions");
        } else {
            node.allowOnly("file", "sha256", "rows", "features");
        }
        JsonFields statsNode = node.object("features");
        Map<String, FeatureStats> stats = new LinkedHashMap<>();
        for (String feature : statsNode.names()) {
            JsonFields one = statsNode.object(feature);
            if (formatVersion2) {
                one.allowOnly("min", "max", "mean", "std", "bins");
            } else {
                one.allowOnly("min", "max", "mean", "std");
            }
            Distribution bins = formatVersion2 ? distribution(one, "bins") : null;
            stats.put(feature, one.build("", () -> new FeatureStats(one.number("min"), one.number("max"),
                    one.number("mean"), one.number("std"), bins)));
        }
        Distribution predictions = formatVersion2 ? distribution(node, "predictions") : null;
        return root.build("training_data", () -> new TrainingData(node.string("file"), node.string("sha256"),
                node.integer("rows"), stats, predictions));
    }

    /** An optional distribution: {@code {"edges": [...], "shares": [...]}}, checked as {@link Distribution} checks. */
    private static Distribution distribution(JsonFields parent, String field) {
        if (parent.isAbsent(field)) {
            return null;
        }
        JsonFields node = parent.object(field);
        node.allowOnly("edges", "shares");
        double[] edges = node.numbers("edges");
        double[] shares = node.numbers("shares");
        return node.build("", () -> new Distribution(edges, shares));
    }

    private static Provenance provenance(JsonFields root) {
        JsonFields node = root.object("provenance");
        node.allowOnly("trained_at", "project_version", "smile_version", "java_version", "git_commit", "spark_version",
                "options");
        JsonFields optionsNode = node.object("options");
        var options = new LinkedHashMap<String, String>();
        for (String option : optionsNode.names()) {
            options.put(option, optionsNode.string(option));
        }
        return root.build("provenance", () -> new Provenance(node.optionalString("trained_at"),
                node.string("project_version"), node.string("smile_version"), node.string("java_version"),
                node.optionalString("git_commit"), options, node.optionalString("spark_version")));
    }
}
