package com.salaryml.training;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Predictor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The training command: reads the schema file and the training CSV, fits the model, prints how well it fits,
 * writes the review report, and, if the model passes the approval gate, the versioned model file and model JAR.
 * Exits 0 on success, 1 when the data, the gate or the output stops it, 2 for a wrong command line.
 * When it fails, no model file or JAR is written.
 */
public final class TrainCommand {

    /** The exit status of a command that did what it was asked. */
    public static final int OK = 0;
    /** The exit status when the data, the approval gate or the output stopped the command. */
    public static final int FAILED = 1;
    /** The exit status of a wrong command line. */
    public static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    /**
     * Where the database user and password and {@code SOURCE_DATE_EPOCH} are read from: the process's environment,
     * or a test's.
     */
    private final java.util.Map<String, String> environment;
    /** When start-up began, by {@link System#nanoTime()}: the JVM's start if it was started for this command. */
    private final long startedNanos;
    private final boolean startIncludesJvm;

    TrainCommand(PrintStream out, PrintStream err) {
        this(out, err, System.getenv());
    }

    TrainCommand(PrintStream out, PrintStream err, java.util.Map<String, String> environment) {
        this(out, err, environment, System.nanoTime(), false);
    }

    TrainCommand(PrintStream out, PrintStream err, long startedNanos, boolean startIncludesJvm) {
        this(out, err, System.getenv(), startedNanos, startIncludesJvm);
    }

