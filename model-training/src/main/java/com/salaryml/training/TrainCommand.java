package com.salaryml.training;

import com.salaryml.artifact.CoefficientStats;
import com.salaryml.artifact.CrossValidation;
import com.salaryml.artifact.Feature;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.ModelLoadException;
import com.salaryml.artifact.ModelLoader;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.UnitFormat;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training command: reads the schema file and the training CSV, fits the model, prints how well it fits,
 * writes the review report, and, if the model passes the approval gate, the versioned model file and model JAR.
 * Exits 0 on success, 1 when the data, the gate or the output stops it, 2 for a wrong command line.
 * When it fails, no model file or JAR is written.
 */
public final class TrainCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Stamped on JAR entries when the build gives no time: the earliest a ZIP can record, in UTC. */
    private static final LocalDateTime DEFAULT_ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    /**
     * From this many rows on, the time a fit takes grows with the rows and outweighs its fixed costs, so rows
     * per second says something about the data. Below, it would only measure those costs (and up to
     * {@value Trainer#LEAVE_ONE_OUT_MAX_ROWS} rows leave-one-out makes the time grow with the square of the rows).
     */
    static final int MIN_ROWS_FOR_RATE = 10_000;

    private final PrintStream out;
    private final PrintStream err;
    /** When start-up began, by {@link System#nanoTime()}: the JVM's start if it was started for this command. */
    private final long startedNanos;
    private final boolean startIncludesJvm;

    TrainCommand(PrintStream out, PrintStream err) {
        this(out, err, System.nanoTime(), false);
    }

    TrainCommand(PrintStream out, PrintStream err, long startedNanos, boolean startIncludesJvm) {
        this.out = out;
        this.err = err;
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
        // What only a person at a terminal needs; --quiet, as the build uses, keeps it out of a build log.
        PrintStream detail = options.quiet() ? new PrintStream(OutputStream.nullOutputStream()) : out;
        try {
            Predictor previous = options.compareTo() == null ? null : ModelLoader.load(options.compareTo());
            Dataset data;
            var recorded = new java.util.TreeMap<>(options.recorded());
            DataSchema schema;
            if (options.fromProduction()) {
                schema = DataSchema.read(options.schema());
                OutcomeData.Read read = OutcomeData.readWithSources(options.fromLogs(), options.outcomes(), schema);
                data = read.dataset();
                // Which log and outcome files, exactly: each one's digest, so the training data can be found again.
                recorded.put("from_log.sha256", String.join(",", read.sources().logDigests()));
                recorded.put("outcomes.sha256", read.sources().outcomesDigest());
                detail.println("Read " + options.outcomes() + " joined with " + options.fromLogs().size()
                        + " prediction log file" + (options.fromLogs().size() == 1 ? "" : "s") + ": "
                        + String.format(Locale.US, "%,d", data.rows()) + " rows, SHA-256 " + data.sha256());
            } else {
                HiringCsv.requireExists(options.data());
                schema = DataSchema.read(options.schema());
                data = HiringCsv.read(options.data(), options.csv(), schema);
                detail.println("Read " + options.data() + ": " + String.format(Locale.US, "%,d", data.rows())
                        + " rows, SHA-256 " + data.sha256());
            }
            var provenance = ProvenanceRecorder.record(home(), recorded, buildTime());
            Trainer.warmUp(schema.features(), schema.target(), options.fit(), provenance);
            long fitting = System.nanoTime();
            Model model = Trainer.fit(data, schema.features(), schema.target(), schema.model(), options.version(),
                    options.fit(), provenance);
            long fitted = System.nanoTime();
            FamilyComparison families = !options.compareFamilies() ? null
                    : FamilyComparison.run(data, schema.features(), schema.target(), options.fit());
            long comparing = families == null ? 0 : Math.round(families.seconds() * 1e9);
            String source = (options.fromProduction() ? options.outcomes() : options.data()).toString();
            return review(options, detail, model, schema.examples(), previous, data, data.rows(), source, families,
                    fitting, fitted, comparing);
        } catch (ModelLoadException e) {
            err.println("error: cannot compare with the previous model: " + e.getMessage());
            return FAILED;
        } catch (DataException e) {
            err.println("Training failed; nothing was written.");
            e.problems().forEach(problem -> err.println("error: " + problem));
            return FAILED;
        } catch (PublishException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    /**
     * What follows a fit, whichever trainer made it: prints the fit, compares it with the previous model,
     * writes the review report, applies the approval gate and, if the model passes, writes the model file and
     * JAR and says how to serve and sign it.
     *
     * @param data   the rows the review report plots and the comparison looks at: all of them, or a sample
     * @param rows   how many rows the model was trained on
     * @param source what the rows were read from, as the success line names it
     */
    int review(TrainingOptions options, PrintStream detail, Model model, Map<String, Double> examples,
               Predictor previous, Dataset data, long rows, String source, FamilyComparison families,
               long fitting, long fitted, long comparing) throws PublishException {
        report(detail, model, examples);
        ModelComparison comparison = previous == null ? null : ModelComparison.compare(previous, model, data);
        if (comparison != null) {
            printComparison(detail, comparison, model);
        }
        if (families != null) {
            // Asked for explicitly, so printed even with --quiet.
            families.print(out);
        }
        ModelPublisher.checkVersionFree(model, options.out(), options.overwrite());
        List<String> failures = options.gate().failures(model.metadata().metrics().crossValidation());
        Path report = ModelPublisher.writeReport(model,
                ReviewReport.render(model, data, options.gate(), failures, comparison, families), options.out());
        detail.println(cost(rows, fitting - startedNanos, fitted - fitting,
                System.nanoTime() - fitted - comparing, startIncludesJvm, peakHeap()));
        if (!failures.isEmpty()) {
            err.println("Rejected by the approval gate; no model file or JAR was written:");
            failures.forEach(failure -> err.println("error: " + failure));
            err.println("The review report is " + report + ". Change the data or the settings, or, if the"
                    + " thresholds are wrong, change them in " + TrainingOptions.CONFIG_FILE + ".");
            return FAILED;
        }
        detail.println("Passes the approval gate (cross-validated R² >= " + options.gate().minCvR2()
                + ", cross-validated RMSE <= " + amount(model, options.gate().maxCvRmse()) + ").");
        var published = ModelPublisher.publish(model, options.out(), options.overwrite(), entryTime());
        if (options.quiet()) {
            out.println("Trained " + model.metadata().name() + " " + model.metadata().version() + " on "
                    + String.format(Locale.US, "%,d", rows) + " rows of " + source + ": "
                    + (published.unchanged() ? "unchanged, " + published.jarFile() + " already holds it"
                    : (published.replaced() ? "replaced " : "wrote ") + published.jarFile()));
            return OK;
        }
        if (published.unchanged()) {
            out.println("Unchanged: " + published.modelFile() + " already holds this model.");
        } else {
            String verb = published.replaced() ? "Replaced" : "Wrote";
            out.println(verb + " " + published.modelFile());
            out.println(verb + " " + published.jarFile());
        }
        out.println("Wrote the review report " + report);
        out.println();
        out.println("To serve it, point the web app at the model JAR (or the .json file), for example:");
        out.println("  mvn -q -pl web-app exec:java -Dsalary.model=" + published.jarFile().toAbsolutePath());
        out.println("  or, for any Tomcat or Jetty: SALARY_MODEL=" + published.jarFile().toAbsolutePath());
        out.println("Testing, staging and production serve it once an approver has read the review report and"
                + " signed it:");
        out.println("  mvn -pl model-training exec:java -Dexec.args=\"sign --model "
                + published.modelFile().toAbsolutePath() + " --keystore ds.p12 --alias <your alias>\"");
        out.println("See docs/deploying.md and docs/security.md.");
        return OK;
    }

    static void report(PrintStream out, Model model, Map<String, Double> reference) {
        var meta = model.metadata();
        var hyperparameters = new java.util.ArrayList<String>();
        meta.hyperparameters().forEach((key, value) -> hyperparameters.add(key + "=" + Numbers.plain(value)));
        out.println("Fitted " + meta.name() + " " + meta.version() + " by " + ReviewReport.algorithmName(meta.algorithm())
                + (hyperparameters.isEmpty() ? "" : " {" + String.join(", ", hyperparameters) + "}") + ":");
        if (model.kind() instanceof LinearModel linear) {
            coefficients(out, meta, linear);
        } else {
            var ensemble = (com.salaryml.artifact.TreeEnsembleModel) model.kind();
            out.printf(Locale.ROOT, "  %d trees, %d nodes, base value %s, expected prediction %s%n",
                    ensemble.trees().size(), ensemble.nodeCount(), amount(model, ensemble.baseValue()),
                    amount(model, ensemble.expectedValue()));
        }
        Metrics metrics = meta.metrics();
        CrossValidation cv = metrics.crossValidation();
        out.printf(Locale.ROOT, "Training fit:    R² %.4f, adjusted R² %.4f, RMSE %s, MAE %s%n", metrics.rSquared(),
                metrics.adjustedRSquared(), amount(model, metrics.rmse()), amount(model, metrics.mae()));
        String method = cv.method().equals(CrossValidation.LEAVE_ONE_OUT) ? "leave-one-out"
                : cv.folds() + "-fold, seed " + cv.seed();
        out.printf(Locale.ROOT, "Cross-validated: R² %.4f, RMSE %s, MAE %s (%s)%n", cv.rSquared(),
                amount(model, cv.rmse()), amount(model, cv.mae()), method);
        if (cv.intervalCoverage() != null) {
            out.printf(Locale.ROOT, "Interval:        %s; held-out coverage %.1f%%, mean width %s%n",
                    model.interval() instanceof IntervalParameters.Conformal conformal
                            ? String.format(Locale.ROOT, "conformal, %s ± %s", conformal.scheme(),
                            amount(model, conformal.halfWidth()))
                            : "exact for least squares", 100 * cv.intervalCoverage(),
                    amount(model, cv.intervalMeanWidth()));
        }
        Prediction prediction = model.predict(reference);
        String interval = prediction.interval() == null ? "no prediction interval for " + meta.algorithm()
                : String.format(Locale.ROOT, "%.0f%% prediction interval %s to %s", prediction.interval().level() * 100,
                amount(model, prediction.interval().low()), amount(model, prediction.interval().high()));
        out.println("Reference prediction for " + ReviewReport.inputs(reference, meta.schema()) + ": "
                + amount(model, prediction.value()) + " (" + interval + ")");
    }

    private static void coefficients(PrintStream out, com.salaryml.artifact.ModelMetadata meta, LinearModel model) {
        List<CoefficientStats> stats = meta.coefficientStats();
        if (stats.isEmpty()) {
            out.printf(Locale.ROOT, "  %-18s %15s%n", "term", "estimate");
            out.printf(Locale.ROOT, "  %-18s %15.4f%n", "intercept", model.intercept());
        } else {
            out.printf(Locale.ROOT, "  %-18s %15s %12s %8s %8s%n", "term", "estimate", "std. error", "t", "p");
            CoefficientStats intercept = stats.get(0);
            out.printf(Locale.ROOT, "  %-18s %15.4f %12.4f %8.3f %8.4f%n", "intercept", intercept.estimate(),
                    intercept.stdError(), intercept.tValue(), intercept.pValue());
        }
        double[] coefficients = model.coefficients();
        List<Feature> features = meta.schema().features();
        for (int i = 0; i < coefficients.length; i++) {
            if (stats.isEmpty()) {
                out.printf(Locale.ROOT, "  %-18s %15.4f  %s per %s%n", features.get(i).name(), coefficients[i],
                        meta.target().unit(), Words.singular(features.get(i).unit()));
            } else {
                CoefficientStats s = stats.get(i + 1);
                out.printf(Locale.ROOT, "  %-18s %15.4f %12.4f %8.3f %8.4f  %s per %s%n", features.get(i).name(),
                        coefficients[i], s.stdError(), s.tValue(), s.pValue(), meta.target().unit(),
                        Words.singular(features.get(i).unit()));
            }
        }
    }

    private static void printComparison(PrintStream out, ModelComparison comparison, Model model) {
        out.println("Compared with version " + comparison.previousVersion() + " (" + comparison.previousAlgorithm()
                + "):");
        for (var metric : comparison.metrics()) {
            if (metric.change() == null) {
                out.printf(Locale.ROOT, "  %-22s %14s -> %14s%n", metric.name(), text(metric.previous()),
                        text(metric.current()));
                continue;
            }
            out.printf(Locale.ROOT, "  %-22s %14.4f -> %14.4f  (%+.4f)%n", metric.name(), metric.previous(),
                    metric.current(), metric.change());
        }
        out.println("  Largest changes in prediction over the training rows:");
        for (var change : comparison.largestChanges()) {
            out.printf(Locale.ROOT, "    data row %d (%s): %s -> %s (%s%s)%n", change.row(),
                    ReviewReport.inputs(change.inputs(), model.metadata().schema()),
                    amount(model, change.previous()), amount(model, change.current()), change.change() >= 0 ? "+" : "-",
                    amount(model, Math.abs(change.change())));
        }
        if (comparison.skippedRows() > 0) {
            out.println("  " + comparison.skippedRows() + " rows lie outside the previous model's valid ranges and"
                    + " were not compared.");
        }
    }

    /**
     * Where the time went: start-up (the JVM when it was started for this command, loading classes, reading
     * the data, loading Smile), fitting with cross-validation, and the review report. Rows per second only
     * from {@value #MIN_ROWS_FOR_RATE} rows, where the figure measures the fit rather than its fixed costs.
     */
    static String cost(long rows, long startUpNanos, long fittingNanos, long reportNanos, boolean startIncludesJvm,
                       long peakHeapBytes) {
        double fitting = fittingNanos / 1e9;
        String rate = rows >= MIN_ROWS_FOR_RATE && fittingNanos > 0
                ? String.format(Locale.US, " (%,.0f rows/s)", rows / fitting) : "";
        return String.format(Locale.US, "Took %.2f s: start-up %.2f s (%sclasses, reading the data),"
                        + " fitting %.2f s%s, review report %.2f s; peak heap %d MiB",
                (startUpNanos + fittingNanos + reportNanos) / 1e9, startUpNanos / 1e9,
                startIncludesJvm ? "JVM, " : "", fitting, rate, reportNanos / 1e9, peakHeapBytes / (1024 * 1024));
    }

    static long peakHeap() {
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        return peakHeap;
    }

    private static String text(Double value) {
        return value == null ? "none" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** {@code value} written in the model's target unit, e.g. {@code $52,062.76} (see {@link UnitFormat}). */
    static String amount(Model model, double value) {
        return UnitFormat.of(model.metadata().target().unit()).format(value);
    }

    /** Default paths are relative to the project root when Maven tells us where that is. */
    static Path home() {
        String home = System.getProperty("salary.home");
        return home == null ? Path.of("") : Path.of(home);
    }

    /**
     * The build's time: {@code SOURCE_DATE_EPOCH} if set, else the build's {@code project.build.outputTimestamp}
     * (seconds or an ISO date); {@code null} if neither is given. Never the clock, so that retraining gives the
     * same bytes.
     */
    static LocalDateTime buildTime() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d{1,12}")) {
            return LocalDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(epoch)), ZoneOffset.UTC);
        }
        String stamp = System.getProperty("salary.build.timestamp");
        if (stamp == null) {
            return null;
        }
        if (stamp.matches("\\d{1,12}")) {
            return LocalDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(stamp)), ZoneOffset.UTC);
        }
        try {
            return OffsetDateTime.parse(stamp).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The time stamped on JAR entries: the build's time, never before the ZIP epoch of 1980. */
    static LocalDateTime entryTime() {
        LocalDateTime time = buildTime();
        // ZIP's own time field starts in 1980; earlier times add an extra field whose bytes depend on the time zone.
        return time == null || time.isBefore(DEFAULT_ENTRY_TIME) ? DEFAULT_ENTRY_TIME : time;
    }
}
