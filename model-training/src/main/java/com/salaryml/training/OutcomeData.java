package com.salaryml.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.records.OutcomeLine;
import com.salaryml.artifact.records.PredictionLine;
import com.salaryml.artifact.records.RecordException;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
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
import java.util.List;
import java.util.Map;

/**
 * Training data from production: the inputs the app was asked about, from its prediction log, joined by outcome
 * key and index to the real salaries reported for them, from its outcomes file. The outcome key is the one the
 * server issued with the prediction; a request id is the caller's and can be sent again by anyone, so it joins
 * only lines written before keys existed (record version 1 of both files), as they were joined then, and the
 * count of those is reported. The target comes from the outcome, the
 * features from the logged inputs, checked against the schema as a CSV's cells are: a number against its range, a
 * category, logged as its level's text, against its levels, and an input logged as null (missing) filled in where
 * the schema says how, left out with its row by {@code --drop-incomplete}, and refused otherwise.
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

    /**
     * One logged prediction's inputs, in schema order (a category as its level's code, a missing one as NaN), and
     * where it was logged.
     */
    private record Logged(double[] inputs, String where) {
    }

    static Dataset read(List<Path> logs, Path outcomes, DataSchema schema) throws DataException {
        return readWithSources(logs, outcomes, schema).dataset();
    }

    /**
     * @param byRequestId how many outcomes were joined by request id: lines of version 1, written before outcome
     *                    keys, which a second prediction under the same request id could have taken over
     */
    record Read(Dataset dataset, Sources sources, int byRequestId) {
    }

    static Read readWithSources(List<Path> logs, Path outcomes, DataSchema schema) throws DataException {
        return readWithSources(logs, outcomes, schema, false);
    }

    /**
     * @param dropIncomplete whether to leave out an outcome whose logged inputs miss one, as R's {@code lm} does
     */
    static Read readWithSources(List<Path> logs, Path outcomes, DataSchema schema, boolean dropIncomplete)
            throws DataException {
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
                double[] values = inputs(prediction, schema, dropIncomplete, where, problems);
                if (values != null) {
                    // Without a key (version 1), a caller may have sent the same request id twice: the later
                    // prediction is the one an outcome of version 1 answered, as the app joined it then.
                    logged.put(prediction.outcomeKey() != null ? keyed(prediction.outcomeKey(), prediction.index())
                            : byRequest(prediction.requestId(), prediction.index()), new Logged(values, where));
                }
            });
        }
        byte[] outcomeBytes = bytes(outcomes);
        all.update(outcomeBytes);
        String outcomesDigest = HexFormat.of().formatHex(sha256().digest(outcomeBytes));
        var rows = new ArrayList<double[]>();
        var target = new ArrayList<Double>();
        var seen = new HashMap<String, String>();
        var dropped = new ArrayList<long[]>();
        int[] byRequestId = {0};
        forEachLine(outcomes, outcomeBytes, problems, (line, where) -> {
            OutcomeLine outcome = OutcomeLine.read(line);
            String key = outcome.keyed() ? keyed(outcome.outcomeKey(), outcome.index())
                    : byRequest(outcome.requestId(), outcome.index());
            String problem = joinProblem(outcome, key, schema, logs, where, seen, logged);
            if (problem != null) {
                problems.add(problem);
                return;
            }
            double[] inputs = logged.get(key).inputs();
            if (dropIncomplete && java.util.Arrays.stream(inputs).anyMatch(Double::isNaN)) {
                long number = Long.parseLong(where.substring(where.lastIndexOf(' ') + 1));
                dropped.add(new long[] {seen.size(), number});
                return;
            }
            rows.add(inputs);
            target.add(outcome.actual());
            if (!outcome.keyed()) {
                byRequestId[0]++;
            }
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
            throw new DataException(outcomes + ": holds no outcomes" + (dropped.isEmpty() ? ""
                    : " whose logged inputs are complete, so --drop-incomplete leaves nothing") + "; there is nothing"
                    + " to train on");
        }
        String combined = HexFormat.of().formatHex(all.digest());
        var droppedRows = new Dataset.Dropped(dropped.stream().mapToLong(one -> one[0]).toArray(),
                dropped.stream().mapToLong(one -> one[1]).toArray());
        return new Read(dataset(outcomes, combined, features, rows, target, droppedRows),
                new Sources(List.copyOf(logs), List.copyOf(digests), outcomes, outcomesDigest, combined),
                byRequestId[0]);
    }

    /**
     * The logged inputs in schema order, a category as its level's code and a missing one as NaN; or null after
     * adding the problem with them. The database's rows go through it too, so both sources are checked alike.
     *
     * @param where the line or row, as the problem names it
     */
    static double[] inputs(PredictionLine.Logged prediction, DataSchema schema, boolean dropIncomplete,
                                   String where, List<String> problems) {
        FeatureSchema features = schema.features();
        double[] values = new double[features.size()];
        for (int j = 0; j < features.size(); j++) {
            Feature feature = features.features().get(j);
            String at = where + ", input '" + feature.name() + "': ";
            Object logged = prediction.inputs().get(feature.name());
            if (logged == null) {
                if (!prediction.inputs().containsKey(feature.name())) {
                    problems.add(at + "missing; the schema needs every one of " + features.names()
                            + ", so train from the logs of a model with these inputs");
                    return null;
                }
                if (!dropIncomplete && schema.missing().get(j) == Missing.Rule.REFUSE) {
                    problems.add(at + "null, a missing value, and the schema file declares no rule for a missing "
                            + feature.name() + ": declare " + (feature.isCategorical() ? "\"missing\": \"most_frequent\""
                            : "\"missing\": \"median\" (or \"mean\")") + " for it there, or train with"
                            + " --drop-incomplete to leave out incomplete rows");
                    return null;
                }
                values[j] = Double.NaN;
                continue;
            }
            if (feature.isCategorical()) {
                var code = logged instanceof String level ? feature.code(level) : java.util.OptionalInt.empty();
                if (code.isEmpty()) {
                    problems.add(at + (logged instanceof String level ? "\"" + HiringCsv.visible(level) + "\""
                            : "the number " + logged) + " is not a level of " + feature.name() + "; the schema file"
                            + " declares " + String.join(", ", feature.levels()));
                    return null;
                }
                values[j] = code.getAsInt();
                continue;
            }
            if (!(logged instanceof Double value)) {
                problems.add(at + "\"" + HiringCsv.visible(String.valueOf(logged)) + "\" is not a number; "
                        + feature.name() + " is a number, " + feature.rangeText());
                return null;
            }
            String range = HiringCsv.rangeProblem(at, feature, value, Double.toString(value));
            if (range != null) {
                problems.add(range);
                return null;
            }
            values[j] = value;
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
                                   List<Double> target, Dataset.Dropped dropped) {
        double[][] featureColumns = new double[features.size()][target.size()];
        double[] targetColumn = new double[target.size()];
        for (int i = 0; i < target.size(); i++) {
            for (int j = 0; j < features.size(); j++) {
                featureColumns[j][i] = rows.get(i)[j];
            }
            targetColumn[i] = target.get(i);
        }
        return new Dataset(outcomes.getFileName().toString(), sha256, features.names(), featureColumns,
                targetColumn, dropped);
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

    /** {@code outcome_key} and {@code index}, as one key; never equal to a request id's. */
    private static String keyed(String outcomeKey, int index) {
        return "k" + outcomeKey + "\u0000" + index;
    }

    /** {@code request_id} and {@code index} of a line of version 1, as one key. */
    private static String byRequest(String requestId, int index) {
        return "r" + requestId + "\u0000" + index;
    }

    private static String describe(String key) {
        int split = key.indexOf('\u0000');
        return (key.charAt(0) == 'k' ? "outcome key " : "request ") + key.substring(1, split) + " index "
                + key.substring(split + 1);
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
