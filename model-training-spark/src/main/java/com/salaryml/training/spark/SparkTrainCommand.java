package com.salaryml.training.spark;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Predictor;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.FitReview;
import com.salaryml.training.HiringCsv;
import com.salaryml.training.ProvenanceRecorder;
import com.salaryml.training.PublishException;
import com.salaryml.training.TrainCommand;
import com.salaryml.training.TrainingOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The training command on Spark: the Smile trainer's command ({@link TrainCommand}), with the data read, checked
 * and fitted by Spark, so that it may be larger than one machine's memory and live on any file system Hadoop
 * reads (HDFS, S3, ...). It writes the same model file, model JAR and review report, behind the same approval
 * gate; the served model does not know which trainer made it.
 *
 * <p>Run locally through Maven ({@code mvn -pl model-training-spark exec:java}), or on a cluster with
 * {@code spark-submit} and the application JAR this module builds (docs/scaling.md).
 */
public final class SparkTrainCommand {

    /** The review report plots and explains at most this many rows, a seeded sample, drawn to the driver. */
    static final int SAMPLE_ROWS = 10_000;

    /** The sample's seed: the same data gives the same report. */
    private static final long SAMPLE_SEED = 42;

    static final String USAGE = """
            Usage: mvn -pl model-training-spark exec:java -Dexec.args="[options]"
               or: spark-submit --class %s model-training-spark-<version>-app.jar [options]

            Trains a model on Spark, for data larger than one machine's memory, and writes the same
            model file, model JAR and review report as the Smile trainer (mvn -pl model-training
            exec:java), behind the same approval gate, from the same schema file: categories, missing
            cells filled in or left out (--drop-incomplete) and a log target as there. ols, ridge and
            lasso are fitted by MLlib's LinearRegression, gbm and random-forest by its GBTRegressor and
            RandomForestRegressor, splitting on sets of a category's levels (docs/scaling.md says how
            the tree settings carry over).

            Spark options:
              --data LOCATION      a CSV or Parquet file, or a folder of them (Spark's part files),
                                   as a path or any Hadoop file system URI: hdfs://..., s3a://...
                                   (default: data/hiring.csv in the project)
              --format F           csv or parquet (default: parquet for .parquet names, else csv)
              --master URL         the Spark master (default: spark-submit's, else local[*])
              --schema FILE        the schema file, on the driver's file system; needed when the data
                                   is not a local file (default: beside the data)

            Every other option is the Smile trainer's, and training.properties is read the same way:
            """.formatted(SparkTrainCommand.class.getName());

    private final PrintStream out;
    private final PrintStream err;

    SparkTrainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // Before Spark starts: its start-up alone logs hundreds of lines at INFO under spark-submit's defaults.
        SparkLogging.quietUnlessConfigured();
        int status = new SparkTrainCommand(System.out, System.err).run(List.of(args));
        // Always, success too: Spark leaves thread pools and shutdown hooks behind. Through exec:java they would
        // outlive the class loader Maven closes after main, and print warnings and stack traces after the
        // command's last line; exiting here runs the hooks while their classes can still be loaded.
        System.exit(status);
    }

    /** The options only this command has, and the rest for {@link TrainingOptions}. */
    record SparkOptions(String data, SparkTrainingData.Format format, String master, List<String> rest) {
    }

    static SparkOptions sparkOptions(List<String> args) throws TrainingOptions.UsageException {
        String data = null;
        SparkTrainingData.Format format = null;
        String master = null;
        boolean schemaGiven = false;
        var rest = new ArrayList<String>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--data" -> data = value(args, ++i, arg);
                case "--format" -> {
                    String text = value(args, ++i, arg);
                    try {
                        format = SparkTrainingData.Format.valueOf(text.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new TrainingOptions.UsageException("--format \"" + HiringCsv.visible(text)
                                + "\" is not a format; choose csv or parquet");
                    }
                }
                case "--master" -> master = value(args, ++i, arg);
                case "--from-log", "--outcomes" -> throw new TrainingOptions.UsageException(arg + " trains from the"
                        + " app's prediction log, which the Smile trainer reads (mvn -pl model-training exec:java);"
                        + " give the Spark trainer --data");
                case "--compare-families" -> throw new TrainingOptions.UsageException("--compare-families runs"
                        + " in the Smile trainer (mvn -pl model-training exec:java)");
                default -> {
                    if (arg.equals("--schema")) {
                        schemaGiven = true;
                    }
                    rest.add(arg);
                }
            }
        }
        if (data != null && !local(data) && !schemaGiven) {
            throw new TrainingOptions.UsageException("--data " + data + " is not on the local file system, so the"
                    + " schema file cannot be found beside it; name it with --schema FILE");
        }
        if (data != null) {
            rest.add("--data");
            rest.add(local(data) ? localPath(data).toString() : data);
        }
        return new SparkOptions(data, format, master, List.copyOf(rest));
    }

    private static String value(List<String> args, int i, String option) throws TrainingOptions.UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new TrainingOptions.UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    /** Whether a location names a file on this machine: a plain path, or a file: URI. */
    static boolean local(String location) {
        try {
            String scheme = new URI(location).getScheme();
            return scheme == null || scheme.equals("file") || scheme.length() == 1; // C: on Windows
        } catch (URISyntaxException e) {
            return true;
        }
    }

    /**
     * The data's location as the model's provenance records it: an absolute URI, which names the same data
     * whatever folder the driver was started in ({@code file:///lake/gen2m/}, not {@code data/gen2m}); a Hadoop
     * file system's URI as given.
     */
    static String dataUri(String location) {
        return local(location) ? localPath(location).toAbsolutePath().normalize().toUri().toString() : location;
    }

    private static Path localPath(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    int run(List<String> args) {
        SparkOptions spark;
        TrainingOptions options;
        try {
            spark = sparkOptions(args);
            options = TrainingOptions.parse(spark.rest(), TrainCommand.home());
        } catch (TrainingOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(USAGE);
            err.print(TrainingOptions.USAGE);
            return TrainCommand.USAGE;
        }
        if (options == null) {
            out.print(USAGE);
            out.print(TrainingOptions.USAGE);
            return TrainCommand.OK;
        }
        PrintStream detail = options.quiet() ? new PrintStream(OutputStream.nullOutputStream()) : out;
        long started = System.nanoTime();
        String location = spark.data() != null ? spark.data() : options.data().toString();
        SparkSessions.Started session = null;
        SparkTrainingData data = null;
        try {
            Predictor previous = options.compareTo() == null ? null : ModelLoader.load(options.compareTo());
            byte[] schemaBytes;
            try {
                schemaBytes = Files.readAllBytes(options.schema());
            } catch (NoSuchFileException e) {
                throw new DataException(options.schema() + ": no such file. The schema file declares the data's"
                        + " target and features (see docs/training.md): write it beside the data, or name it with"
                        + " --schema FILE");
            } catch (IOException e) {
                throw new DataException(options.schema() + ": cannot be read: " + e.getMessage());
            }
            DataSchema schema = DataSchema.parse(schemaBytes, options.schema().toString());
            session = SparkSessions.start(spark.master());
            data = SparkTrainingData.read(session.spark(), location, spark.format(), options.csv(), schema, schemaBytes,
                    options.schema().toString(), options.dropIncomplete());
            detail.println("Read " + location + " with Spark " + session.spark().version() + ": "
                    + String.format(Locale.US, "%,d", data.count()) + " rows, SHA-256 " + data.sha256());
            if (options.dropIncomplete()) {
                // Said even with --quiet, as the Smile trainer says it: the model learned from fewer rows than the
                // data holds.
                out.println(data.dropped().message(data.count()));
            }
            var recorded = new TreeMap<>(options.recorded());
            recorded.put("data", dataUri(location));
            recorded.put("data.sha256", String.join(",", data.digests()));
            recorded.put("trainer", "spark");
            var provenance = ProvenanceRecorder.record(TrainCommand.home(), recorded, TrainCommand.trainingTime())
                    .withSparkVersion(session.spark().version());
            long fitting = System.nanoTime();
            Model model = SparkTrainers.fit(data, schema, options.version(), options.fit(), provenance);
            long fitted = System.nanoTime();
            com.salaryml.training.Dataset sample = sample(data, schema);
            return new FitReview(out, err, started, false).review(options, detail, model, schema.examples(),
                    previous, sample, data.count(), location, fitting, fitted);
        } catch (ModelLoadException | DataException | PublishException e) {
            return FitReview.failed(err, e);
        } finally {
            if (data != null) {
                data.release();
            }
            if (session != null) {
                session.close();
            }
        }
    }

    /**
     * The rows the review report plots and the comparison looks at, on the driver: all of them up to
     * {@value #SAMPLE_ROWS}, else a seeded random sample of about that many, in the data's order.
     */
    static com.salaryml.training.Dataset sample(SparkTrainingData data, DataSchema schema) {
        Dataset<Row> rows = data.rows();
        if (data.count() > SAMPLE_ROWS) {
            // Each row with the same chance, so about that many: cutting a larger sample short would favour the rows
            // in the first partitions.
            rows = rows.sample(false, (double) SAMPLE_ROWS / data.count(), SAMPLE_SEED);
        }
        List<Row> collected = rows.orderBy(functions.col(SparkTrainingData.ROW)).collectAsList();
        int p = schema.features().size();
        double[][] columns = new double[p][collected.size()];
        double[] target = new double[collected.size()];
        for (int i = 0; i < collected.size(); i++) {
            Row row = collected.get(i);
            for (int j = 0; j < p; j++) {
                columns[j][i] = row.getDouble(j);
            }
            target[i] = row.getDouble(p);
        }
        return new com.salaryml.training.Dataset(data.file(), data.sha256(), schema.features().names(), columns,
                target);
    }
}
