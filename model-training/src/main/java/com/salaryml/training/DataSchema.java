package com.salaryml.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
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
 * data, e.g. {@code data/hiring.schema.json}: the model's name, the target column and its unit, and the feature
 * columns with their units, descriptions, valid ranges and example values. The trainer reads any CSV that has
 * these columns. The target and the features travel inside the model file, so that the web app shows, accepts
 * and documents exactly what this file says. The format is in docs/training.md.
 *
 * @param model       the model's name, e.g. {@code salary}; it names the model's files and its V2 address
 * @param target      the column the model predicts
 * @param targetRange the values the target may take in the data, e.g. 0 or more for a salary; checked in every
 *                    row, and not part of the model
 * @param features    the input columns, in the model's order, each with its example value: together they are the
 *                    instance every training run predicts, so that a reviewer can compare runs at a glance, and the
 *                    model file carries them to the web app's examples
 */
public record DataSchema(String model, Target target, TargetRange targetRange, FeatureSchema features) {

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

    private static final List<String> ROOT_FIELDS = List.of("format", "format_version", "model", "target", "features");
    private static final List<String> TARGET_FIELDS = List.of("name", "unit", "min", "max");
    private static final List<String> FEATURE_FIELDS = List.of("name", "unit", "description", "min", "max", "example");

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
            if (min != null && value < min) {
                return max == null ? "is below " + Numbers.plain(min) + ", the smallest valid " + target.name()
                        + " (" + target.unit() + ")" : "is outside the valid range " + text(target);
            }
            if (max != null && value > max) {
                return min == null ? "is above " + Numbers.plain(max) + ", the largest valid " + target.name()
                        + " (" + target.unit() + ")" : "is outside the valid range " + text(target);
            }
            return null;
        }

        private String text(Target target) {
            return Numbers.plain(min) + " to " + Numbers.plain(max) + " " + target.unit();
        }
    }

    /** Checks that every part is there and that every feature has its example value. */
    public DataSchema {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetRange, "targetRange");
        Objects.requireNonNull(features, "features");
        for (Feature feature : features.features()) {
            if (feature.example() == null) {
                throw new IllegalArgumentException("feature " + feature.name() + " has no example value");
            }
        }
    }

    /**
     * One example value per feature, by name, in feature order: the instance every training run predicts.
     *
     * @return the examples, unmodifiable
     */
    public Map<String, Double> examples() {
        var examples = new LinkedHashMap<String, Double>();
        for (Feature feature : features.features()) {
            examples.put(feature.name(), feature.example());
        }
        return Collections.unmodifiableMap(examples);
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

        // Every column is declared once: the target, or one feature. Here, by name, where it was declared.
        var seen = new HashMap<String, String>();
        DeclaredTarget target = target(check, root, seen);
        var features = new ArrayList<Feature>();
        JsonNode list = root.get("features");
        if (list == null) {
            check.problem("features", "is missing; list the input columns there, each as {\"name\", \"unit\","
                    + " \"description\", \"min\", \"max\", \"example\"}");
        } else if (!list.isArray() || list.isEmpty()) {
            check.problem("features", "must be a list of at least one input column, found " + found(list));
        } else {
            for (int i = 0; i < list.size(); i++) {
                Feature feature = feature(check, list.get(i), "features[" + i + "]", seen);
                if (feature != null) {
                    features.add(feature);
                }
            }
        }
        if (!check.problems().isEmpty()) {
            throw new DataException(check.problems());
        }
        return new DataSchema(model, target.target(), target.targetRange(), new FeatureSchema(features));
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
    private record DeclaredTarget(Target target, TargetRange targetRange) {
    }

    private static DeclaredTarget target(SchemaCheck check, JsonNode root, Map<String, String> seen) {
        Target target = null;
        TargetRange targetRange = TargetRange.ANY;
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
            if (name != null) {
                seen.put(name, "the target");
            }
            if (name != null && unit != null) {
                target = new Target(name, unit);
            }
        }
        return new DeclaredTarget(target, targetRange);
    }

    /** The feature declared at {@code path}, or null after adding its problems. */
    private static Feature feature(SchemaCheck check, JsonNode node, String path, Map<String, String> seen) {
        if (!node.isObject()) {
            check.problem(path, "must be an object {\"name\", \"unit\", \"description\", \"min\", \"max\","
                    + " \"example\"}, found " + found(node));
            return null;
        }
        check.fields(node, path + ".", FEATURE_FIELDS);
        String name = check.columnName(node, path + ".");
        if (name != null) {
            String earlier = seen.putIfAbsent(name, path);
            if (earlier != null) {
                check.problem(path + ".name", "\"" + name + "\" is already " + earlier
                        + "; every column is declared once");
                name = null;
            }
        }
        String unit = check.text(node, path + ".", "unit").orElse(null);
        String description = check.text(node, path + ".", "description").orElse(null);
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
        if (name != null && unit != null && description != null && min != null && max != null && example != null) {
            return new Feature(name, unit, description, min, max, example);
        }
        return null;
    }

    /**
     * This schema as a schema file, laid out as {@code data/hiring.schema.json} is: one line per feature, so that
     * a data scientist can read and edit it.
     */
    String toJson() {
        var json = new StringBuilder(256 + 160 * features.size());
        json.append("{\n  \"format\": ").append(quoted(FORMAT)).append(",\n  \"format_version\": ").append(FORMAT_VERSION)
                .append(",\n  \"model\": ").append(quoted(model))
                .append(",\n  \"target\": {\"name\": ").append(quoted(target.name())).append(", \"unit\": ")
                .append(quoted(target.unit()));
        if (targetRange.min() != null) {
            json.append(", \"min\": ").append(Numbers.plain(targetRange.min()));
        }
        if (targetRange.max() != null) {
            json.append(", \"max\": ").append(Numbers.plain(targetRange.max()));
        }
        json.append("},\n  \"features\": [\n");
        for (int i = 0; i < features.size(); i++) {
            Feature feature = features.features().get(i);
            json.append("    {\"name\": ").append(quoted(feature.name())).append(", \"unit\": ")
                    .append(quoted(feature.unit())).append(", \"description\": ").append(quoted(feature.description()))
                    .append(", \"min\": ").append(Numbers.plain(feature.min())).append(", \"max\": ")
                    .append(Numbers.plain(feature.max())).append(", \"example\": ")
                    .append(Numbers.plain(feature.example())).append('}')
                    .append(i + 1 < features.size() ? ",\n" : "\n");
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
