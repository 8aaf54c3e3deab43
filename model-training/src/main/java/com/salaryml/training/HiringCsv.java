package com.salaryml.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.salaryml.artifact.Feature;
import com.salaryml.artifact.FeatureSchema;
import com.salaryml.artifact.Target;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * Reads a hiring CSV: a header row, then one row per hire. Columns are found by header name, in any order;
 * extra columns are ignored. Every cell the model needs is checked against the schema's valid range.
 */
final class HiringCsv {

    /**
     * A decimal number as people write it in a spreadsheet: no Java suffixes ("7f", "5d"), no hex floats,
     * no "NaN" or "Infinity".
     */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");

    /** Problems reported at once; past this the data is clearly wrong as a whole. */
    private static final int MAX_PROBLEMS = 20;

    private HiringCsv() {
    }

    static Dataset read(Path file, FeatureSchema schema, Target target) throws DataException {
        String where = file.toString();
        String sha256 = sha256(file, where);
        List<String> needed = new ArrayList<>(schema.names());
        needed.add(target.name());

        var mapper = CsvMapper.builder()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .enable(CsvParser.Feature.TRIM_SPACES)
                .build();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader reader = new java.io.InputStreamReader(Files.newInputStream(file), decoder);
             MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(reader)) {
            if (!rows.hasNextValue()) {
                throw new DataException(where + ": the file is empty; expected a header row naming the columns "
                        + String.join(", ", needed));
            }
            String[] header = rows.nextValue();
            int[] index = columnIndexes(where, header, needed);

            var columns = new DoubleColumn[needed.size()];
            for (int j = 0; j < columns.length; j++) {
                columns[j] = new DoubleColumn();
            }
            var problems = new ArrayList<String>();
            int problemCount = 0;
            while (rows.hasNextValue()) {
                String[] row = rows.nextValue();
                // The token location: currentLocation() has already moved past the row's line break.
                long line = rows.getParser().currentTokenLocation().getLineNr();
                for (int j = 0; j < needed.size(); j++) {
                    String cell = index[j] < row.length ? row[index[j]].strip() : "";
                    String at = where + " line " + line + ", column '" + needed.get(j) + "': ";
                    String problem = null;
                    double value = Double.NaN;
                    if (cell.isEmpty()) {
                        problem = at + "the cell is blank; every row needs a number here";
                    } else {
                        try {
                            if (!DECIMAL.matcher(cell).matches()) {
                                throw new NumberFormatException(cell);
                            }
                            value = Double.parseDouble(cell);
                            problem = j < schema.size()
                                    ? rangeProblem(at, schema.features().get(j), value, cell)
                                    : targetProblem(at, target, value, cell);
                        } catch (NumberFormatException e) {
                            problem = at + "\"" + cell + "\" is not a number";
                        }
                    }
                    if (problem != null) {
                        if (problemCount++ < MAX_PROBLEMS) {
                            problems.add(problem);
                        }
                    }
                    columns[j].add(value);
                }
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
            return new Dataset(file.getFileName().toString(), sha256, schema.names(), featureColumns,
                    columns[schema.size()].toArray());
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

    private static int[] columnIndexes(String where, String[] header, List<String> needed) throws DataException {
        var names = Arrays.stream(header).map(String::strip).toList();
        var problems = new ArrayList<String>();
        int[] index = new int[needed.size()];
        for (int j = 0; j < needed.size(); j++) {
            String name = needed.get(j);
            index[j] = names.indexOf(name);
            if (index[j] < 0) {
                problems.add(where + " line 1: missing column '" + name + "'; the header has " + String.join(", ", names));
            } else if (names.lastIndexOf(name) != index[j]) {
                problems.add(where + " line 1: column '" + name + "' appears more than once in the header");
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
        return index;
    }

    private static String rangeProblem(String at, Feature feature, double value, String cell) {
        if (!Double.isFinite(value)) {
            return at + "\"" + cell + "\" is not a finite number";
        }
        if (!feature.accepts(value)) {
            return at + cell + " is outside the valid range " + feature.rangeText();
        }
        return null;
    }

    private static String targetProblem(String at, Target target, double value, String cell) {
        if (!Double.isFinite(value)) {
            return at + "\"" + cell + "\" is not a finite number";
        }
        if (value < 0) {
            return at + cell + " is negative; " + target.name() + " is in " + target.unit() + " and cannot be negative";
        }
        return null;
    }

    private static String sha256(Path file, String where) throws DataException {
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

    /** A growable array of doubles; a boxed list would cost 20 bytes a value at a million rows. */
    private static final class DoubleColumn {
        private double[] values = new double[1024];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
