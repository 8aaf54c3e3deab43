package com.salaryml.training;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import com.salaryml.artifact.schema.Numbers;
import com.salaryml.artifact.schema.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a draft schema file for a CSV, for the data scientist to edit: each column's type guessed from its cells
 * (a number if every cell that is not missing is one, else a category), a category's levels listed, a number's
 * range and example taken from the data. What the data cannot say, units and descriptions, is marked {@code TODO};
 * the command lists what to check before training. It never replaces a file.
 */
final class SchemaCommand {

    /** What the draft writes where only a person can say what a column means. */
    static final String TODO = "TODO";

    static final String USAGE = """
            Usage: mvn -pl model-training exec:java -Dexec.args="schema --data FILE --target NAME [options]"

            Writes a draft schema file for a CSV: each column a number or a category, guessed from
            its cells, with its levels, or its range and example from the data. Units and
            descriptions say TODO: edit them, and check the ranges, before training.

            Options:
              --data FILE        the CSV
              --target NAME      the column the model predicts, as the header names it
              --out FILE         where the draft goes (default: the CSV's name with .schema.json,
                                 beside it); an existing file is never replaced
              --model NAME       the model's name (default: the CSV's name)
              --delimiter D      comma, semicolon or tab, or the character itself (default: comma)
              --decimal-comma    the CSV writes numbers with a decimal comma, like 2,5
            """;

    private final PrintStream out;
    private final PrintStream err;

    SchemaCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    record Options(Path data, String target, Path out, String model, CsvFormat format) {
    }

    int run(List<String> args) {
        return SubcommandArgs.run(args, SchemaCommand::parse, USAGE, out, err, this::draft,
                "No schema file was written.");
    }

    static Options parse(List<String> args) {
        Map<String, String> values = SubcommandArgs.parse(args, List.of("data", "target"),
                List.of("out", "model", "delimiter"), List.of("decimal-comma"));
        if (values == null) {
            return null;
        }
        Path data = Path.of(values.get("data"));
        Path out = values.containsKey("out") ? Path.of(values.get("out")) : DataSchema.besideData(data);
        var delimiter = values.containsKey("delimiter") ? CsvFormat.Delimiter.parse(values.get("delimiter"))
                : CsvFormat.Delimiter.COMMA;
        String model = values.get("model");
        if (model != null && !model.matches("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")) {
            throw new IllegalArgumentException("--model \"" + HiringCsv.visible(model) + "\" is not a model name: 1 to"
                    + " 64 letters, digits, '.', '-', '_' or '+', starting with a letter or digit");
        }
        return new Options(data, values.get("target"), out, model,
                new CsvFormat(delimiter, values.containsKey("decimal-comma")));
    }

    /** The draft, and what its writer should check in it. */
    record Draft(DataSchema schema, List<String> notes) {
    }

