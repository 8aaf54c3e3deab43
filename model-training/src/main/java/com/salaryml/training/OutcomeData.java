package com.salaryml.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training data from production: the inputs the app was asked about, from its prediction log, joined by request id
 * and index to the real salaries reported for them, from its outcomes file. The target comes from the outcome, the
 * features from the logged inputs, checked against the schema as a CSV's cells are.
 *
 * <p>A line torn by a crash, the last of a file without its line break, is left out, as the app leaves it out; any
 * other unreadable line is refused with its file and line.
 */
final class OutcomeData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PROBLEMS = 20;

    /** What the data was read from: the files in order, each with its SHA-256, and the digest of them all. */
    record Sources(List<Path> logs, List<String> logDigests, Path outcomes, String outcomesDigest, String combined) {
    }

    private OutcomeData() {
    }

    /** One logged prediction's inputs, and where it was logged. */
    private record Logged(Map<String, Double> inputs, String where) {
    }

    static Dataset read(List<Path> logs, Path outcomes, DataSchema schema) throws DataException {
        return readWithSources(logs, outcomes, schema).dataset();
    }

    record Read(Dataset dataset, Sources sources) {
    }

    static Read readWithSources(List<Path> logs, Path outcomes, DataSchema schema) throws DataException {
        FeatureSchema features = schema.features();
        var problems = new ArrayList<String>();
        var logged = new HashMap<String, Logged>();
        var digests = new ArrayList<String>();
        MessageDigest all = sha256();
        for (Path log : logs) {
            byte[] bytes = bytes(log);
            all.update(bytes);
            digests.add(HexFormat.of().formatHex(sha256().digest(bytes)));
            forEachLine(log, bytes, problems, (node, where) -> {
                String key = key(node, where, problems);
                JsonNode inputs = node.get("inputs");
                if (key == null) {
                    return;
                }
                if (inputs == null || !inputs.isObject()) {
                    problem(problems, where + ": no 'inputs' object; is this a prediction log?");
                    return;
                }
                var values = new LinkedHashMap<String, Double>();
                for (Feature feature : features.features()) {
                    JsonNode value = inputs.get(feature.name());
                    String at = where + ", input '" + feature.name() + "': ";
                    if (value == null || !value.isNumber()) {
                        problem(problems, at + "missing; the schema needs every one of " + features.names()
                                + ", so train from the logs of a model with these inputs");
                        return;
                    }
                    String range = HiringCsv.rangeProblem(at, feature, value.doubleValue(), value.asText());
                    if (range != null) {
                        problem(problems, range);
                        return;
                    }
                    values.put(feature.name(), value.doubleValue());
                }
                // A caller may send the same request id twice: the later prediction is the one an outcome answers.
                logged.put(key, new Logged(values, where));
            });
        }
        byte[] outcomeBytes = bytes(outcomes);
        all.update(outcomeBytes);
        String outcomesDigest = HexFormat.of().formatHex(sha256().digest(outcomeBytes));
        var columns = new ArrayList<double[]>();
        var target = new ArrayList<Double>();
        var seen = new HashMap<String, String>();
        forEachLine(outcomes, outcomeBytes, problems, (node, where) -> {
            String key = key(node, where, problems);
            if (key == null) {
                return;
            }
            JsonNode actual = node.get("actual");
            if (actual == null || !actual.isNumber()) {
                problem(problems, where + ": 'actual' must be a number");
                return;
            }
            String targetProblem = HiringCsv.targetProblem(where + ", 'actual': ", schema.target(),
                    schema.targetRange(), actual.doubleValue(), actual.asText());
            if (targetProblem != null) {
                problem(problems, targetProblem);
                return;
            }
            String before = seen.put(key, where);
            if (before != null) {
                problem(problems, where + ": a second outcome for " + describe(key) + ", first given at " + before);
                return;
            }
            Logged prediction = logged.get(key);
            if (prediction == null) {
                problem(problems, where + ": no logged prediction for " + describe(key) + " in "
                        + logs.stream().map(Path::toString).toList() + "; name every log file that may hold it,"
                        + " the rotated ones too");
                return;
            }
            double[] row = new double[features.size()];
            for (int j = 0; j < row.length; j++) {
                row[j] = prediction.inputs().get(features.features().get(j).name());
            }
            columns.add(row);
            target.add(actual.doubleValue());
        });
        if (problems.size() > MAX_PROBLEMS) {
            int more = problems.size() - MAX_PROBLEMS;
            problems.subList(MAX_PROBLEMS, problems.size()).clear();
            problems.add("... and " + more + " more problems");
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
        if (target.isEmpty()) {
            throw new DataException(outcomes + ": holds no outcomes; there is nothing to train on");
        }
        double[][] featureColumns = new double[features.size()][target.size()];
        double[] targetColumn = new double[target.size()];
        for (int i = 0; i < target.size(); i++) {
            for (int j = 0; j < features.size(); j++) {
                featureColumns[j][i] = columns.get(i)[j];
            }
            targetColumn[i] = target.get(i);
        }
        String combined = HexFormat.of().formatHex(all.digest());
        var dataset = new Dataset(outcomes.getFileName().toString(), combined, features.names(), featureColumns,
                targetColumn);
        return new Read(dataset, new Sources(List.copyOf(logs), List.copyOf(digests), outcomes, outcomesDigest,
                combined));
    }

    private interface LineHandler {
        void accept(JsonNode node, String where);
    }

    private static void forEachLine(Path file, byte[] bytes, List<String> problems, LineHandler handler)
            throws DataException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataException(file + ": the file is not UTF-8 text");
        }
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(text))) {
            boolean endsWithBreak = text.endsWith("\n");
            long lines = text.lines().count();
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + " line " + number;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    if (number == lines && !endsWithBreak) {
                        // Torn by a crash while it was written: the app never counted it as written.
                        continue;
                    }
                    problem(problems, where + ": not a JSON object on one line");
                    continue;
                }
                if (node == null || !node.isObject()) {
                    problem(problems, where + ": not a JSON object on one line");
                    continue;
                }
                handler.accept(node, where);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** {@code request_id} and {@code index} (0 when absent), as one key. */
    private static String key(JsonNode node, String where, List<String> problems) {
        JsonNode id = node.get("request_id");
        JsonNode index = node.get("index");
        if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
            problem(problems, where + ": 'request_id' must be a non-empty string");
            return null;
        }
        if (index != null && !(index.canConvertToInt() && index.isIntegralNumber() && index.intValue() >= 0)) {
            problem(problems, where + ": 'index' must be a whole number from 0");
            return null;
        }
        return id.textValue() + "\u0000" + (index == null ? 0 : index.intValue());
    }

    private static String describe(String key) {
        int split = key.indexOf('\u0000');
        return "request " + key.substring(0, split) + " index " + key.substring(split + 1);
    }

    private static void problem(List<String> problems, String problem) {
        problems.add(problem);
    }

    private static byte[] bytes(Path file) throws DataException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
