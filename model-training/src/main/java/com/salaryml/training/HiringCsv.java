package com.salaryml.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import com.salaryml.artifact.schema.Target;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a training CSV, such as the hiring data: a header row, then one row per example. The columns are those
 * the schema file declares, found by header name, in any order; extra columns are ignored. Every cell the model
 * needs is checked against the schema: a number against its valid range, a category against its levels. A blank
 * cell or {@code NA} is a missing value: filled in where the schema says how, the row left out with
 * {@code --drop-incomplete}, and refused otherwise.
 * The file is UTF-8, with or without the byte-order mark that Excel's "CSV UTF-8" writes first; its
 * delimiter and decimal separator are given by a {@link CsvFormat}.
 */
public final class HiringCsv {

    /**
     * A decimal number as people write it in a spreadsheet: no Java suffixes ("7f", "5d"), no hex floats,
     * no "NaN" or "Infinity".
     */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");

    /** The same with a decimal comma, as Excel writes numbers in many European locales. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[-+]?(\\d+(,\\d*)?|,\\d+)([eE][-+]?\\d{1,3})?");

    /** A number that certainly has a decimal comma, when looking at a file to say what it is. */
    private static final Pattern SURE_DECIMAL_COMMA = Pattern.compile("[-+]?\\d+,\\d+");

    /** Lines looked at to tell a file's delimiter and decimal separator when its header does not fit. */
    private static final int SNIFFED_LINES = 1000;

    /** Problems reported at once; past this the data is clearly wrong as a whole. */
    public static final int MAX_PROBLEMS = 20;

    private HiringCsv() {
    }

    /**
     * Fails as {@link #read} would if there is no such file: called before the schema file beside it is read, so
     * that a mistyped data file is reported as such, not as a missing schema file.
     */
    static void requireExists(Path file) throws DataException {
        if (!Files.exists(file)) {
            throw new DataException(file + ": no such file");
        }
    }

    /**
     * Reads {@code file}'s columns as {@code declared} declares them, checking every cell.
     *
     * @param file     the CSV
     * @param format   how it separates cells and writes decimals
     * @param declared its target and features
     * @return the checked data, column by column
     * @throws DataException naming every problem found, up to {@value #MAX_PROBLEMS}
     */
    public static Dataset read(Path file, CsvFormat format, DataSchema declared) throws DataException {
        return read(file, format, declared, false);
    }