    private TrainCommand(PrintStream out, PrintStream err, java.util.Map<String, String> environment,
                         long startedNanos, boolean startIncludesJvm) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.startedNanos = startedNanos;
        this.startIncludesJvm = startIncludesJvm;
    }

    public static void main(String[] args) {
        long now = System.nanoTime();
        System.setProperty("java.awt.headless", "true");
        // Through exec:java the JVM is Maven's and started long before, maybe a whole build before: start-up
        // then counts from here. Started as `java ... TrainCommand`, it counts from the JVM's start.
        String command = System.getProperty("sun.java.command", "");
        boolean ownJvm = command.equals(TrainCommand.class.getName())
                || command.startsWith(TrainCommand.class.getName() + " ");
        long started = ownJvm ? now - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L : now;
        int status;
        try {
            status = new TrainCommand(System.out, System.err, started, ownJvm).run(List.of(args));
        } catch (OutOfMemoryError e) {
            // The data and its copies for the fit are gone with the stack: there is room again to say so.
            System.err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
            status = FAILED;
        }
        if (status != OK) {
            // The message is printed; the exit status is all that is left to say. Through exec:java this ends
            // Maven's JVM too, so Maven adds nothing after the message (model-training/pom.xml).
            System.exit(status);
        }
    }

    /** What to do when the data does not fit in the heap: more heap, or the Spark trainer. */
    static String outOfMemory(long maxHeapBytes) {
        return "Training failed; nothing was written.\nerror: the data and its fit do not fit in this JVM's heap ("
                + maxHeapBytes / (1024 * 1024) + " MiB): this trainer holds every row in memory, about 800 MiB per"
                + " million rows of three features. Give it more heap (MAVEN_OPTS=-Xmx8g for mvn exec:java, -Xmx8g"
                + " for java), or train on Spark, which keeps the rows out of the heap:"
                + " mvn -pl model-training-spark exec:java -Dexec.args=\"--data ...\" (docs/scaling.md)";
    }

    int run(List<String> args) {
        if (!args.isEmpty() && args.get(0).equals("sign")) {
            return new SignCommand(out, err, System.getenv(), System.console(), java.time.Clock.systemUTC())
                    .run(args.subList(1, args.size()));
        }
        if (!args.isEmpty() && args.get(0).equals("schema")) {
            return new SchemaCommand(out, err).run(args.subList(1, args.size()));
        }
        if (!args.isEmpty() && args.get(0).equals("promote")) {
            return new PromoteCommand(out, err, System.getenv(), java.time.Clock.systemUTC())
                    .run(args.subList(1, args.size()));
        }
        TrainingOptions options;
        try {
            options = TrainingOptions.parse(args, home());
        } catch (TrainingOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(TrainingOptions.USAGE);
            return USAGE;
        }
        if (options == null) {
            out.print(TrainingOptions.USAGE);
            return OK;
        }
        String databaseUser = environment.get(TrainingOptions.DATABASE_USER);
        if (options.fromDatabase() != null && (databaseUser == null || databaseUser.isBlank())) {
            err.println("error: --from-database reads the database as the user named in the environment variable "
                    + TrainingOptions.DATABASE_USER + ", which is not set; set it, and the password in "
                    + TrainingOptions.DATABASE_PASSWORD + " (a user that may only read the record will do)");
            return USAGE;
        }
        LocalDateTime trainedAt;
        try {
            // Before the data is read: a mistake in the environment should not cost a read of millions of rows.
            trainedAt = LocalDateTime.ofInstant(TrainingTime.of(environment, Clock.systemUTC()), ZoneOffset.UTC);
        } catch (TrainingTime.InvalidSourceDateEpochException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        // What only a person at a terminal needs; --quiet, as the build uses, keeps it out of a build log.
        PrintStream detail = options.quiet() ? new PrintStream(OutputStream.nullOutputStream()) : out;
        try {
            Predictor previous = options.compareTo() == null ? null : ModelLoader.load(options.compareTo());
            Dataset data;
            var recorded = new java.util.TreeMap<>(options.recorded());
            DataSchema schema;
            if (options.fromDatabase() != null) {
                schema = DataSchema.read(options.schema());
                DatabaseSelection selection = options.fromDatabase();
                DatabaseData.Read read = DatabaseData.read(selection, databaseUser.strip(),
                        environment.get(TrainingOptions.DATABASE_PASSWORD), schema, options.dropIncomplete());
                data = read.dataset();
                // What was read, exactly: the query and who ran it, and the rows' count and digest, which find the
                // same rows again while they exist (docs/training.md says how to recompute the digest).
                recorded.put("from_database.user", databaseUser.strip());
                recorded.put("from_database.query", read.query());
                recorded.put("from_database.rows", Long.toString(read.rows()));
                recorded.put("from_database.sha256", read.sha256());
                detail.println("Read " + selection.url() + " (" + selection.describe() + "): "
                        + String.format(Locale.US, "%,d", read.rows()) + " predictions with their outcomes, SHA-256 "
                        + read.sha256());
            } else if (options.fromProduction()) {
                schema = DataSchema.read(options.schema());
                OutcomeData.Read read = OutcomeData.readWithSources(options.fromLogs(), options.outcomes(), schema,
                        options.dropIncomplete());
                data = read.dataset();
                // Which log and outcome files, exactly: each one's digest, so the training data can be found again.
                recorded.put("from_log.sha256", String.join(",", read.sources().logDigests()));
                recorded.put("outcomes.sha256", read.sources().outcomesDigest());
                detail.println("Read " + options.outcomes() + " joined with " + options.fromLogs().size()
                        + " prediction log file" + (options.fromLogs().size() == 1 ? "" : "s") + ": "
                        + String.format(Locale.US, "%,d", data.rows()) + " rows, SHA-256 " + data.sha256());
                if (read.byRequestId() > 0) {
                    // Said even with --quiet: these rows are only as trustworthy as the callers' request ids.
                    out.println("Note: " + String.format(Locale.US, "%,d", read.byRequestId()) + " outcome"
                            + (read.byRequestId() == 1 ? " was" : "s were") + " joined by request id, as written"
                            + " before outcome keys (record version 1); a caller who reused a request id could"
                            + " have had its prediction take another's outcome (docs/prediction-log.md).");
                }
            } else {
                HiringCsv.requireExists(options.data());
                schema = DataSchema.read(options.schema());
                data = HiringCsv.read(options.data(), options.csv(), schema, options.dropIncomplete());
                detail.println("Read " + options.data() + ": " + String.format(Locale.US, "%,d", data.rows())
                        + " rows, SHA-256 " + data.sha256());
            }
            if (options.dropIncomplete()) {
                // Said even with --quiet: the model learned from fewer rows than the file holds.
                out.println(dropped(data, options.fromDatabase() != null ? "result row" : "line"));
            }
            var provenance = ProvenanceRecorder.record(home(), recorded, trainedAt);
            Collinearity collinearity = Collinearity.before(data, schema, options.fit(), detail, err);
            Trainer.warmUp(schema.features(), schema.target(), options.fit(), provenance);
            long fitting = System.nanoTime();
            Trainer.Fitted fit = Trainer.fitWithSmile(data, Declared.of(schema), schema.model(), options.version(),
                    options.fit(), provenance);
            Model model = fit.model();
            long fitted = System.nanoTime();
            FamilyComparison families = !options.compareFamilies() ? null
                    : FamilyComparison.run(data, Declared.of(schema), options.fit());
            long comparing = families == null ? 0 : Math.round(families.seconds() * 1e9);
            String source = options.fromDatabase() != null ? options.fromDatabase().url()
                    : (options.fromProduction() ? options.outcomes() : options.data()).toString();
            var measured = ApprovalGate.Measured.of(model, fit.heldOut(), data.target());
            return new FitReview(out, err, startedNanos, startIncludesJvm).review(options, detail, model, measured,
                    schema.examples(), previous, data, data.rows(), source, families, collinearity, fitting, fitted,
                    comparing);
        } catch (ModelLoadException | DataException | PublishException e) {
            return FitReview.failed(err, e);
        }
    }

    /** What {@code --drop-incomplete} left out, as R's {@code lm} would: how many rows, and their lines. */
    static String dropped(Dataset data) {
        return dropped(data, "line");
    }

    /** @param place what a dropped row's number counts: a file's {@code line}, or a query's {@code result row} */
    static String dropped(Dataset data, String place) {
        Dataset.Dropped dropped = data.dropped();
        if (dropped.count() == 0) {
            return "--drop-incomplete: no row has a blank or NA cell in a column the model reads; none left out.";
        }
        int shown = Math.min(10, dropped.count());
        var lines = new java.util.ArrayList<String>(shown);
        for (int i = 0; i < shown; i++) {
            lines.add(Long.toString(dropped.lines()[i]));
        }
        return String.format(Locale.US, "--drop-incomplete left out %,d of %,d rows, each with a blank or NA cell in"
                        + " a column the model reads, as R's lm does (na.omit): %s%s %s%s.", dropped.count(),
                dropped.count() + data.rows(), place, dropped.count() == 1 ? "" : "s", String.join(", ", lines),
                dropped.count() > shown ? ", …" : "");
    }

    /**
     * The folder default paths are relative to: the project root when Maven tells us where that is
     * ({@code salary.home}), else the working directory.
     *
     * @return the folder
     */
    public static Path home() {
        String home = System.getProperty("salary.home");
        return home == null ? Path.of("") : Path.of(home);
    }

    /**
     * When the model this process trains was trained: {@link TrainingTime} read from the process's environment, that
     * is {@code SOURCE_DATE_EPOCH} if it is set, else now.
     *
     * @return the time in UTC, to the second
     * @throws DataException if {@code SOURCE_DATE_EPOCH} is set to anything but whole seconds; the message names it
     */
    public static LocalDateTime trainingTime() throws DataException {
        try {
            return LocalDateTime.ofInstant(TrainingTime.of(System.getenv(), Clock.systemUTC()), ZoneOffset.UTC);
        } catch (TrainingTime.InvalidSourceDateEpochException e) {
            // The trainers' callers report a DataException as a refusal with its message and no stack trace.
            throw new DataException(e.getMessage());
        }
    }
}
