package com.salaryml.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import com.salaryml.artifact.schema.Numbers;
import com.salaryml.artifact.schema.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the columns of a training CSV are, as the data scientist declares them in a schema file beside the
 * data, e.g. {@code data/hiring.schema.json}: the model's name, the target column with its unit and the scale it
 * is fitted on, and the feature columns: numbers with their units, valid ranges and example values, or categories
 * with their levels; and for each, what a missing cell means. The trainer reads any CSV that has these columns.
 * The target and the features travel inside the model file, so that the web app shows, accepts and documents
 * exactly what this file says. The format is in docs/training.md.
 *
 * @param model       the model's name, e.g. {@code salary}; it names the model's files and its V2 address
 * @param target      the column the model predicts, with its transform
 * @param targetRange the values the target may take in the data, e.g. 0 or more for a salary; checked in every
 *                    row, and not part of the model
 * @param features    the input columns, in the model's order, each with its example value: together they are the
 *                    instance every training run predicts, so that a reviewer can compare runs at a glance, and the
 *                    model file carries them to the web app's examples. Each refuses a missing value here: the
 *                    value that fills one in is computed by training, from {@code missing}
 * @param missing     each feature's rule for a missing cell (blank or {@code NA}), in feature order
 * @param columns     the CSV header of each feature and of the target: its name, unless the file gives a
 *                    {@code column}
 */