    /**
     * Reads {@code file}'s columns as {@code declared} declares them, checking every cell.
     *
     * @param file           the CSV
     * @param format         how it separates cells and writes decimals
     * @param declared       its target and features
     * @param dropIncomplete whether to leave out each row with a blank or {@code NA} cell in a column the model
     *                       reads, as R's {@code lm} does; otherwise a missing cell is filled in where the schema
     *                       says how, and refused where it does not
     * @return the checked data, column by column, with the rows left out
     * @throws DataException naming every problem found, up to {@value #MAX_PROBLEMS}
     */
    public static Dataset read(Path file, CsvFormat format, DataSchema declared, boolean dropIncomplete)
            throws DataException {
        FeatureSchema schema = declared.features();
        String where = file.toString();
        String sha256 = sha256(file, where);
        List<String> needed = declared.columns().all();

        var mapper = CsvMapper.builder()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .enable(CsvParser.Feature.TRIM_SPACES)
                .build();
        var csvSchema = CsvSchema.emptySchema().withColumnSeparator(format.delimiter().character);
        try (Reader reader = utf8(open(file, where));
             MappingIterator<String[]> rows = mapper.readerFor(String[].class).with(csvSchema).readValues(reader)) {
            if (!rows.hasNextValue()) {
                throw new DataException(where + ": the file is empty; expected a header row naming the columns "
                        + String.join(", ", needed));
            }
            String[] header = rows.nextValue();
            long headerLine = rows.getParser().currentTokenLocation().getLineNr();
            int[] index = columnIndexes(file, format, headerLine, header, needed);

            var columns = new DoubleColumn[needed.size()];
            for (int j = 0; j < columns.length; j++) {
                columns[j] = new DoubleColumn();
            }
            var problems = new ArrayList<String>();
            int problemCount = 0;
            double[] values = new double[needed.size()];
            var droppedRows = new java.util.ArrayList<long[]>();
            long dataRow = 0;
            while (rows.hasNextValue()) {
                String[] row = rows.nextValue();
                dataRow++;
                // The token location: currentLocation() has already moved past the row's line break.
                long line = rows.getParser().currentTokenLocation().getLineNr();
                int rowProblems = checkRow(where, line, format, declared, dropIncomplete, index, header.length, row,
                        values, problemCount < MAX_PROBLEMS ? problems : null);
                problemCount += rowProblems;
                if (rowProblems == 0 && dropIncomplete && incomplete(values)) {
                    droppedRows.add(new long[] {dataRow, line});
                    continue;
                }
                for (int j = 0; j < needed.size(); j++) {
                    columns[j].add(values[j]);
                }
            }
            if (problems.size() > MAX_PROBLEMS) {
                problems.subList(MAX_PROBLEMS, problems.size()).clear();
            }
            if (problemCount > MAX_PROBLEMS) {
                problems.add("... and " + (problemCount - MAX_PROBLEMS) + " more problems in " + where);
            }
            if (!problems.isEmpty()) {
                throw new DataException(problems);
            }
            double[][] featureColumns = new double[schema.size()][];
            for (int j = 0; j < schema.size(); j++) {
                featureColumns[j] = columns[j].toArray();
            }
            double[] targetColumn = columns[schema.size()].toArray();
            if (targetColumn.length == 0 && !droppedRows.isEmpty()) {
                throw new DataException(where + ": every one of its " + droppedRows.size() + " data rows has a blank"
                        + " or NA cell in a column the model reads, so --drop-incomplete leaves nothing to train on");
            }
            var dropped = new Dataset.Dropped(droppedRows.stream().mapToLong(one -> one[0]).toArray(),
                    droppedRows.stream().mapToLong(one -> one[1]).toArray());
            return new Dataset(file.getFileName().toString(), sha256, schema.names(), featureColumns, targetColumn,
                    dropped);
        } catch (CharacterCodingException e) {
            throw new DataException(where + ": the file is not UTF-8 text");
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new DataException(where + (location == null ? "" : " line " + location.getLineNr())
                    + ": not a readable CSV: " + e.getOriginalMessage());
        } catch (NoSuchFileException e) {
            throw new DataException(where + ": no such file");
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read: " + e.getMessage());
        }
    }

    /**
     * Checks one data row against the schema and writes its values, in the order target last, into {@code values}
     * (NaN where a cell is not usable). A row whose cells no longer line up with the header gets one problem and
     * no values. The problems go to {@code problems} unless it is null (enough have been reported already). Every
     * missing cell is a problem here: this is the check of a trainer that takes numbers only.
     *
     * @param where       the data as messages name it
     * @param line        the row's line in the file, from 1
     * @param format      how the file writes decimals and separates cells
     * @param declared    the target and the features
     * @param index       each needed column's position in the row, features first, then the target
     * @param headerCells how many cells the header has
     * @param row         the row's cells
     * @param values      where the row's values go, features first, then the target
     * @param problems    where the row's problems go, or null
     * @return how many problems the row has
     */
    public static int checkRow(String where, long line, CsvFormat format, DataSchema declared, int[] index, int headerCells,
                        String[] row, double[] values, List<String> problems) {
        int count = checkRow(where, line, format, declared, false, index, headerCells, row, values, problems);
        if (count == 0 && incomplete(values)) {
            // The schema fills this cell in: the trainers read such data with the check below, which takes missing
            // cells, so this is reached only by a caller that took a schema of numbers only for granted.
            throw new IllegalStateException(where + " line " + line + ": a missing cell reached a numbers-only check");
        }
        return count;
    }

