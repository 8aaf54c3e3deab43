package com.salaryml.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.records.OutcomeLine;
import com.salaryml.artifact.records.PredictionLine;
import com.salaryml.artifact.records.RecordException;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
            forEachLine(log, bytes, problems, (line, where) -> {
                PredictionLine.Logged prediction = PredictionLine.read(line);
                Map<String, Double> values = inputs(prediction, features, where, problems);
                if (values != null) {
                    // A caller may send the same request id twice: the later prediction is the one an outcome answers.
                    logged.put(key(prediction.requestId(), prediction.index()), new Logged(values, where));
                }
            });
        }
        byte[] outcomeBytes = bytes(outcomes);
        all.update(outcomeBytes);
        String outcomesDigest = HexFormat.of().formatHex(sha256().digest(outcomeBytes));
        var rows = new ArrayList<double[]>();
        var target = new ArrayList<Double>();
        var seen = new HashMap<String, String>();
        forEachLine(outcomes, outcomeBytes, problems, (line, where) -> {
            OutcomeLine outcome = OutcomeLine.read(line);
            String key = key(outcome.requestId(), outcome.index());
            String problem = joinProblem(outcome, key, schema, logs, where, seen, logged);
            if (problem != null) {
                problems.add(problem);
                return;
            }
            Map<String, Double> inputs = logged.get(key).inputs();
            rows.add(features.names().stream().mapToDouble(inputs::get).toArray());
            target.add(outcome.actual());
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
        String combined = HexFormat.of().formatHex(all.digest());
        return new Read(dataset(outcomes, combined, features, rows, target),
                new Sources(List.copyOf(logs), List.copyOf(digests), outcomes, outcomesDigest, combined));
    }

    /** The logged inputs in schema order, or null after adding the problem with them. */
    private static Map<String, Double> inputs(PredictionLine.Logged prediction, FeatureSchema features, String where,
                                              List<String> problems) {
        var values = new LinkedHashMap<String, Double>();
        for (Feature feature : features.features()) {
            String at = where + ", input '" + feature.name() + "': ";
            if (!(prediction.inputs().get(feature.name()) instanceof Double value)) {
                problems.add(at + "missing; the schema needs every one of " + features.names()
                        + ", so train from the logs of a model with these inputs");
                return null;
            }
            String range = HiringCsv.rangeProblem(at, feature, value, Double.toString(value));
            if (range != null) {
                problems.add(range);
                return null;
            }
            values.put(feature.name(), value);
        }
        return values;
    }

    /** What keeps an outcome out of the training data: its value, a second outcome, no logged prediction. */
    private static String joinProblem(OutcomeLine outcome, String key, DataSchema schema, List<Path> logs,
                                      String where, Map<String, String> seen, Map<String, Logged> logged) {
        String targetProblem = HiringCsv.targetProblem(where + ", 'actual': ", schema.target(),
                schema.targetRange(), outcome.actual(), Double.toString(outcome.actual()));
        if (targetProblem != null) {
            return targetProblem;
        }
        String before = seen.put(key, where);
        if (before != null) {
            return where + ": a second outcome for " + describe(key) + ", first given at " + before;
        }
        if (!logged.containsKey(key)) {
            return where + ": no logged prediction for " + describe(key) + " in "
                    + logs.stream().map(Path::toString).toList() + "; name every log file that may hold it,"
                    + " the rotated ones too";
        }
        return null;
    }

    private static Dataset dataset(Path outcomes, String sha256, FeatureSchema features, List<double[]> rows,
                                   List<Double> target) {
        double[][] featureColumns = new double[features.size()][target.size()];
        double[] targetColumn = new double[target.size()];
        for (int i = 0; i < target.size(); i++) {
            for (int j = 0; j < features.size(); j++) {
                featureColumns[j][i] = rows.get(i)[j];
            }
            targetColumn[i] = target.get(i);
        }
        return new Dataset(outcomes.getFileName().toString(), sha256, features.names(), featureColumns,
                targetColumn);
    }

    private interface LineHandler {
        void accept(String line, String where) throws RecordException;
    }

    /**
     * Hands each line that is not blank to the handler, which reads it with the contract's record reader; what
     * the reader refuses becomes a problem with the file and line in front.
     */
    private static void forEachLine(Path file, byte[] bytes, List<String> problems, LineHandler handler)
            throws DataException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(file + ": the file is not UTF-8 text");
        }
        List<String> lines = text.lines().toList();
        boolean endsWithBreak = text.endsWith("\n");
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            if (line.isBlank() || number == lines.size() && !endsWithBreak && torn(line)) {
                // Torn by a crash while it was written: the app never counted it as written.
                continue;
            }
            try {
                handler.accept(line, file + " line " + number);
            } catch (RecordException e) {
                problems.add(file + " line " + number + ": " + e.getMessage());
            }
        }
    }

    /** Whether the line is not JSON at all, as the last line is when a crash cut it short. */
    private static boolean torn(String line) {
        try {
            JSON.readTree(line);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** {@code request_id} and {@code index}, as one key. */
    private static String key(String requestId, int index) {
        return requestId + "\u0000" + index;
    }

    private static String describe(String key) {
        int split = key.indexOf('\u0000');
        return "request " + key.substring(0, split) + " index " + key.substring(split + 1);
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
