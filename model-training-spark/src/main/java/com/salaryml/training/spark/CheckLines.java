package com.salaryml.training.spark;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataSchema;
import com.salaryml.training.HiringCsv;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * Checks a CSV file's lines, in a Spark task: each data line becomes a row holding its values (a category as its
 * level's code, a missing cell as NaN), its problems, or, with {@code --drop-incomplete}, the line it was left out
 * from. The header (line 1) and blank lines give nothing.
 */
final class CheckLines implements FlatMapFunction<Iterator<Tuple2<String, Long>>, Row> {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String delimiter;
    private final boolean decimalComma;
    private final byte[] schemaBytes;
    private final String schemaWhere;
    private final int[] index;
    private final int headerCells;
    private final boolean dropIncomplete;
    /** How a row left out is named before its line number: nothing for one file, the file's name for several. */
    private final String dropPrefix;

    CheckLines(String where, String delimiter, boolean decimalComma, byte[] schemaBytes, String schemaWhere,
               int[] index, int headerCells, boolean dropIncomplete, String dropPrefix) {
        this.where = where;
        this.delimiter = delimiter;
        this.decimalComma = decimalComma;
        this.schemaBytes = schemaBytes;
        this.schemaWhere = schemaWhere;
        this.index = index;
        this.headerCells = headerCells;
        this.dropIncomplete = dropIncomplete;
        this.dropPrefix = dropPrefix;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<String, Long>> lines) throws Exception {
        var format = new CsvFormat(CsvFormat.Delimiter.parse(delimiter), decimalComma);
        DataSchema schema = DataSchema.parse(schemaBytes, schemaWhere);
        var reader = reader(format.delimiter().character());
        double[] values = new double[index.length];
        // One row at a time, as Spark asks for them: a partition's rows are never all in the heap at once.
        return new Iterator<>() {
            private Row next = advance();

            private Row advance() {
                while (lines.hasNext()) {
                    Tuple2<String, Long> line = lines.next();
                    long number = line._2() + 1;
                    if (number == 1 || line._1().isBlank()) {
                        continue;
                    }
                    return check(line._1(), number);
                }
                return null;
            }

            private Row check(String line, long number) {
                String[] row;
                if (line.indexOf('"') < 0) {
                    // No quotes: the cells are what lies between the delimiters, as the CSV parser would
                    // find, for a fraction of its cost per line.
                    row = split(line, format.delimiter().character());
                } else {
                    try (MappingIterator<String[]> parsed = reader.readValues(line)) {
                        row = parsed.hasNextValue() ? parsed.nextValue() : new String[0];
                    } catch (IOException e) {
                        return RowFactory.create(null, new String[] {where + " line " + number
                                + ": not a readable CSV: " + e.getMessage()}, null);
                    }
                }
                var problems = new ArrayList<String>(0);
                HiringCsv.checkRow(where, number, format, schema, dropIncomplete, index, headerCells, row, values,
                        problems);
                if (!problems.isEmpty()) {
                    return RowFactory.create(null, problems.toArray(String[]::new), null);
                }
                if (dropIncomplete && incomplete(values)) {
                    return RowFactory.create(null, null, dropPrefix + number);
                }
                return RowFactory.create(values.clone(), null, null);
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                Row row = next;
                next = advance();
                return row;
            }
        };
    }

    private static boolean incomplete(double[] values) {
        for (double value : values) {
            if (Double.isNaN(value)) {
                return true;
            }
        }
        return false;
    }

    static com.fasterxml.jackson.databind.ObjectReader reader(char delimiter) {
        var mapper = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.TRIM_SPACES).build();
        return mapper.readerFor(String[].class).with(CsvSchema.emptySchema().withColumnSeparator(delimiter));
    }

    /** The cells of an unquoted line, trailing empty ones included, each without surrounding spaces. */
    static String[] split(String line, char delimiter) {
        var cells = new ArrayList<String>();
        int start = 0;
        for (int at = line.indexOf(delimiter); at >= 0; at = line.indexOf(delimiter, start)) {
            cells.add(line.substring(start, at).strip());
            start = at + 1;
        }
        cells.add(line.substring(start).strip());
        return cells.toArray(String[]::new);
    }
}