    /**
     * Checks one data row against the schema and writes its values, in the order target last, into {@code values}:
     * a number as itself, a category as its level's code, a missing cell as NaN (NaN too where a cell is not
     * usable). A row whose cells no longer line up with the header gets one problem and no values.
     *
     * <p>The Spark trainer checks each line with this too, so that both trainers give the same messages. The other
     * parameters are as for the check that refuses every missing cell, above.
     *
     * @param dropIncomplete whether a row with a missing cell will be left out, so that no cell need be filled in
     * @return how many problems the row has
     */
    public static int checkRow(String where, long line, CsvFormat format, DataSchema declared, boolean dropIncomplete,
                        int[] index, int headerCells, String[] row, double[] values, List<String> problems) {
        FeatureSchema schema = declared.features();
        Target target = declared.target();
        java.util.Arrays.fill(values, Double.NaN);
        String split = splitCellProblem(where, line, format, row, headerCells);
        if (split != null) {
            // Its cells no longer line up with the header: reading them would only add wrong numbers.
            if (problems != null) {
                problems.add(split);
            }
            return 1;
        }
        int count = 0;
        List<String> columns = declared.columns().all();
        for (int j = 0; j < index.length; j++) {
            String cell = index[j] < row.length ? row[index[j]].strip() : "";
            boolean isTarget = j == schema.size();
            String at = where + " line " + line + ", column '" + columns.get(j) + "': ";
            String problem = null;
            double value = Double.NaN;
            if (cell.isEmpty() || cell.equals(DataSchema.NA)) {
                if (!dropIncomplete) {
                    problem = isTarget ? missingTargetProblem(at, cell, target)
                            : declared.missing().get(j) == Missing.Rule.REFUSE
                            ? missingFeatureProblem(at, cell, schema.features().get(j)) : null;
                }
            } else if (!isTarget && schema.features().get(j).isCategorical()) {
                Feature feature = schema.features().get(j);
                var code = feature.code(cell);
                if (code.isPresent()) {
                    value = code.getAsInt();
                } else {
                    problem = at + "\"" + visible(cell) + "\" is not a level of " + feature.name() + "; the schema file"
                            + " declares " + String.join(", ", feature.levels()) + ": add the level to its"
                            + " \"levels\", or correct the cell";
                }
            } else {
                String notANumber = numberProblem(cell, format);
                if (notANumber != null) {
                    problem = at + notANumber;
                } else {
                    value = Double.parseDouble(format.decimalComma() ? cell.replace(',', '.') : cell);
                    problem = !isTarget
                            ? rangeProblem(at, schema.features().get(j), value, cell)
                            : targetProblem(at, target, declared.targetRange(), value, cell);
                }
            }
            if (problem != null) {
                count++;
                if (problems != null) {
                    problems.add(problem);
                }
            }
            values[j] = value;
        }
        return count;
    }

    /** Whether a checked row has a missing cell. */
    private static boolean incomplete(double[] values) {
        for (double value : values) {
            if (Double.isNaN(value)) {
                return true;
            }
        }
        return false;
    }

    /** A missing cell of a feature whose schema refuses it: the two ways to train such data. */
    private static String missingFeatureProblem(String at, String cell, Feature feature) {
        String rules = feature.isCategorical() ? "\"missing\": \"most_frequent\""
                : "\"missing\": \"median\" (or \"mean\")";
        return at + (cell.isEmpty() ? "the cell is blank" : "the cell is NA") + ", a missing value, and the schema"
                + " file declares no rule for a missing " + feature.name() + ": declare " + rules + " for it there,"
                + " or train with --drop-incomplete to leave out incomplete rows, as R's lm does";
    }

    /** A missing target cell: nothing can stand in for the value the model learns from. */
    private static String missingTargetProblem(String at, String cell, Target target) {
        return at + (cell.isEmpty() ? "the cell is blank" : "the cell is NA") + ", a missing " + target.name()
                + ", which nothing can stand in for: train with --drop-incomplete to leave out incomplete rows, as"
                + " R's lm does, or fill in the cell";
    }

    /**
     * Every row of a CSV as text, header first, each cell stripped: what a draft schema is guessed from. Read as
     * {@link #read} reads a file, so that a draft names the columns training will find.
     *
     * @param file   the CSV
     * @param format how it separates cells
     * @return the header, then each data row
     * @throws DataException if the file cannot be read as a CSV, or is empty
     */
    static List<String[]> cells(Path file, CsvFormat format) throws DataException {
        String where = file.toString();
        var mapper = CsvMapper.builder()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .enable(CsvParser.Feature.TRIM_SPACES)
                .build();
        var csvSchema = CsvSchema.emptySchema().withColumnSeparator(format.delimiter().character);
        var result = new ArrayList<String[]>();
        try (Reader reader = utf8(open(file, where));
             MappingIterator<String[]> rows = mapper.readerFor(String[].class).with(csvSchema).readValues(reader)) {
            while (rows.hasNextValue()) {
                result.add(Arrays.stream(rows.nextValue()).map(String::strip).toArray(String[]::new));
            }
        } catch (CharacterCodingException e) {
            throw new DataException(where + ": the file is not UTF-8 text");
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new DataException(where + (location == null ? "" : " line " + location.getLineNr())
                    + ": not a readable CSV: " + e.getOriginalMessage());
        } catch (NoSuchFileException e) {
            throw new DataException(where + ": no such file");
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read: " + e.getMessage());
        }
        if (result.isEmpty()) {
            throw new DataException(where + ": the file is empty; expected a header row naming the columns");
        }
        return result;
    }