    private void draft(Options options) throws DraftException {
        if (Files.exists(options.out())) {
            throw new DraftException(options.out() + " already exists; a draft never replaces a schema file: name"
                    + " another with --out FILE");
        }
        Draft draft;
        try {
            draft = guess(options);
        } catch (DataException e) {
            throw new DraftException(String.join("\nerror: ", e.problems()));
        }
        try {
            Path parent = options.out().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(options.out(), draft.schema().toJson(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new DraftException(options.out() + ": cannot be written: " + e.getMessage());
        }
        DataSchema schema = draft.schema();
        long categories = schema.features().features().stream().filter(Feature::isCategorical).count();
        out.println("Wrote the draft schema file " + options.out() + " for " + options.data() + ": "
                + schema.features().size() + " features (" + (schema.features().size() - categories) + " numeric, "
                + categories + " categorical) and the target " + schema.target().name() + ".");
        out.println("Edit it before training:");
        draft.notes().forEach(note -> out.println("  - " + note));
        out.println("The fields are in docs/training.md. Then train: mvn -pl model-training exec:java"
                + " -Dexec.args=\"--data " + options.data() + (options.out().equals(DataSchema.besideData(options.data()))
                ? "" : " --schema " + options.out()) + "\"");
    }

    /** The draft schema of a CSV: a feature per column but the target, each guessed from its cells. */
    static Draft guess(Options options) throws DataException {
        List<String[]> rows = HiringCsv.cells(options.data(), options.format());
        String[] header = rows.get(0);
        String where = options.data().toString();
        int targetAt = Arrays.asList(header).indexOf(options.target());
        if (targetAt < 0) {
            throw new DataException(where + " line 1: no column '" + HiringCsv.visible(options.target())
                    + "' to predict; the header has " + String.join(", ", Arrays.stream(header)
                    .map(HiringCsv::visible).toList()));
        }
        var notes = new ArrayList<String>();
        var names = new HashSet<String>();
        String targetName = name(options.target(), names);
        Column target = Column.of(rows, targetAt, options.format());
        if (!target.numeric() || target.numbers().length == 0) {
            throw new DataException(where + ", column '" + HiringCsv.visible(options.target()) + "': the target must"
                    + " be a number in every row, found " + (target.numbers().length == 0 ? "no number"
                    : "text such as \"" + HiringCsv.visible(target.levels().firstKey()) + "\""));
        }
        var features = new ArrayList<Feature>();
        var columns = new ArrayList<String>();
        var categoricalNotes = new ArrayList<String>();
        var missingNotes = new ArrayList<String>();
        var ranges = new ArrayList<String>();
        for (int c = 0; c < header.length; c++) {
            if (c == targetAt || header[c].isEmpty()) {
                continue;
            }
            Column column = Column.of(rows, c, options.format());
            String label = "'" + HiringCsv.visible(header[c]) + "'";
            if (column.present() == 0) {
                notes.add("left out column " + label + ": every cell is blank or NA");
                continue;
            }
            if (header[c].equals(DataSchema.NA) || Arrays.asList(header).indexOf(header[c]) != c) {
                notes.add("left out column " + label + ": " + (header[c].equals(DataSchema.NA) ? "NA is no name"
                        : "the header names it more than once"));
                continue;
            }
            String name = name(header[c], names);
            Feature feature;
            if (column.numeric()) {
                double[] numbers = column.numbers();
                double min = Arrays.stream(numbers).min().orElseThrow();
                double max = Arrays.stream(numbers).max().orElseThrow();
                if (min == max) {
                    notes.add("left out column " + label + ": every row has " + Numbers.plain(min));
                    names.remove(name);
                    continue;
                }
                double example = closest(numbers, Imputation.median(numbers));
                feature = new Feature(name, TODO, TODO + ": what " + header[c] + " is", min, max, example);
                ranges.add(name + " " + Numbers.plain(min) + " to " + Numbers.plain(max));
            } else {
                List<String> levels = List.copyOf(column.levels().keySet());
                if (levels.size() < 2 || levels.size() > Feature.MAX_LEVELS) {
                    notes.add("left out column " + label + ": " + (levels.size() < 2 ? "every row has the same text"
                            : levels.size() + " distinct texts are too many levels for a category (at most "
                            + Feature.MAX_LEVELS + "): an identifier, or free text?"));
                    names.remove(name);
                    continue;
                }
                String mostFrequent = column.levels().entrySet().stream()
                        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(
                                java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
                feature = Feature.categorical(name, TODO + ": what " + header[c] + " is", levels,
                        levels.indexOf(mostFrequent), Missing.REFUSE);
                categoricalNotes.add(name + ": " + levels.get(0));
            }
            if (column.missing() > 0) {
                missingNotes.add(name + " (" + column.missing() + ")");
            }
            features.add(feature);
            columns.add(header[c]);
        }
        if (features.isEmpty()) {
            throw new DataException(where + ": no column but the target is left to be a feature");
        }
        notes.add(0, "every \"unit\" and \"description\" says " + TODO + ": say what each column measures, for"
                + " people; the page shows them beside the fields");
        if (!ranges.isEmpty()) {
            notes.add(1, "each number's valid range is what the data holds (" + String.join(", ", ranges)
                    + "): widen it to every value that is valid, since serving refuses anything outside it");
        }
        if (!categoricalNotes.isEmpty()) {
            notes.add("a category's first level is the reference level of a linear model, the one the others are"
                    + " compared with; the levels are sorted, so the first is " + String.join(", ", categoricalNotes)
                    + ": put first the level to compare with");
        }
        if (!missingNotes.isEmpty()) {
            notes.add("blank or NA cells (how many): " + String.join(", ", missingNotes) + ": add \"missing\":"
                    + " \"median\" or \"mean\" (a number), \"most_frequent\" (a category), or train with"
                    + " --drop-incomplete");
        }
        if (target.missing() > 0) {
            notes.add(targetName + " is blank or NA in " + target.missing() + " rows: train with --drop-incomplete");
        }
        notes.add("the target " + targetName + ": add \"min\" and \"max\" if its values are bounded (a salary is"
                + " never negative: \"min\": 0), and \"transform\": \"log\" to fit its logarithm, for a target such as"
                + " a salary that grows by percentages");
        String model = options.model() != null ? options.model() : modelName(options.data());
        var featureSchema = new FeatureSchema(features);
        var schema = new DataSchema(model, new Target(targetName, TODO), DataSchema.TargetRange.ANY, featureSchema,
                java.util.Collections.nCopies(features.size(), Missing.Rule.REFUSE),
                new DataSchema.Columns(columns, options.target()));
        return new Draft(schema, List.copyOf(notes));
    }

    /** The data value nearest {@code value}: an example is a value the data really has. */
    private static double closest(double[] numbers, double value) {
        double best = numbers[0];
        for (double number : numbers) {
            if (Math.abs(number - value) < Math.abs(best - value)
                    || Math.abs(number - value) == Math.abs(best - value) && number < best) {
                best = number;
            }
        }
        return best;
    }

    /**
     * A feature name for a CSV header: the header itself if it is one, else with each other character as
     * {@code _} ({@code yrs.since.phd} is {@code yrs_since_phd}), unique among those given so far.
     */
    static String name(String header, Set<String> taken) {
        String name = header.replaceAll("[^A-Za-z0-9_]", "_");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            name = "_" + name;
        }
        name = name.length() > 60 ? name.substring(0, 60) : name;
        String unique = name;
        for (int i = 2; !taken.add(unique); i++) {
            unique = name + "_" + i;
        }
        return unique;
    }

    /** The model's name from the data file's: {@code salaries} for {@code salaries.csv}. */
    private static String modelName(Path data) {
        String file = data.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String base = (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9._+-]", "-");
        base = base.replaceAll("^[^A-Za-z0-9]+", "");
        return base.isEmpty() ? "model" : base.length() > 64 ? base.substring(0, 64) : base;
    }

    /**
     * One column's cells: how many are missing, the numbers if every other cell is one, else each text's count.
     *
     * @param numbers the numbers, if {@code numeric}
     * @param levels  each distinct text and how many rows have it, sorted
     */
    private record Column(int present, int missing, boolean numeric, double[] numbers, TreeMap<String, Integer> levels) {

        static Column of(List<String[]> rows, int at, CsvFormat format) {
            int missing = 0;
            boolean numeric = true;
            double[] numbers = new double[rows.size()];
            int count = 0;
            var levels = new TreeMap<String, Integer>();
            for (int r = 1; r < rows.size(); r++) {
                String cell = at < rows.get(r).length ? rows.get(r)[at] : "";
                if (cell.isEmpty() || cell.equals(DataSchema.NA)) {
                    missing++;
                    continue;
                }
                levels.merge(cell, 1, Integer::sum);
                double number = HiringCsv.number(cell, format);
                if (Double.isNaN(number) || !Double.isFinite(number)) {
                    numeric = false;
                } else {
                    numbers[count++] = number;
                }
            }
            return new Column(rows.size() - 1 - missing, missing, numeric, Arrays.copyOf(numbers, count), levels);
        }
    }

    static final class DraftException extends SubcommandArgs.Failure {
        private static final long serialVersionUID = 1L;

        DraftException(String message) {
            super(message);
        }
    }
}
