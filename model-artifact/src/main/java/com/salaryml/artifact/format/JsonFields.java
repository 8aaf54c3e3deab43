package com.salaryml.artifact.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.schema.FieldPathException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Typed, path-aware access to one JSON object of a model file; every problem names the field's path. */
final class JsonFields {

    /** No model has more features than this; a longer array is a broken or hostile file. */
    static final int MAX_ARRAY = 10_000;

    private final JsonNode node;
    private final String path;

    JsonFields(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new ModelFormatProblem((path.isEmpty() ? "the file" : "field '" + path + "'")
                    + " must be a JSON object, was " + kind(node));
        }
        this.node = node;
        this.path = path;
    }

    void allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new ModelFormatProblem("unknown field '" + pathOf(name) + "'; the fields here are "
                        + String.join(", ", names));
            }
        }
    }

    String string(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        return value.textValue();
    }

    double number(String name) {
        return finite(name, required(name));
    }

    long integer(String name) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(name, "a whole number", value);
        }
        return value.longValue();
    }

    double[] numbers(String name) {
        List<JsonNode> values = array(name);
        double[] result = new double[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = finite(name + "[" + i + "]", values.get(i));
        }
        return result;
    }

    List<String> strings(String name, int max) {
        List<JsonNode> values = array(name, max);
        var result = new ArrayList<String>(values.size());
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isTextual()) {
                throw wrongType(name + "[" + i + "]", "a string", values.get(i));
            }
            result.add(values.get(i).textValue());
        }
        return result;
    }

    /** Whether the field is absent or JSON null: how optional fields say "none". */
    boolean isAbsent(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull();
    }

    String optionalString(String name) {
        return isAbsent(name) ? null : string(name);
    }

    Long optionalInteger(String name) {
        return isAbsent(name) ? null : integer(name);
    }

    Double optionalNumber(String name) {
        return isAbsent(name) ? null : number(name);
    }

    /** A whole number that indexes an array: from 0 to {@link Integer#MAX_VALUE}. */
    int index(String name) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new ModelFormatProblem("field '" + pathOf(name) + "' must be an index, a whole number from 0,"
                    + " was " + (value.isNumber() ? value.toString() : kind(value)));
        }
        return value.intValue();
    }

    /** The names of this object's fields, in file order. */
    List<String> names() {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    double[][] matrix(String name) {
        List<JsonNode> rows = array(name);
        double[][] result = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String at = name + "[" + i + "]";
            if (!row.isArray()) {
                throw wrongType(at, "an array", row);
            }
            if (row.size() > MAX_ARRAY) {
                throw new ModelFormatProblem("field '" + pathOf(at) + "' has too many entries");
            }
            result[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                result[i][j] = finite(at + "[" + j + "]", row.get(j));
            }
        }
        return result;
    }

    JsonFields object(String name) {
        return new JsonFields(required(name), pathOf(name));
    }

    List<JsonFields> objects(String name) {
        return objects(name, MAX_ARRAY);
    }

    /** The objects of an array of at most {@code max} entries. */
    List<JsonFields> objects(String name, int max) {
        List<JsonNode> values = array(name, max);
        var result = new ArrayList<JsonFields>(values.size());
        for (int i = 0; i < values.size(); i++) {
            result.add(new JsonFields(values.get(i), pathOf(name) + "[" + i + "]"));
        }
        return result;
    }

    /**
     * Runs a value type's constructor, reporting its complaint with this object's path, and with the path of
     * the field it names when it names one (a {@link FieldPathException}).
     */
    <T> T build(String name, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (FieldPathException e) {
            String where = pathOf(name);
            throw new ModelFormatProblem("field '" + (where.isEmpty() ? "" : where + ".") + e.path() + "': "
                    + e.problem());
        } catch (IllegalArgumentException | NullPointerException e) {
            String where = pathOf(name);
            throw new ModelFormatProblem((where.isEmpty() ? "" : "field '" + where + "': ") + e.getMessage());
        }
    }

    private List<JsonNode> array(String name) {
        return array(name, MAX_ARRAY);
    }

    private List<JsonNode> array(String name, int max) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw wrongType(name, "an array", value);
        }
        if (value.size() > max) {
            throw new ModelFormatProblem("field '" + pathOf(name) + "' has " + value.size()
                    + " entries; at most " + max + " are allowed");
        }
        var result = new ArrayList<JsonNode>(value.size());
        value.forEach(result::add);
        return result;
    }

    private double finite(String name, JsonNode value) {
        if (!value.isNumber()) {
            throw wrongType(name, "a number", value);
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            throw new ModelFormatProblem("field '" + pathOf(name) + "' must be a finite number, was " + value);
        }
        return number;
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new ModelFormatProblem("required field '" + pathOf(name) + "' is missing");
        }
        return value;
    }

    private ModelFormatProblem wrongType(String name, String expected, JsonNode found) {
        return new ModelFormatProblem("field '" + pathOf(name) + "' must be " + expected + ", was " + kind(found));
    }

    /** The path of a field of this object, as messages name it. */
    String path(String name) {
        return pathOf(name);
    }

    private String pathOf(String name) {
        if (name.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