public record DataSchema(String model, Target target, TargetRange targetRange, FeatureSchema features,
                         List<Missing.Rule> missing, Columns columns) {

    /** What the file's {@code format} field says, so that no other JSON file is mistaken for a schema. */
    static final String FORMAT = "salaryml-schema";

    /** The version of the schema file format that this trainer reads and writes. */
    static final int FORMAT_VERSION = 1;

    /** A model name: as the model file requires, since it names files and addresses. */
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    /**
     * A column name: a CSV header, a JSON field, a form field's name and an HTML id, a V2 tensor name and a
     * column of Smile's data frames. These characters mean the same in all of them.
     */
    static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** The longest unit or description: a label and a line of help text, not a paragraph. */
    static final int MAX_TEXT = 200;

    /**
     * What a CSV cell says when a value is missing, besides being blank: R's {@code write.csv} writes it. So it is
     * no category's level.
     */
    static final String NA = "NA";

    /** How a categorical feature's {@code type} is spelled. */
    static final String CATEGORICAL = "categorical";

    /** How a numeric feature's {@code type} is spelled; it is the default. */
    static final String NUMERIC = "numeric";

    private static final List<String> ROOT_FIELDS = List.of("format", "format_version", "model", "target", "features");
    private static final List<String> TARGET_FIELDS = List.of("name", "column", "unit", "min", "max", "transform");
    private static final List<String> FEATURE_FIELDS = List.of("name", "column", "type", "unit", "description",
            "min", "max", "example", "missing");
    private static final List<String> CATEGORICAL_FIELDS = List.of("name", "column", "type", "levels",
            "description", "example", "missing");

    /** Strict JSON: a key given twice, or anything after the object, is an error, not a silent choice. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * The values a target may take: each bound inclusive, or absent. A salary has a minimum of 0; a change in
     * temperature may be any number.
     *
     * @param min the smallest valid value, or {@code null} for none
     * @param max the largest valid value, or {@code null} for none
     */
    public record TargetRange(Double min, Double max) {

        /** No bound at all: any finite value. */
        static final TargetRange ANY = new TargetRange(null, null);

        /** Checks that the bounds, when both are given, are in order. */
        public TargetRange {
            if (min != null && max != null && !(min < max)) {
                throw new IllegalArgumentException("min " + min + " must be below max " + max);
            }
        }

        /** Why {@code value} is outside the range, as "is below ..." or "is above ...", or {@code null} if it is in. */
        String problem(double value, Target target) {
            return target.withRange(range()).rangeProblem(value).orElse(null);
        }

        /** The range as the model file carries it. */
        public Target.Range range() {
            return new Target.Range(min, max);
        }
    }

    /**
     * The features with the values that fill in their missing ones, where their rules fill them in: what the
     * model file carries. One place for both trainers, Smile's and Spark's.
     *
     * @param rules  each feature's missing-value rule, in feature order
     * @param values each feature's fill value; read only where its rule fills
     */
    public static FeatureSchema withFillValues(FeatureSchema features, List<Missing.Rule> rules, double[] values) {
        var filled = new ArrayList<Feature>(values.length);
        for (int j = 0; j < values.length; j++) {
            Feature feature = features.features().get(j);
            Missing.Rule rule = rules.get(j);
            filled.add(rule == Missing.Rule.REFUSE ? feature : feature.withMissing(new Missing(rule, values[j])));
        }
        return new FeatureSchema(filled);
    }

    /**
     * Which CSV column holds each feature and the target: R writes {@code yrs.since.phd}, which is no feature name
     * (a form field, a JSON field and a V2 tensor share the name), so the schema file may name the column apart.
     *
     * @param features each feature's CSV header, in feature order
     * @param target   the target's CSV header
     */
    public record Columns(List<String> features, String target) {

        /** Checks that every header is there. */
        public Columns {
            features = List.copyOf(features);
            Objects.requireNonNull(target, "target");
        }

        /** Every header the trainer reads, features first, then the target. */
        public List<String> all() {
            var all = new ArrayList<>(features);
            all.add(target);
            return List.copyOf(all);
        }

        /** The headers of a schema whose columns are named as its target and features. */
        static Columns named(FeatureSchema features, Target target) {
            return new Columns(features.names(), target.name());
        }
    }

    /** A schema of numbers that refuse missing cells, read from columns named as the target and features are. */
    public DataSchema(String model, Target target, TargetRange targetRange, FeatureSchema features) {
        this(model, target, targetRange, features, java.util.Collections.nCopies(features.size(), Missing.Rule.REFUSE),
                Columns.named(features, target));
    }

    /**
     * Checks that every part is there, that every feature has its example value and refuses a missing one (the
     * value that fills one in is the model's, computed in training), and that each rule suits its feature.
     */
    public DataSchema {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetRange, "targetRange");
        // The declared range travels in the model file with the target, so that the web app checks reported
        // outcomes against what training accepts.
        target = target.withRange(targetRange.range());
        Objects.requireNonNull(features, "features");
        missing = List.copyOf(missing);
        Objects.requireNonNull(columns, "columns");
        if (missing.size() != features.size() || columns.features().size() != features.size()) {
            throw new IllegalArgumentException(features.size() + " features need as many missing rules and columns,"
                    + " were " + missing.size() + " and " + columns.features().size());
        }
        for (int j = 0; j < features.size(); j++) {
            Feature feature = features.features().get(j);
            if (feature.example() == null) {
                throw new IllegalArgumentException("feature " + feature.name() + " has no example value");
            }
            if (feature.missing().fills()) {
                throw new IllegalArgumentException("feature " + feature.name() + ": the value that fills in a"
                        + " missing one is computed in training; declare only its rule, in missing");
            }
            if (!missing.get(j).appliesTo(feature.isCategorical())) {
                throw new IllegalArgumentException("feature " + feature.name() + ": missing value rule "
                        + missing.get(j).id() + " does not apply to a "
                        + (feature.isCategorical() ? "category" : "number"));
            }
        }
    }

    /**
     * One example value per feature, by name, in feature order: the instance every training run predicts. A
     * number is a {@link Double}, a category its level's text, as {@link com.salaryml.artifact.Predictor#predict}
     * takes them.
     *
     * @return the examples, unmodifiable
     */
    public Map<String, Object> examples() {
        var examples = new LinkedHashMap<String, Object>();
        for (Feature feature : features.features()) {
            examples.put(feature.name(), feature.isCategorical() ? feature.level(feature.example().intValue())
                    : feature.example());
        }
        return Collections.unmodifiableMap(examples);
    }

    /** Whether some feature's missing cells are filled in rather than refused. */
    public boolean fillsMissing() {
        return missing.stream().anyMatch(rule -> rule != Missing.Rule.REFUSE);
    }

    /** Whether this schema needs what only the Smile trainer does yet: categories, filled-in cells or a transform. */
    public boolean isNumbersOnly() {
        return !fillsMissing() && target.transform() == Target.Transform.NONE
                && features.features().stream().noneMatch(Feature::isCategorical);
    }

    /**
     * The schema file that belongs to a data file: its name with {@code .schema.json} for its extension, beside it.
     *
     * @param data the data file
     * @return e.g. {@code data/hiring.schema.json} for {@code data/hiring.csv}
     */
    public static Path besideData(Path data) {
        String name = data.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return data.resolveSibling(base + ".schema.json");
    }

    /**
     * Reads and checks a schema file. Every problem is reported at once, each naming the file, the field's path
     * (e.g. {@code features[1].max}) and what was found there.
     *
     * @param file the schema file
     * @return the schema
     * @throws DataException if the file is missing, unreadable or wrong, naming every problem
     */
    public static DataSchema read(Path file) throws DataException {
        String where = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(where + ": no such file. The schema file declares the data's target and"
                    + " features (see docs/training.md): write it beside the CSV, or name it with --schema FILE");
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read: " + e.getMessage());
        }
        return parse(bytes, where);
    }

    /**
     * Checks a schema file's bytes, as {@link #read} does.
     *
     * @param bytes the file's content
     * @param where the file as messages name it
     * @return the schema
     * @throws DataException if the content is wrong, naming every problem
     */
    public static DataSchema parse(byte[] bytes, String where) throws DataException {
        JsonNode root = root(bytes, where);
        var check = new SchemaCheck(where);
        check.fields(root, "", ROOT_FIELDS);
        check.text(root, "", "format").ifPresent(format -> {
            if (!format.equals(FORMAT)) {
                check.problem("format", "must be \"" + FORMAT + "\", found " + found(root.get("format")));
            }
        });
        JsonNode version = root.get("format_version");
        if (version == null) {
            check.problem("format_version", "is missing; write \"format_version\": " + FORMAT_VERSION);
        } else if (!version.isIntegralNumber() || version.asLong() != FORMAT_VERSION) {
            check.problem("format_version", "must be " + FORMAT_VERSION + ", the version this trainer reads, found "
                    + found(version));
        }
        String model = check.text(root, "", "model").filter(name -> {
            if (MODEL_NAME.matcher(name).matches()) {
                return true;
            }
            check.problem("model", "must be 1 to 64 letters, digits, '.', '-', '_' or '+', starting with a letter"
                    + " or digit, found " + found(root.get("model")));
            return false;
        }).orElse(null);

        // Every name is declared once, the target's or one feature's, and every CSV column read once. Here, by
        // name and by column, where each was declared.
        var seen = new HashMap<String, String>();
        var seenColumns = new HashMap<String, String>();
        DeclaredTarget target = target(check, root, seen, seenColumns);
        var features = new ArrayList<DeclaredFeature>();
        JsonNode list = root.get("features");
        if (list == null) {
            check.problem("features", "is missing; list the input columns there, each as {\"name\", \"unit\","
                    + " \"description\", \"min\", \"max\", \"example\"}");
        } else if (!list.isArray() || list.isEmpty()) {
            check.problem("features", "must be a list of at least one input column, found " + found(list));
        } else {
            for (int i = 0; i < list.size(); i++) {
                DeclaredFeature feature = feature(check, list.get(i), "features[" + i + "]", seen, seenColumns);
                if (feature != null) {
                    features.add(feature);
                }
            }
        }
        if (!check.problems().isEmpty()) {
            throw new DataException(check.problems());
        }
        return new DataSchema(model, target.target(), target.targetRange(),
                new FeatureSchema(features.stream().map(DeclaredFeature::feature).toList()),
                features.stream().map(DeclaredFeature::missing).toList(),
                new Columns(features.stream().map(DeclaredFeature::column).toList(), target.column()));
    }

    /** The file's one JSON object, or a {@link DataException} saying why there is none. */
    private static JsonNode root(byte[] bytes, String where) throws DataException {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new DataException(where + (location == null ? "" : " line " + location.getLineNr() + ", column "
                    + location.getColumnNr()) + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new DataException(where + ": the file is empty; it must hold one JSON object (see docs/training.md)");
        }
        if (!root.isObject()) {
            throw new DataException(where + ": the file must hold one JSON object, found " + found(root));
        }
        return root;
    }

    /** The target as declared: null where its name or unit is wrong, {@link TargetRange#ANY} where its range is. */
    private record DeclaredTarget(Target target, TargetRange targetRange, String column) {
    }

    /** A feature as declared: the feature, its rule for a missing cell, and its CSV column. */
    private record DeclaredFeature(Feature feature, Missing.Rule missing, String column) {
    }

    private static DeclaredTarget target(SchemaCheck check, JsonNode root, Map<String, String> seen,
                                         Map<String, String> seenColumns) {
        Target target = null;
        TargetRange targetRange = TargetRange.ANY;
        String column = null;
        JsonNode targetNode = check.object(root, "", "target");
        if (targetNode != null) {
            check.fields(targetNode, "target.", TARGET_FIELDS);
            String name = check.columnName(targetNode, "target.");
            String unit = check.text(targetNode, "target.", "unit").orElse(null);
            Double min = targetNode.has("min") ? check.number(targetNode, "target.", "min") : null;
            Double max = targetNode.has("max") ? check.number(targetNode, "target.", "max") : null;
            if (min != null && max != null && !(min < max)) {
                check.problem("target.max", "must be greater than min (" + Numbers.plain(min) + "), found "
                        + found(targetNode.get("max")));
            } else {
                targetRange = new TargetRange(min, max);
            }
            Target.Transform transform = Target.Transform.NONE;
            if (targetNode.has("transform")) {
                JsonNode node = targetNode.get("transform");
                var known = node.isTextual() ? Target.Transform.byId(node.textValue()) : java.util.Optional.<Target.Transform>empty();
                if (known.isEmpty()) {
                    check.problem("target.transform", "must be one of " + Target.Transform.ids()
                            + " (log fits the logarithm of the target, for a target such as a salary that grows by"
                            + " percentages), found " + found(node));
                } else {
                    transform = known.get();
                }
            }
            if (name != null) {
                seen.put(name, "the target");
                column = column(check, targetNode, "target", name, seenColumns);
            }
            if (name != null && unit != null) {
                target = new Target(name, unit, transform);
            }
        }
        return new DeclaredTarget(target, targetRange, column);
    }

    /** The feature declared at {@code path}, or null after adding its problems. */
    private static DeclaredFeature feature(SchemaCheck check, JsonNode node, String path, Map<String, String> seen,
                                           Map<String, String> seenColumns) {
        if (!node.isObject()) {
            check.problem(path, "must be an object {\"name\", \"unit\", \"description\", \"min\", \"max\","
                    + " \"example\"}, found " + found(node));
            return null;
        }
        boolean categorical = false;
        JsonNode type = node.get("type");
        if (type != null) {
            if (type.isTextual() && type.textValue().equals(CATEGORICAL)) {
                categorical = true;
            } else if (!type.isTextual() || !type.textValue().equals(NUMERIC)) {
                check.problem(path + ".type", "must be \"" + NUMERIC + "\" (the default) or \"" + CATEGORICAL
                        + "\", found " + found(type));
                return null;
            }
        }
        check.fields(node, path + ".", categorical ? CATEGORICAL_FIELDS : FEATURE_FIELDS);
        String name = check.columnName(node, path + ".");
        String column = null;
        if (name != null) {
            String earlier = seen.putIfAbsent(name, path);
            if (earlier != null) {
                check.problem(path + ".name", "\"" + name + "\" is already " + earlier
                        + "; every column is declared once");
                name = null;
            } else {
                column = column(check, node, path, name, seenColumns);
            }
        }
        String description = check.text(node, path + ".", "description").orElse(null);
        Missing.Rule missing = missing(check, node, path, categorical);
        if (categorical) {
            List<String> levels = levels(check, node, path);
            Integer example = null;
            JsonNode exampleNode = check.required(node, path + ".", "example",
                    "; write the level the reference prediction uses");
            if (exampleNode != null && levels != null) {
                int code = exampleNode.isTextual() ? levels.indexOf(exampleNode.textValue()) : -1;
                if (code < 0) {
                    check.problem(path + ".example", "must be one of the levels " + String.join(", ", levels)
                            + ", found " + found(exampleNode));
                } else {
                    example = code;
                }
            }
            if (name != null && description != null && levels != null && example != null && missing != null
                    && column != null) {
                return new DeclaredFeature(Feature.categorical(name, description, levels, example, Missing.REFUSE),
                        missing, column);
            }
            return null;
        }
        String unit = check.text(node, path + ".", "unit").orElse(null);
        Double min = check.number(node, path + ".", "min");
        Double max = check.number(node, path + ".", "max");
        Double example = check.number(node, path + ".", "example");
        if (min != null && max != null && !(min < max)) {
            check.problem(path + ".max", "must be greater than min (" + Numbers.plain(min) + "), found "
                    + found(node.get("max")));
            max = null;
        }
        if (min != null && max != null && example != null && (example < min || example > max)) {
            check.problem(path + ".example", "must lie in the valid range " + Numbers.plain(min) + " to "
                    + Numbers.plain(max) + ", found " + found(node.get("example")));
            example = null;
        }
        if (name != null && unit != null && description != null && min != null && max != null && example != null
                && missing != null && column != null) {
            return new DeclaredFeature(new Feature(name, unit, description, min, max, example), missing, column);
        }
        return null;
    }

    /**
     * The CSV header a declared name is read from: {@code column} if given, else the name; null, after saying so,
     * if another declaration reads it already.
     */
    private static String column(SchemaCheck check, JsonNode node, String path, String name,
                                 Map<String, String> seenColumns) {
        String column = name;
        if (node.has("column")) {
            column = check.text(node, path + ".", "column").orElse(null);
            if (column == null) {
                return null;
            }
        }
        String earlier = seenColumns.putIfAbsent(column, path);
        if (earlier != null) {
            check.problem(path + (node.has("column") ? ".column" : ".name"), "the CSV column \"" + column
                    + "\" is already read by " + earlier + "; every column is read once");
            return null;
        }
        return column;
    }

    /** A feature's rule for a missing cell, {@link Missing.Rule#REFUSE} unless given; null after a problem. */
    private static Missing.Rule missing(SchemaCheck check, JsonNode node, String path, boolean categorical) {
        JsonNode given = node.get("missing");
        if (given == null) {
            return Missing.Rule.REFUSE;
        }
        var rule = given.isTextual() ? Missing.Rule.byId(given.textValue()) : java.util.Optional.<Missing.Rule>empty();
        if (rule.isEmpty() || !rule.get().appliesTo(categorical)) {
            String rules = String.join(", ", java.util.Arrays.stream(Missing.Rule.values())
                    .filter(one -> one.appliesTo(categorical)).map(Missing.Rule::id).toList());
            check.problem(path + ".missing", "must be one of " + rules + " for a "
                    + (categorical ? "category" : "number") + ", found " + found(given));
            return null;
        }
        return rule.get();
    }

    /** A category's levels: 2 to {@value Feature#MAX_LEVELS} distinct texts; null after a problem. */
    private static List<String> levels(SchemaCheck check, JsonNode node, String path) {
        JsonNode list = check.required(node, path + ".", "levels", "; list the category's levels, the first the"
                + " reference level of a linear model, e.g. [\"AsstProf\", \"AssocProf\", \"Prof\"]");
        if (list == null) {
            return null;
        }
        if (!list.isArray() || list.size() < 2 || list.size() > Feature.MAX_LEVELS) {
            check.problem(path + ".levels", "must be a list of 2 to " + Feature.MAX_LEVELS + " levels, found "
                    + (list.isArray() ? list.size() + (list.size() == 1 ? " level" : " levels") : found(list)));
            return null;
        }
        var levels = new ArrayList<String>();
        boolean valid = true;
        for (int i = 0; i < list.size(); i++) {
            JsonNode level = list.get(i);
            String at = path + ".levels[" + i + "]";
            if (!level.isTextual() || level.textValue().isBlank() || !level.textValue().equals(level.textValue().strip())
                    || level.textValue().length() > MAX_TEXT || level.textValue().chars().anyMatch(Character::isISOControl)) {
                check.problem(at, "must be text, not blank, without spaces around it or control characters, at most "
                        + MAX_TEXT + " characters, found " + found(level));
                valid = false;
            } else if (level.textValue().equals(NA)) {
                check.problem(at, "\"NA\" is how a CSV writes a missing value, so it cannot be a level; call the"
                        + " level something else, or declare a rule for missing values with \"missing\"");
                valid = false;
            } else if (levels.contains(level.textValue())) {
                check.problem(at, "\"" + HiringCsv.visible(level.textValue()) + "\" is already levels["
                        + levels.indexOf(level.textValue()) + "]; every level is listed once");
                valid = false;
            }
            levels.add(level.isTextual() ? level.textValue() : null);
        }
        return valid ? List.copyOf(levels) : null;
    }

    /**
     * This schema as a schema file, laid out as {@code data/hiring.schema.json} is: one line per feature, so that
     * a data scientist can read and edit it. A field is written only where it differs from its default.
     */
    String toJson() {
        var json = new StringBuilder(256 + 160 * features.size());
        json.append("{\n  \"format\": ").append(quoted(FORMAT)).append(",\n  \"format_version\": ").append(FORMAT_VERSION)
                .append(",\n  \"model\": ").append(quoted(model))
                .append(",\n  \"target\": {\"name\": ").append(quoted(target.name()));
        if (!columns.target().equals(target.name())) {
            json.append(", \"column\": ").append(quoted(columns.target()));
        }
        json.append(", \"unit\": ").append(quoted(target.unit()));
        if (targetRange.min() != null) {
            json.append(", \"min\": ").append(Numbers.plain(targetRange.min()));
        }
        if (targetRange.max() != null) {
            json.append(", \"max\": ").append(Numbers.plain(targetRange.max()));
        }
        if (target.transform() != Target.Transform.NONE) {
            json.append(", \"transform\": ").append(quoted(target.transform().id()));
        }
        json.append("},\n  \"features\": [\n");
        for (int i = 0; i < features.size(); i++) {
            Feature feature = features.features().get(i);
            json.append("    {\"name\": ").append(quoted(feature.name()));
            if (!columns.features().get(i).equals(feature.name())) {
                json.append(", \"column\": ").append(quoted(columns.features().get(i)));
            }
            if (feature.isCategorical()) {
                json.append(", \"type\": ").append(quoted(CATEGORICAL)).append(", \"levels\": [")
                        .append(String.join(", ", feature.levels().stream().map(DataSchema::quoted).toList()))
                        .append("], \"description\": ").append(quoted(feature.description()))
                        .append(", \"example\": ").append(quoted(feature.level(feature.example().intValue())));
            } else {
                json.append(", \"unit\": ").append(quoted(feature.unit())).append(", \"description\": ")
                        .append(quoted(feature.description())).append(", \"min\": ")
                        .append(Numbers.plain(feature.min())).append(", \"max\": ")
                        .append(Numbers.plain(feature.max())).append(", \"example\": ")
                        .append(Numbers.plain(feature.example()));
            }
            if (missing.get(i) != Missing.Rule.REFUSE) {
                json.append(", \"missing\": ").append(quoted(missing.get(i).id()));
            }
            json.append('}').append(i + 1 < features.size() ? ",\n" : "\n");
        }
        return json.append("  ]\n}\n").toString();
    }

    private static String quoted(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string can always be written as JSON", e);
        }
    }

    /** How a message shows what the file holds where a field was expected. */
    static String found(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "the string \"" + shorten(HiringCsv.visible(node.textValue())) + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            case ARRAY -> node.isEmpty() ? "an empty list" : "a list";
            case OBJECT -> "an object";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
