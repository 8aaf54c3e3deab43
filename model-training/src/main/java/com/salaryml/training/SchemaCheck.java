package com.salaryml.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Collects the problems of one file, each as "file: path: what is wrong, found what". */
final class SchemaCheck {

    private final String where;
    private final List<String> problems = new ArrayList<>();

    SchemaCheck(String where) {
        this.where = where;
    }

    /** What was found wrong so far, in the order found. */
    List<String> problems() {
        return problems;
    }

    void problem(String path, String message) {
        problems.add(where + ": " + path + ": " + message);
    }

    /** Every field of {@code node} must be one of {@code known}; a misspelt one is never silently ignored. */
    void fields(JsonNode node, String prefix, List<String> known) {
        Set<String> allowed = Set.copyOf(known);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(where + ": " + prefix + HiringCsv.visible(name) + ": unknown field; the fields here are "
                        + String.join(", ", known));
            }
        }
    }

    /** The field's value; null, after saying it is missing and what to write there, if there is none. */
    JsonNode required(JsonNode parent, String prefix, String field, String hint) {
        JsonNode node = parent.get(field);
        if (node == null) {
            problem(prefix + field, "is missing" + hint);
        }
        return node;
    }

    JsonNode object(JsonNode parent, String prefix, String field) {
        return required(parent, prefix, field, JsonNode::isObject, "an object");
    }

    /** The field if it is there and of the kind asked for; otherwise reports which it is not and returns null. */
    private JsonNode required(JsonNode parent, String prefix, String field,
            java.util.function.Predicate<JsonNode> isKind, String kind) {
        JsonNode node = required(parent, prefix, field, "");
        if (node != null && !isKind.test(node)) {
            problem(prefix + field, "must be " + kind + ", found " + DataSchema.found(node));
            return null;
        }
        return node;
    }

    /** A required line of text, not blank and at most {@value DataSchema#MAX_TEXT} characters. */
    java.util.Optional<String> text(JsonNode parent, String prefix, String field) {
        JsonNode node = required(parent, prefix, field, JsonNode::isTextual, "a string");
        String path = prefix + field;
        if (node == null) {
            return java.util.Optional.empty();
        }
        if (node.textValue().isBlank()) {
            problem(path, "must not be blank, found " + DataSchema.found(node));
        } else if (node.textValue().length() > DataSchema.MAX_TEXT) {
            problem(path, "must be at most " + DataSchema.MAX_TEXT + " characters, found "
                    + node.textValue().length());
        } else if (node.textValue().chars().anyMatch(Character::isISOControl)) {
            problem(path, "must be one line of text without control characters, found "
                    + DataSchema.found(node));
        } else {
            return java.util.Optional.of(node.textValue().strip());
        }
        return java.util.Optional.empty();
    }

    String columnName(JsonNode parent, String prefix) {
        JsonNode node = required(parent, prefix, "name", "; write the column's name as the CSV's header has it");
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || !DataSchema.COLUMN_NAME.matcher(node.textValue()).matches()) {
            problem(prefix + "name", "must be 1 to 64 letters, digits or '_', starting with a letter or '_',"
                    + " as the CSV's header names the column; found " + DataSchema.found(node));
            return null;
        }
        return node.textValue();
    }

    Double number(JsonNode parent, String prefix, String field) {
        JsonNode node = required(parent, prefix, field, JsonNode::isNumber, "a number");
        if (node == null) {
            return null;
        }
        if (!Double.isFinite(node.doubleValue())) {
            problem(prefix + field, "must be a finite number, found " + DataSchema.found(node));
            return null;
        }
        return node.doubleValue();
    }
}
