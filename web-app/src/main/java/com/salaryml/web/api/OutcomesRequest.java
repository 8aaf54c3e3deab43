package com.salaryml.web.api;

import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.Numbers;
import com.salaryml.artifact.schema.Target;
import com.salaryml.web.http.JsonBodies;
import com.salaryml.web.outcomes.OutcomeStore.Outcome;
import com.salaryml.web.serving.OutcomeKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code POST /api/v1/outcomes} body: one outcome, {@code {"outcome_key": "...", "index": 0, "actual":
 * 61000}}, or a batch, {@code {"outcomes": [{...}, {...}]}}. Every field at fault is reported, with its path: a
 * field's form is no secret, so saying where it is wrong tells a caller nothing about what the app holds.
 *
 * @param outcomes the outcomes, in request order
 * @param batch    whether the body was a batch, which is how errors name the fields
 */
record OutcomesRequest(List<Outcome> outcomes, boolean batch) {

    static final String EXAMPLE = "{\"outcome_key\": \"q3vXoWc2R9mB1yZ0kLpA7g\", \"index\": 0, \"actual\": 61000}";

    /**
     * Checks that every {@code actual} is a value {@code target} may take (its range, and above 0 for a log
     * target), naming each that is not. Checked before any outcome is joined, for every outcome alike, so that a
     * refusal says nothing about which keys exist.
     *
     * @throws ProblemException 400 naming each {@code actual} at fault and the range
     */
    void checkAgainst(Target target) throws ProblemException {
        var errors = new ArrayList<FieldError>();
        for (int i = 0; i < outcomes.size(); i++) {
            String field = (batch ? "outcomes[" + i + "]." : "") + "actual";
            double actual = outcomes.get(i).actual();
            target.problem(actual).ifPresent(problem -> errors.add(new FieldError(field, "is "
                    + Numbers.plain(actual) + " and " + problem + "; report the real " + target.name() + " in "
                    + target.unit())));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
    }

    static OutcomesRequest parse(byte[] body, int maxBatch) throws ProblemException {
        return JsonObjectBody.read(body, EXAMPLE, "{\"outcomes\": [...]}", json -> new Body(json, maxBatch))
                .request();
    }

    /** The body's fields as read, checked against one another only once the whole object is read. */
    private static final class Body {
        final List<FieldError> errors = new ArrayList<>();
        final Fields root = new Fields();
        List<Outcome> batch;

        Body(JsonParser json, int maxBatch) throws IOException, ProblemException {
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (!name.equals("outcomes")) {
                    root.read(json, value, name, "", errors);
                } else if (value != JsonToken.START_ARRAY) {
                    errors.add(new FieldError("outcomes", "must be an array of objects, was "
                            + JsonBodies.kind(value)));
                    json.skipChildren();
                    batch = List.of();
                } else {
                    batch = outcomes(json, maxBatch);
                }
            }
        }

        private List<Outcome> outcomes(JsonParser json, int maxBatch) throws IOException, ProblemException {
            var read = new ArrayList<Outcome>();
            int i = 0;
            for (JsonToken item = json.nextToken(); item != JsonToken.END_ARRAY; item = json.nextToken()) {
                String prefix = "outcomes[" + i + "]";
                if (item == JsonToken.START_OBJECT) {
                    var fields = new Fields();
                    for (JsonToken field = json.nextToken(); field != JsonToken.END_OBJECT; field = json.nextToken()) {
                        String fieldName = json.currentName();
                        fields.read(json, json.nextToken(), fieldName, prefix + ".", errors);
                    }
                    Outcome outcome = fields.outcome(prefix + ".", errors);
                    if (outcome != null) {
                        read.add(outcome);
                    }
                } else {
                    errors.add(new FieldError(prefix, "must be an object such as " + EXAMPLE + ", was "
                            + JsonBodies.kind(item)));
                    json.skipChildren();
                }
                i++;
            }
            if (i == 0) {
                errors.add(new FieldError("outcomes", "is empty; send at least one outcome"));
            } else if (i > maxBatch) {
                throw new ProblemException(Problem.batchTooLarge("outcomes", i, "outcomes", maxBatch));
            }
            return read;
        }

        OutcomesRequest request() throws ProblemException {
            if (batch != null) {
                for (String name : root.names) {
                    errors.add(new FieldError(name, "is not allowed beside outcomes; put every outcome inside"
                            + " outcomes"));
                }
                if (!errors.isEmpty()) {
                    throw new ProblemException(Problem.invalid(errors));
                }
                return new OutcomesRequest(batch, true);
            }
            Outcome single = root.outcome("", errors);
            if (!errors.isEmpty()) {
                throw new ProblemException(Problem.invalid(errors));
            }
            return new OutcomesRequest(List.of(single), false);
        }
    }

    /** The fields of one outcome as they are read; each wrong one is reported once. */
    private static final class Fields {
        final List<String> names = new ArrayList<>();
        OutcomeKey key;
        int index;
        Double actual;
        boolean faulty;

        void read(JsonParser json, JsonToken value, String name, String prefix, List<FieldError> errors)
                throws IOException {
            names.add(name);
            String path = prefix + name;
            switch (name) {
                case "outcome_key" -> {
                    Optional<OutcomeKey> parsed = value == JsonToken.VALUE_STRING ? OutcomeKey.parse(json.getText())
                            : Optional.empty();
                    if (parsed.isPresent()) {
                        key = parsed.get();
                    } else {
                        fault(errors, path, "must be the outcome_key the prediction's answer gave, "
                                + OutcomeKey.LENGTH + " characters of A-Z a-z 0-9 - _, was "
                                + (value == JsonToken.VALUE_STRING ? json.getText().length() + " characters"
                                + (json.getText().length() == OutcomeKey.LENGTH ? " of others" : "")
                                : JsonBodies.kind(value)));
                    }
                }
                case "request_id" -> fault(errors, path, "is not how an outcome is given: a request id can be sent"
                        + " again by anyone; send the outcome_key the prediction's answer gave");
                case "index" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT
                            && json.getIntValue() >= 0) {
                        index = json.getIntValue();
                    } else {
                        fault(errors, path, "must be a whole number from 0, the instance's position in its request,"
                                + " was " + (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT
                                ? json.getText() : JsonBodies.kind(value)));
                    }
                }
                case "actual" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                        fault(errors, path, "must be a number, the real value, was " + JsonBodies.kind(value));
                    } else if (!Double.isFinite(json.getDoubleValue())) {
                        fault(errors, path, "must be a finite number, was " + JsonBodies.shorten(json.getText()));
                    } else {
                        actual = json.getDoubleValue();
                    }
                }
                default -> fault(errors, path, "is not a field of an outcome; send outcome_key, index (optional) and"
                        + " actual");
            }
            json.skipChildren();
        }

        private void fault(List<FieldError> errors, String path, String message) {
            faulty = true;
            errors.add(new FieldError(path, message));
        }

        /** The outcome, or null when a field is at fault or missing (and then reported). */
        Outcome outcome(String prefix, List<FieldError> errors) {
            if (key == null && !names.contains("outcome_key") && !names.contains("request_id")) {
                fault(errors, prefix + "outcome_key", "is missing; send the outcome_key the prediction's answer gave");
            }
            if (actual == null && !names.contains("actual")) {
                fault(errors, prefix + "actual", "is missing; send the real value");
            }
            return faulty ? null : new Outcome(key, index, actual);
        }
    }
}
