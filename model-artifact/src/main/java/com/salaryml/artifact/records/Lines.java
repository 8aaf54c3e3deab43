package com.salaryml.artifact.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Predicate;

/** What reading every kind of record line shares: one JSON object, its version, and its request id and index. */
final class Lines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Lines() {
    }

    /**
     * What every record line starts with: its fields, its version, and the index of the instance it is about.
     *
     * @param version the line's {@code record_version}, 1 for lines written before the field existed
     */
    record Header(JsonNode node, int version, int index) {
    }

    /** Reads a line's JSON, checks its version against the newest this reader knows, and its index. */
    static Header header(String line, int newest) throws RecordException {
        JsonNode node = object(line);
        return new Header(node, checkVersion(node, newest), index(node));
    }

    /** The field, which must be there and pass {@code check}; else {@code problem}. */
    static JsonNode require(JsonNode node, String field, Predicate<JsonNode> check, String problem)
            throws RecordException {
        JsonNode value = node.get(field);
        if (value == null || !check.test(value)) {
            throw new RecordException(problem);
        }
        return value;
    }

    /** The text of an optional string field; null when it is absent or not a string. */
    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }

    static JsonNode object(String line) throws RecordException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new RecordException("not a JSON object on one line");
        }
        if (node == null || !node.isObject()) {
            throw new RecordException("not a JSON object on one line");
        }
        return node;
    }

    /** The line's version; lines without {@code record_version} were written before it existed, as version 1. */
    static int checkVersion(JsonNode node, int newest) throws RecordException {
        JsonNode version = node.get("record_version");
        if (version == null) {
            return 1;
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
            throw new RecordException("'record_version' must be a whole number from 1");
        }
        if (version.intValue() > newest) {
            throw new RecordException("'record_version' is " + version.intValue() + ", but this reader reads up to "
                    + newest + "; upgrade model-artifact to read it");
        }
        return version.intValue();
    }

    static String requestId(JsonNode node) throws RecordException {
        return requiredText(node, "request_id");
    }

    /** The text of a string field that must be there and not empty. */
    static String requiredText(JsonNode node, String field) throws RecordException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new RecordException("'" + field + "' must be a non-empty string");
        }
        return value.textValue();
    }

    /** {@code index}, 0 when absent. */
    static int index(JsonNode node) throws RecordException {
        JsonNode index = node.get("index");
        if (index != null && !(index.canConvertToInt() && index.isIntegralNumber() && index.intValue() >= 0)) {
            throw new RecordException("'index' must be a whole number from 0");
        }
        return index == null ? 0 : index.intValue();
    }
}
