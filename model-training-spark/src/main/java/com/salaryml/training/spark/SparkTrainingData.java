package com.salaryml.training.spark;

import com.fasterxml.jackson.databind.MappingIterator;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataChecks;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.HiringCsv;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Training data read by Spark, checked as the Smile trainer checks it, and kept by Spark (in memory, spilling to
 * disk) for the passes the fit makes over it. Nothing of it is collected to the driver.
 *
 * <p>A CSV is checked line by line with the Smile trainer's own checks ({@link HiringCsv#checkRow}), so a bad
 * cell gets the same message, naming the file, the line and the column (an undeclared level too, with the value
 * and the declared levels). A category is read as its level's code, a blank or {@code NA} cell that the schema
 * fills in as NaN; with {@code --drop-incomplete} a row with such a cell in a column the model reads is left out
 * before the rows are numbered, as the Smile trainer leaves it out. A Parquet file is checked row by row: a
 * missing, non-numeric, non-finite or out-of-range value is named by file, row (from 1) and column; it holds
 * numbers only.
 *
 * <p>Each row gets its place in the data, counted from 0 in the order of the files' names and, within a file,
 * of its lines or rows: the same order the Smile trainer reads a single CSV in, so that both shuffle the same
 * rows into the same cross-validation folds.
 *
 * @param rows     the rows: one double column per feature and one for the target, named as the schema names them,
 *                 and {@value #ROW} (long), the row's place in the data
 * @param count    how many rows
 * @param file     the data as the model file names it: the file's name, or the folder's with the files' count
 * @param sha256   the SHA-256 of the file's bytes; for several files, of their names and digests, one per line
 * @param digests  each input file's name and SHA-256, for the provenance
 * @param dropped  the rows {@code --drop-incomplete} left out
 */
record SparkTrainingData(Dataset<Row> rows, long count, String file, String sha256, List<String> digests,
                         Dropped dropped) {

    /**
     * The rows {@code --drop-incomplete} left out: how many, and where the first {@value #SHOWN} are, as the Smile
     * trainer names them.
     *
     * @param count how many rows were left out
     * @param first the first of them, in the data's order: the line, or for several files the file and the line
     */
    record Dropped(long count, List<String> first) {

        /** How many of the rows left out a message names. */
        static final int SHOWN = 10;

        static final Dropped NONE = new Dropped(0, List.of());

        Dropped {
            first = List.copyOf(first);
        }

        /** What {@code --drop-incomplete} left out, in the words of the Smile trainer's command. */
        String message(long kept) {
            if (count == 0) {
                return "--drop-incomplete: no row has a blank or NA cell in a column the model reads; none left out.";
            }
            return String.format(Locale.US, "--drop-incomplete left out %,d of %,d rows, each with a blank or NA cell"
                            + " in a column the model reads, as R's lm does (na.omit): line%s %s%s.", count,
                    count + kept, count == 1 ? "" : "s", String.join(", ", first), count > first.size() ? ", …" : "");
        }
    }

    /** The column holding each row's place in the data. */
    static final String ROW = "_row";

    /** The formats the trainer reads. */
    enum Format {
        CSV, PARQUET;

        /** Parquet if the location's name ends in .parquet, or a folder holds .parquet files; CSV otherwise. */
        static Format guess(String location, List<FileStatus> files) {
            if (location.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                return PARQUET;
            }
            boolean parquet = !files.isEmpty() && files.stream()
                    .allMatch(f -> f.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".parquet"));
            return parquet ? PARQUET : CSV;
        }
    }

    /** Lets go of the cached rows. */
    void release() {
        rows.unpersist();
    }

    /**
     * Reads the data at {@code location}: a file, or a folder of files (those whose names start with '.' or '_',
     * such as Spark's _SUCCESS, are skipped), on any file system Hadoop knows.
     *
     * @param format the format, or {@code null} to tell it from the names
     */
    static SparkTrainingData read(SparkSession spark, String location, Format format, CsvFormat csv,
                                  DataSchema schema, byte[] schemaBytes, String schemaWhere) throws DataException {
        return read(spark, location, format, csv, schema, schemaBytes, schemaWhere, false);
    }

    /**
     * As {@link #read(SparkSession, String, Format, CsvFormat, DataSchema, byte[], String)}, leaving out each row
     * with a blank or {@code NA} cell in a column the model reads if {@code dropIncomplete}.
     */
    static SparkTrainingData read(SparkSession spark, String location, Format format, CsvFormat csv,
                                  DataSchema schema, byte[] schemaBytes, String schemaWhere, boolean dropIncomplete)
            throws DataException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<FileStatus> files = list(location, hadoop);
        Format chosen = format != null ? format : Format.guess(location, files);
        var digests = new ArrayList<String>();
        for (FileStatus status : files) {
            digests.add(status.getPath().getName() + " " + sha256(status.getPath(), hadoop));
        }
        String sha256 = files.size() == 1 ? digests.get(0).substring(digests.get(0).lastIndexOf(' ') + 1)
                : sha256Of(String.join("\n", digests));
        String name = files.size() == 1 ? files.get(0).getPath().getName()
                : new Path(location).getName() + " (" + files.size() + " files)";
        var parsed = new ArrayList<Dataset<Row>>();
        Dataset<Row> rows;
        long count;
        Dropped[] dropped = {Dropped.NONE};
        if (chosen == Format.PARQUET && (!schema.isNumbersOnly() || dropIncomplete)) {
            throw new DataException(location + ": Parquet data is read as numbers that are all there; "
                    + parquetRefusal(schema, dropIncomplete) + " needs the data as CSV, as the schema file's levels"
                    + " and blank or NA cells are written there");
        }
        try {
            rows = chosen == Format.CSV
                    ? csv(spark, files, csv, schema, schemaBytes, schemaWhere, parsed, dropIncomplete, dropped)
                    : parquet(spark, files, schema);
            rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
            count = rows.count();
        } finally {
            // The checked lines were kept only until the numbered rows are: each line is parsed once.
            parsed.forEach(Dataset::unpersist);
        }
        if (count == 0 && dropped[0].count() > 0) {
            rows.unpersist();
            throw new DataException(location + ": every one of its " + dropped[0].count() + " data rows has a blank"
                    + " or NA cell in a column the model reads, so --drop-incomplete leaves nothing to train on");
        }
        if (count == 0) {
            rows.unpersist();
            throw new DataException(location + ": no data rows; expected a header row and then one row per example");
        }
        return new SparkTrainingData(rows, count, name, sha256, List.copyOf(digests), dropped[0]);
    }

    /** What a Parquet file cannot hold for this schema, by name. */
    private static String parquetRefusal(DataSchema schema, boolean dropIncomplete) {
        var needs = new ArrayList<String>();
        for (int j = 0; j < schema.features().size(); j++) {
            var feature = schema.features().features().get(j);
            if (feature.isCategorical()) {
                needs.add("categorical feature " + feature.name());
            }
            if (schema.missing().get(j) != com.salaryml.artifact.schema.Missing.Rule.REFUSE) {
                needs.add("\"missing\": \"" + schema.missing().get(j).id() + "\" for " + feature.name());
            }
        }
        if (schema.target().transform() != com.salaryml.artifact.schema.Target.Transform.NONE) {
            needs.add("\"transform\": \"" + schema.target().transform().id() + "\"");
        }
        if (dropIncomplete) {
            needs.add("--drop-incomplete");
        }
        return String.join(", ", needs);
    }

    /** The files at {@code location}, sorted by name; fails naming the location if there are none. */
    static List<FileStatus> list(String location, Configuration hadoop) throws DataException {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(hadoop);
            FileStatus status = fs.getFileStatus(path);
            var files = new ArrayList<FileStatus>();
            if (status.isDirectory()) {
                for (FileStatus child : fs.listStatus(path)) {
                    String name = child.getPath().getName();
                    if (child.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                        files.add(child);
                    }
                }
                files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
                if (files.isEmpty()) {
                    throw new DataException(location + ": the folder holds no data files");
                }
            } else {
                files.add(status);
            }
            return files;
        } catch (FileNotFoundException e) {
            throw new DataException(location + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException(location + ": cannot be read: " + e.getMessage());
        }
    }

    private static String sha256(Path file, Configuration hadoop) throws DataException {
        try (InputStream in = new DigestInputStream(file.getFileSystem(hadoop).open(file), digest())) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // reading is what updates the digest
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static String sha256Of(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The columns every reader produces: the features, the target, the row's place. */
    static StructType structure(DataSchema schema) {
        var fields = new ArrayList<StructField>();
        for (String name : schema.features().names()) {
            fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField(schema.target().name(), DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
        return DataTypes.createStructType(fields);
    }

    // ---- CSV ----------------------------------------------------------------------------------------------

    private static Dataset<Row> csv(SparkSession spark, List<FileStatus> files, CsvFormat format, DataSchema schema,
                                    byte[] schemaBytes, String schemaWhere, List<Dataset<Row>> cached,
                                    boolean dropIncomplete, Dropped[] dropped) throws DataException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        var jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // The CSV's headers: a feature's own name, or the column the schema file names for it.
        List<String> needed = schema.columns().all();
        JavaRDD<Row> checked = null;
        for (FileStatus status : files) {
            String where = where(status.getPath());
            Header header = header(status.getPath(), hadoop, format, needed, where);
            var check = new CheckLines(where, format.delimiter().id(), format.decimalComma(), schemaBytes, schemaWhere,
                    header.index(), header.cells(), dropIncomplete,
                    files.size() == 1 ? "" : status.getPath().getName() + " line ");
            JavaPairRDD<String, Long> lines = jsc.textFile(status.getPath().toString()).zipWithIndex();
            JavaRDD<Row> fileRows = lines.mapPartitions(check);
            checked = checked == null ? fileRows : checked.union(fileRows);
        }
        var problemStructure = DataTypes.createStructType(List.of(
                DataTypes.createStructField("values", DataTypes.createArrayType(DataTypes.DoubleType), true),
                DataTypes.createStructField("problems", DataTypes.createArrayType(DataTypes.StringType), true),
                DataTypes.createStructField("dropped", DataTypes.StringType, true)));
        Dataset<Row> parsed = spark.createDataFrame(checked, problemStructure).persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(parsed);
        requireNoProblems(parsed.where(functions.col("problems").isNotNull()), files);
        if (dropIncomplete) {
            Dataset<Row> left = parsed.where(functions.col("dropped").isNotNull()).select("dropped");
            // take keeps the partitions' order, which is the files' and their lines'.
            List<String> first = left.javaRDD().take(Dropped.SHOWN).stream().map(row -> row.getString(0)).toList();
            dropped[0] = new Dropped(left.count(), first);
        }
        parsed = parsed.where(functions.col("values").isNotNull());
        // The data rows, in the files' order, numbered: the order the Smile trainer reads them in.
        JavaRDD<Row> values = parsed.select("values").javaRDD();
        JavaRDD<Row> numbered = values.zipWithIndex().map(SparkTrainingData::numbered);
        return spark.createDataFrame(numbered, structure(schema));
    }

    private static Row numbered(Tuple2<Row, Long> row) {
        List<Double> values = row._1().getList(0);
        Object[] cells = new Object[values.size() + 1];
        for (int j = 0; j < values.size(); j++) {
            cells[j] = values.get(j);
        }
        cells[values.size()] = row._2();

        return RowFactory.create(cells);
    }

    /** Fails with the first problems found, in file and line order, and how many there are in all. */
    private static void requireNoProblems(Dataset<Row> problemRows, List<FileStatus> files) throws DataException {
        List<Row> first = problemRows.select("problems").limit(HiringCsv.MAX_PROBLEMS).collectAsList();
        if (first.isEmpty()) {
            return;
        }
        var problems = new ArrayList<String>();
        for (Row row : first) {
            problems.addAll(row.getList(0));
        }
        long total = problemRows.select(functions.sum(functions.size(functions.col("problems"))))
                .first().getLong(0);
        if (problems.size() > HiringCsv.MAX_PROBLEMS) {
            problems.subList(HiringCsv.MAX_PROBLEMS, problems.size()).clear();
        }
        if (total > problems.size()) {
            problems.add("... and " + (total - problems.size()) + " more problems in "
                    + (files.size() == 1 ? where(files.get(0).getPath()) : files.size() + " files"));
        }
        throw new DataException(problems);
    }

    /** A file as messages name it: a local file by its path, any other by its URI. */
    static String where(Path path) {
        var uri = path.toUri();
        return "file".equals(uri.getScheme()) ? uri.getPath() : path.toString();
    }

    private record Header(int[] index, int cells) {
    }

    /** Reads and checks a CSV's header line, as the Smile trainer does, before any Spark job runs. */
    private static Header header(Path file, Configuration hadoop, CsvFormat format, List<String> needed,
                                 String where) throws DataException {
        String first;
        try (var reader = new BufferedReader(new InputStreamReader(file.getFileSystem(hadoop).open(file),
                StandardCharsets.UTF_8))) {
            first = reader.readLine();
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read: " + e.getMessage());
        }
        if (first == null || first.isBlank()) {
            throw new DataException(where + ": the file is empty; expected a header row naming the columns "
                    + String.join(", ", needed));
        }
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        String[] cells = cells(first, format.delimiter().character());
        int[] index = HiringCsv.columnIndexes(java.nio.file.Path.of(where), format, 1, cells, needed);
        return new Header(index, cells.length);
    }

    private static String[] cells(String line, char delimiter) throws DataException {
        try (MappingIterator<String[]> rows = CheckLines.reader(delimiter).readValues(line)) {
            return rows.hasNextValue() ? rows.nextValue() : new String[0];
        } catch (IOException e) {
            throw new DataException("not a readable CSV line: " + e.getMessage());
        }
    }

    // ---- Parquet ------------------------------------------------------------------------------------------

    private static Dataset<Row> parquet(SparkSession spark, List<FileStatus> files, DataSchema schema)
            throws DataException {
        String[] paths = files.stream().map(f -> f.getPath().toString()).toArray(String[]::new);
        Dataset<Row> raw;
        try {
            raw = spark.read().parquet(paths);
        } catch (RuntimeException e) {
            throw new DataException(String.join(", ", paths) + ": not a readable Parquet file: " + e.getMessage());
        }
        List<String> needed = new ArrayList<>(schema.features().names());
        needed.add(schema.target().name());
        // The file's own names: a feature's, or the column the schema file names for it.
        List<String> stored = schema.columns().all();
        var problems = new ArrayList<String>();
        String shown = files.size() == 1 ? where(files.get(0).getPath()) : files.size() + " Parquet files";
        for (String name : stored) {
            if (!List.of(raw.columns()).contains(name)) {
                problems.add(shown + ": missing column '" + name + "'; the file has " + String.join(", ", raw.columns()));
                continue;
            }
            DataType type = raw.schema().apply(name).dataType();
            if (!(type instanceof NumericType)) {
                problems.add(shown + ": column '" + name + "' holds " + type.simpleString() + ", not numbers");
            }
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
        // Local files as paths, as the CSV messages name them; any other file system by its URI.
        Column file = functions.regexp_replace(functions.col("_metadata.file_path"), "^file:(//)?", "");
        Column rowIndex = functions.col("_metadata.row_index");
        var columns = new ArrayList<Column>();
        for (int j = 0; j < needed.size(); j++) {
            columns.add(functions.col(stored.get(j)).cast(DataTypes.DoubleType).as(needed.get(j)));
        }
        columns.add(file.as("_file"));
        columns.add(rowIndex.as("_index"));
        Dataset<Row> typed = raw.select(columns.toArray(Column[]::new));
        requireNoProblems(parquetProblems(typed, schema), files);
        // Each file's rows follow those of the files before it, in the order of the names.
        List<Row> counts = typed.groupBy("_file").count().collectAsList();
        var offsets = new java.util.HashMap<String, Long>();
        var sorted = new ArrayList<>(counts);
        sorted.sort((a, b) -> new Path(a.getString(0)).getName().compareTo(new Path(b.getString(0)).getName()));
        long offset = 0;
        for (Row count : sorted) {
            offsets.put(count.getString(0), offset);
            offset += count.getLong(1);
        }
        Column start = functions.lit(0L);
        for (var entry : offsets.entrySet()) {
            start = functions.when(functions.col("_file").equalTo(entry.getKey()), entry.getValue()).otherwise(start);
        }
        var out = new ArrayList<Column>();
        for (String name : needed) {
            out.add(functions.col(name));
        }
        out.add(start.plus(functions.col("_index")).cast(DataTypes.LongType).as(ROW));
        return spark.createDataFrame(typed.select(out.toArray(Column[]::new)).javaRDD(), structure(schema));
    }

    /** One row per Parquet row with a problem, with its messages in the column {@code problems}. */
    private static Dataset<Row> parquetProblems(Dataset<Row> typed, DataSchema schema) {
        var messages = new ArrayList<Column>();
        List<String> names = new ArrayList<>(schema.features().names());
        names.add(schema.target().name());
        Column at = functions.concat(functions.col("_file"), functions.lit(" row "),
                functions.col("_index").plus(1).cast(DataTypes.StringType), functions.lit(", column '"));
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            Column value = functions.col(name);
            double min;
            double max;
            String range;
            if (j < schema.features().size()) {
                var feature = schema.features().features().get(j);
                min = feature.min();
                max = feature.max();
                range = feature.rangeText();
            } else {
                min = schema.targetRange().min() == null ? Double.NEGATIVE_INFINITY : schema.targetRange().min();
                max = schema.targetRange().max() == null ? Double.POSITIVE_INFINITY : schema.targetRange().max();
                range = DataChecks.range(min, max);
            }
            Column prefix = functions.concat(at, functions.lit(name + "': "));
            messages.add(functions.when(value.isNull(),
                            functions.concat(prefix, functions.lit("the value is missing; every row needs a number here")))
                    .when(functions.isnan(value).or(value.equalTo(Double.POSITIVE_INFINITY))
                                    .or(value.equalTo(Double.NEGATIVE_INFINITY)),
                            functions.concat(prefix, value.cast(DataTypes.StringType),
                                    functions.lit(" is not a finite number")))
                    .when(value.lt(min).or(value.gt(max)),
                            functions.concat(prefix, value.cast(DataTypes.StringType),
                                    functions.lit(" is outside the valid range " + range))));
        }
        Column all = functions.filter(functions.array(messages.toArray(Column[]::new)), Column::isNotNull);
        return typed.select(all.as("problems"), functions.col("_file"), functions.col("_index"))
                .where(functions.size(functions.col("problems")).gt(0))
                .orderBy("_file", "_index");
    }
}