    /** The number in a cell, or NaN if it is not one in this format. */
    static double number(String cell, CsvFormat format) {
        return numberProblem(cell, format) != null ? Double.NaN
                : Double.parseDouble(format.decimalComma() ? cell.replace(',', '.') : cell);
    }

    /**
     * The file's bytes, after the UTF-8 byte-order mark that Excel's "CSV UTF-8" writes first. A UTF-16 mark
     * (Excel's "Unicode Text") is refused here, where it can still be named.
     */
    private static InputStream open(Path file, String where) throws IOException, DataException {
        var in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (head.length == 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
            return in;
        }
        if (head.length >= 2 && (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE
                || head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)) {
            in.close();
            throw new DataException(where + ": the file is UTF-16 text (it starts with a UTF-16 byte-order mark,"
                    + " as Excel's \"Unicode Text\" writes); save it as \"CSV UTF-8\" instead");
        }
        in.reset();
        return in;
    }

    /** Strict UTF-8: a byte that is not UTF-8 is an error, never a replacement character in the data. */
    private static Reader utf8(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /**
     * Why {@code cell} is not a number in this format, saying what to do about it; {@code null} if it is one.
     * A comma or point in the wrong role is named, because it is what a spreadsheet in another locale writes.
     */
    private static String numberProblem(String cell, CsvFormat format) {
        String quoted = "\"" + visible(cell) + "\"";
        if (format.decimalComma()) {
            if (DECIMAL_COMMA.matcher(cell).matches()) {
                return null;
            }
            if (cell.contains(".")) {
                return quoted + " has a point, but --decimal-comma says numbers are written like 2,5;"
                        + " write decimals with a comma and no thousands separators";
            }
            return quoted + " is not a number";
        }
        if (DECIMAL.matcher(cell).matches()) {
            return null;
        }
        if (DECIMAL_COMMA.matcher(cell).matches()) {
            return format.delimiter() == CsvFormat.Delimiter.COMMA
                    ? quoted + " is not a number: write numbers with a point for decimals and no thousands"
                            + " separators, or, if the comma marks decimals, train with --decimal-comma"
                    : quoted + " has a decimal comma: train with --decimal-comma, or export the file with a point"
                            + " as the decimal separator";
        }
        return quoted + " is not a number";
    }

    /**
     * A row with more cells than the header, past blank ones: a decimal comma in a comma-separated file, or a
     * stray delimiter, has split a cell, and the cells after it belong to other columns.
     */
    private static String splitCellProblem(String where, long line, CsvFormat format, String[] row, int headerCells) {
        int last = row.length;
        while (last > headerCells && row[last - 1].isBlank()) {
            last--;
        }
        if (last <= headerCells) {
            return null;
        }
        String delimiter = format.delimiter().shown();
        return where + " line " + line + ": the row has " + last + " cells but the header names " + headerCells
                + " columns; " + (format.delimiter() == CsvFormat.Delimiter.COMMA
                ? "a ',' inside a cell, such as a decimal comma in 2,5, splits it in two: quote that cell, or write"
                        + " decimals with a point"
                : "a " + (format.delimiter() == CsvFormat.Delimiter.TAB ? "tab" : delimiter)
                        + " inside a cell splits it in two: quote that cell");
    }

    /**
     * Where each needed column is in the header, refusing a header without one of them, with a hint when the
     * file seems written with another delimiter or decimal separator.
     *
     * @param file       the data as messages name it
     * @param format     how the file is expected to be written
     * @param headerLine the header's line in the file, from 1
     * @param header     the header's cells
     * @param needed     the columns needed: the features, then the target
     * @return each needed column's position in the header
     * @throws DataException if a column is missing
     */
    public static int[] columnIndexes(Path file, CsvFormat format, long headerLine, String[] header,
                                      List<String> needed) throws DataException {
        String where = file.toString();
        var names = Arrays.stream(header).map(String::strip).toList();
        var problems = new ArrayList<String>();
        int[] index = new int[needed.size()];
        boolean missing = false;
        for (int j = 0; j < needed.size(); j++) {
            String name = needed.get(j);
            index[j] = names.indexOf(name);
            if (index[j] < 0) {
                missing = true;
                problems.add(where + " line " + headerLine + ": missing column '" + name + "'; the header has "
                        + String.join(", ", names.stream().map(HiringCsv::visible).toList()));
            } else if (names.lastIndexOf(name) != index[j]) {
                problems.add(where + " line " + headerLine + ": column '" + name
                        + "' appears more than once in the header");
            }
        }
        if (missing) {
            String otherFormat = otherFormat(file, format, needed);
            if (otherFormat != null) {
                throw new DataException(where + " line " + headerLine + ": " + otherFormat);
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
        return index;
    }

    /**
     * When the header does not hold the columns with this format's delimiter but does with another, says so
     * and how to train the file, including {@code --decimal-comma} if its numbers need it; else {@code null}.
     * Looks only at the first lines, as they are, so it is a hint and never changes what is read.
     */
    private static String otherFormat(Path file, CsvFormat format, List<String> needed) {
        var lines = new ArrayList<String>();
        var numbers = new ArrayList<Integer>();
        try (var reader = new BufferedReader(utf8(open(file, file.toString())))) {
            int number = 0;
            for (String line = reader.readLine(); line != null && number < SNIFFED_LINES; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    lines.add(line);
                    numbers.add(number);
                }
            }
        } catch (IOException | DataException e) {
            return null;
        }
        if (lines.isEmpty()) {
            return null;
        }
        for (CsvFormat.Delimiter delimiter : CsvFormat.Delimiter.values()) {
            if (delimiter == format.delimiter() || !cells(lines.get(0), delimiter).containsAll(needed)) {
                continue;
            }
            String advice = "the header is separated by " + delimiter.shown() + ", not "
                    + format.delimiter().shown() + "; train it with --delimiter " + delimiter.id;
            if (delimiter != CsvFormat.Delimiter.COMMA && !format.decimalComma()) {
                for (int i = 1; i < lines.size(); i++) {
                    for (String cell : cells(lines.get(i), delimiter)) {
                        if (SURE_DECIMAL_COMMA.matcher(cell).matches()) {
                            return advice + " --decimal-comma, as its numbers have decimal commas (" + cell
                                    + " on line " + numbers.get(i) + ")";
                        }
                    }
                }
            }
            return advice;
        }
        return null;
    }

    /** The cells of one line split on {@code delimiter}, stripped and unquoted: good enough for a hint. */
    private static List<String> cells(String line, CsvFormat.Delimiter delimiter) {
        return Arrays.stream(line.split(Pattern.quote(String.valueOf(delimiter.character)), -1))
                .map(String::strip)
                .map(cell -> cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")
                        ? cell.substring(1, cell.length() - 1).strip() : cell)
                .toList();
    }

    /**
     * {@code text} with every character that cannot be seen written as {@code \\uXXXX}: control and format
     * characters (a byte-order mark U+FEFF, a zero-width space U+200B), spaces other than the plain one (a
     * no-break space U+00A0), and unassigned or private code points. "experience" and "\\uFEFFexperience" look
     * the same on a screen; in a message they must not.
     *
     * @param text what a user gave
     * @return the text, safe to print in a message
     */
    public static String visible(String text) {
        var out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            boolean invisible = switch (Character.getType(codePoint)) {
                case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                     Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
                case Character.SPACE_SEPARATOR -> codePoint != ' ';
                default -> false;
            };
            if (!invisible) {
                out.appendCodePoint(codePoint);
            } else {
                // As Java writes it: a code point beyond U+FFFF as its two UTF-16 units.
                for (char unit : Character.toChars(codePoint)) {
                    out.append(String.format(Locale.ROOT, "\\u%04X", (int) unit));
                }
            }
        });
        return out.toString();
    }

    static String rangeProblem(String at, Feature feature, double value, String cell) {
        if (!Double.isFinite(value)) {
            return at + "\"" + visible(cell) + "\" is not a finite number";
        }
        if (!feature.accepts(value)) {
            return at + visible(cell) + " is outside the valid range " + feature.rangeText();
        }
        return null;
    }

    static String targetProblem(String at, Target target, DataSchema.TargetRange range, double value,
                                        String cell) {
        if (!Double.isFinite(value)) {
            return at + "\"" + visible(cell) + "\" is not a finite number";
        }
        String problem = range.problem(value, target);
        if (problem == null && !target.transform().accepts(value)) {
            problem = "is not above 0, and the schema file fits " + target.name() + " on the log scale (\"transform\":"
                    + " \"log\"), which needs every value above 0";
        }
        return problem == null ? null : at + visible(cell) + " " + problem;
    }

    static String sha256(Path file, String where) throws DataException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchFileException e) {
            throw new DataException(where + ": no such file");
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
