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
import com.salaryml.artifact.schema.Missing;
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

    /** How a categorical feature's {@code type} is spelled. */
    static final String CATEGORICAL = "categorical";

    /** How a numeric feature's {@code type} is spelled, where it is spelled at all: it is the default. */
    static final String NUMERIC = "numeric";

    /** The format version that added the {@code holdout} cross-validation method. */
    static final int HOLDOUT_VERSION = 4;

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
        if (meta.target().transform() != Target.Transform.NONE) {
            json.writeStringField("transform", meta.target().transform().id());
        }
        Target.Range range = meta.target().range();
        if (range.min() != null) {
            json.writeNumberField("min", range.min());
        }
        if (range.max() != null) {
            json.writeNumberField("max", range.max());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("features");
        for (Feature feature : meta.schema().features()) {
            json.writeStartObject();
            json.writeStringField("name", feature.name());
            if (feature.isCategorical()) {
                json.writeStringField("type", CATEGORICAL);
                json.writeStringField("description", feature.description());
                json.writeArrayFieldStart("levels");
                for (String level : feature.levels()) {
                    json.writeString(level);
                }
                json.writeEndArray();
                if (feature.example() != null) {
                    json.writeStringField("example", feature.level(feature.example().intValue()));
                }
            } else {
                json.writeStringField("unit", feature.unit());
                json.writeStringField("description", feature.description());
                json.writeNumberField("min", feature.min());
                json.writeNumberField("max", feature.max());
                if (feature.example() != null) {
                    json.writeNumberField("example", feature.example());
                }
            }
            if (feature.missing().fills()) {
                json.writeStringField("missing", feature.missing().rule().id());
                if (feature.isCategorical()) {
                    json.writeStringField("missing_value", feature.level((int) feature.missing().value()));
                } else {
                    json.writeNumberField("missing_value", feature.missing().value());
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /**
     * The oldest format version that holds everything this model's metadata says: 3 for categories, filled-in
     * missing values or a transformed target, 2 otherwise. A model that needs none of them is written as before,
     * so a server that reads format 2 still reads it.
     */
    static int versionNeeded(ModelMetadata meta) {
        if (meta.metrics().crossValidation().method().equals(CrossValidation.HOLDOUT)) {
            return HOLDOUT_VERSION;
        }
        boolean newer = meta.target().transform() != Target.Transform.NONE || meta.target().range().bounded()
                || meta.schema().features().stream().anyMatch(f -> f.isCategorical() || f.missing().fills());
        return newer ? 3 : 2;
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
        writeTrainingData(json, meta, meta.trainingData());
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

    private static void writeTrainingData(JsonGenerator json, ModelMetadata meta, TrainingData data)
            throws IOException {
        json.writeObjectFieldStart("training_data");
        json.writeStringField("file", data.file());
        json.writeStringField("sha256", data.sha256());
        json.writeNumberField("rows", data.rows());
        json.writeObjectFieldStart("features");
        for (var entry : data.featureStats().entrySet()) {
            FeatureStats stats = entry.getValue();
            json.writeObjectFieldStart(entry.getKey());
            var feature = meta.schema().feature(entry.getKey()).filter(Feature::isCategorical);
            if (feature.isPresent()) {
                // A category's statistics are the share of rows at each level; the rest follows from them.
                json.writeObjectFieldStart("level_shares");
                double[] shares = stats.levelShares();
                for (int level = 0; level < shares.length; level++) {
                    json.writeNumberField(feature.get().level(level), shares[level]);
                }
                json.writeEndObject();
                writeMissingShare(json, meta, entry.getKey(), stats);
                json.writeEndObject();
                continue;
            }
            json.writeNumberField("min", stats.min());
            json.writeNumberField("max", stats.max());
            json.writeNumberField("mean", stats.mean());
            json.writeNumberField("std", stats.std());
            writeDistribution(json, "bins", stats.distribution());
            writeMissingShare(json, meta, entry.getKey(), stats);
            json.writeEndObject();
        }
        json.writeEndObject();
        writeDistribution(json, "predictions", data.predictions());
        json.writeEndObject();
    }

    /** A feature whose missing values are filled in says how many were, in training; no other feature does. */
    private static void writeMissingShare(JsonGenerator json, ModelMetadata meta, String feature, FeatureStats stats)
            throws IOException {
        if (fillsMissing(meta.schema(), feature)) {
            json.writeNumberField("missing_share", stats.missingShare());
        } else if (stats.missingShare() != 0) {
            throw new IllegalArgumentException("feature " + feature + " refuses a missing value, yet "
                    + stats.missingShare() + " of its training values are said to have been missing");
        }
    }

    private static boolean fillsMissing(FeatureSchema schema, String feature) {
        return schema.feature(feature).map(f -> f.missing().fills()).orElse(false);
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

    /**
     * What every format version holds the same way: identity, schema, metrics, data and provenance. Format 2
     * added examples, interval metrics and distributions; format 3 categories, missing values and a target's
     * transform; format 4 the holdout cross-validation method.
     */
    static ModelMetadata read(JsonFields root, int formatVersion) {
        boolean formatVersion2 = formatVersion >= 2;
        boolean formatVersion3 = formatVersion >= 3;
        JsonFields hyperNode = root.object("hyperparameters");
        var hyperparameters = new LinkedHashMap<String, Double>();
        for (String name : hyperNode.names()) {
            hyperparameters.put(name, hyperNode.number(name));
        }

        JsonFields targetNode = root.object("target");
        Target.Transform transform = Target.Transform.NONE;
        Target.Range range = Target.Range.ANY;
        if (formatVersion3) {
            targetNode.allowOnly("name", "unit", "transform", "min", "max");
            Double min = targetNode.optionalNumber("min");
            Double max = targetNode.optionalNumber("max");
            range = root.build("target", () -> new Target.Range(min, max));
            String id = targetNode.optionalString("transform");
            if (id != null) {
                transform = Target.Transform.byId(id).orElseThrow(() -> new ModelFormatProblem("field"
                        + " 'target.transform' is \"" + id + "\"; the transforms are " + Target.Transform.ids()));
            }
        } else {
            targetNode.allowOnly("name", "unit");
        }
        Target.Transform chosen = transform;
        Target.Range declared = range;
        var target = root.build("target", () -> new Target(targetNode.string("name"), targetNode.string("unit"),
                chosen, declared));

        var features = new ArrayList<Feature>();
        for (JsonFields node : root.objects("features")) {
            if (formatVersion3) {
                features.add(feature(node));
                continue;
            }
            if (formatVersion2) {
                node.allowOnly("name", "unit", "description", "min", "max", "example");
            } else {
                node.allowOnly("name", "unit", "description", "min", "max");
            }
            features.add(numeric(node, formatVersion2, Missing.REFUSE));
        }
        var schema = root.build("features", () -> new FeatureSchema(features));

        Metrics metrics = metrics(root, formatVersion);
        List<CoefficientStats> coefficientStats = coefficientStats(root);
        TrainingData trainingData = trainingData(root, formatVersion2, schema);
        Provenance provenance = provenance(root);

        String name = root.string("name");
        String version = root.string("version");
        String algorithm = root.string("algorithm");
        return root.build("", () -> ModelMetadata.builder().name(name).version(version).algorithm(algorithm)
                .hyperparameters(hyperparameters).schema(schema).target(target).metrics(metrics)
                .coefficientStats(coefficientStats).trainingData(trainingData).provenance(provenance).build());
    }

    /** A feature of format 3: a number or a category, each perhaps with a rule for missing values. */
    private static Feature feature(JsonFields node) {
        String type = node.optionalString("type");
        if (type == null || type.equals(NUMERIC)) {
            node.allowOnly("name", "type", "unit", "description", "min", "max", "example", "missing",
                    "missing_value");
            Missing.Rule rule = rule(node);
            if (rule == Missing.Rule.REFUSE) {
                return numeric(node, true, Missing.REFUSE);
            }
            double value = node.number("missing_value");
            return numeric(node, true, node.build("", () -> new Missing(rule, value)));
        }
        if (!type.equals(CATEGORICAL)) {
            throw new ModelFormatProblem("field '" + node.path("type") + "' is \"" + type + "\"; the types are "
                    + NUMERIC + " and " + CATEGORICAL);
        }
        node.allowOnly("name", "type", "description", "levels", "example", "missing", "missing_value");
        List<String> levels = node.strings("levels", Feature.MAX_LEVELS);
        String example = node.optionalString("example");
        Integer exampleCode = example == null ? null : code(node, "example", levels, example);
        Missing.Rule rule = rule(node);
        Missing missing = rule == Missing.Rule.REFUSE ? Missing.REFUSE
                : node.build("", () -> new Missing(rule, code(node, "missing_value", levels,
                        node.string("missing_value"))));
        return node.build("", () -> Feature.categorical(node.string("name"), node.string("description"), levels,
                exampleCode, missing));
    }

    private static Feature numeric(JsonFields node, boolean formatVersion2, Missing missing) {
        Double example = formatVersion2 ? node.optionalNumber("example") : null;
        return node.build("", () -> new Feature(node.string("name"), node.string("unit"), node.string("description"),
                node.number("min"), node.number("max"), example, List.of(), missing));
    }

    private static Missing.Rule rule(JsonFields node) {
        String id = node.optionalString("missing");
        if (id == null) {
            if (!node.isAbsent("missing_value")) {
                throw new ModelFormatProblem("field '" + node.path("missing_value") + "' is given, but 'missing'"
                        + " is not: say which rule computed it");
            }
            return Missing.Rule.REFUSE;
        }
        Missing.Rule rule = Missing.Rule.byId(id).orElseThrow(() -> new ModelFormatProblem("field '"
                + node.path("missing") + "' is \"" + id + "\"; the rules are " + Missing.Rule.ids()));
        if (rule == Missing.Rule.REFUSE && !node.isAbsent("missing_value")) {
            throw new ModelFormatProblem("field '" + node.path("missing_value") + "' is given, but a refused"
                    + " missing value has none");
        }
        return rule;
    }

    /** The code of a level named in a field: its index among the levels. */
    static int code(JsonFields node, String field, List<String> levels, String level) {
        int code = levels.indexOf(level);
        if (code < 0) {
            throw new ModelFormatProblem("field '" + node.path(field) + "' is \"" + level + "\", which is not"
                    + " one of the levels " + String.join(", ", levels));
        }
        return code;
    }

    private static Metrics metrics(JsonFields root, int formatVersion) {
        JsonFields node = root.object("metrics");
        node.allowOnly("r2", "adjusted_r2", "rmse", "mae", "cross_validation");
        JsonFields cv = node.object("cross_validation");
        if (formatVersion < HOLDOUT_VERSION && CrossValidation.HOLDOUT.equals(cv.string("method"))) {
            throw new ModelFormatProblem("field 'metrics.cross_validation.method' is \"" + CrossValidation.HOLDOUT
                    + "\", which format_version " + HOLDOUT_VERSION + " introduced; this file says format_version "
                    + formatVersion);
        }
        if (formatVersion >= 2) {
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

    private static TrainingData trainingData(JsonFields root, boolean formatVersion2, FeatureSchema schema) {
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
            var categorical = schema.feature(feature).filter(Feature::isCategorical);
            boolean fills = fillsMissing(schema, feature);
            if (categorical.isPresent()) {
                FeatureStats levels = levelShares(one, categorical.get(), fills);
                stats.put(feature, fills ? missingShare(one, levels) : levels);
                continue;
            }
            if (fills) {
                one.allowOnly("min", "max", "mean", "std", "bins", "missing_share");
            } else if (formatVersion2) {
                one.allowOnly("min", "max", "mean", "std", "bins");
            } else {
                one.allowOnly("min", "max", "mean", "std");
            }
            Distribution bins = formatVersion2 ? distribution(one, "bins") : null;
            FeatureStats numbers = one.build("", () -> new FeatureStats(one.number("min"), one.number("max"),
                    one.number("mean"), one.number("std"), bins));
            stats.put(feature, fills ? missingShare(one, numbers) : numbers);
        }
        Distribution predictions = formatVersion2 ? distribution(node, "predictions") : null;
        return root.build("training_data", () -> new TrainingData(node.string("file"), node.string("sha256"),
                node.integer("rows"), stats, predictions));
    }

    /** A category's statistics: {@code {"level_shares": {"level": share, ...}}}, every level once, in order. */
    private static FeatureStats levelShares(JsonFields one, Feature feature, boolean fills) {
        if (fills) {
            one.allowOnly("level_shares", "missing_share");
        } else {
            one.allowOnly("level_shares");
        }
        JsonFields sharesNode = one.object("level_shares");
        List<String> named = sharesNode.names();
        if (!named.equals(feature.levels())) {
            throw new ModelFormatProblem("field '" + one.path("level_shares") + "' names the levels " + named
                    + "; it must name the feature's levels " + feature.levels() + ", in that order");
        }
        double[] shares = new double[named.size()];
        for (int level = 0; level < shares.length; level++) {
            shares[level] = sharesNode.number(named.get(level));
        }
        return one.build("level_shares", () -> FeatureStats.ofShares(shares));
    }

    /**
     * The share of training values that were missing and filled in, required of a feature whose missing values
     * are filled in: the monitoring compares the live share with it.
     */
    private static FeatureStats missingShare(JsonFields one, FeatureStats stats) {
        double share = one.number("missing_share");
        return one.build("missing_share", () -> stats.withMissingShare(share));
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
