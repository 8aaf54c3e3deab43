package com.salaryml.training;

import com.salaryml.artifact.Feature;
import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.Metrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The training command: reads the hiring CSV, fits the model, prints how well it fits and writes the
 * versioned model file and model JAR. Exits 0 on success, 1 when the data or the output is at fault,
 * 2 for a wrong command line. On failure nothing is written.
 */
public final class TrainCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Stamped on JAR entries when the build gives no time: the earliest a ZIP can record, in UTC. */
    private static final LocalDateTime DEFAULT_ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    private final PrintStream out;
    private final PrintStream err;

    TrainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new TrainCommand(System.out, System.err).run(List.of(args));
        if (status != OK) {
            System.exit(status);
        }
    }

    int run(List<String> args) {
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
        try {
            Dataset data = HiringCsv.read(options.data(), SalarySchema.FEATURES, SalarySchema.TARGET);
            out.println("Read " + options.data() + ": " + data.rows() + " rows, SHA-256 " + data.sha256());
            LinearModel model = Trainer.fit(data, SalarySchema.FEATURES, SalarySchema.TARGET,
                    SalarySchema.MODEL_NAME, options.version());
            report(model);
            var published = ModelPublisher.publish(model, options.out(), options.overwrite(), entryTime());
            if (published.unchanged()) {
                out.println("Unchanged: " + published.modelFile() + " and " + published.jarFile()
                        + " already hold this exact model.");
            } else {
                String verb = published.replaced() ? "Replaced" : "Wrote";
                out.println(verb + " " + published.modelFile());
                out.println(verb + " " + published.jarFile());
            }
            out.println();
            out.println("To serve it, point the web app at the model JAR (or the .json file), for example:");
            out.println("  mvn -q -pl web-app jetty:run-war -Dsalary.model=" + published.jarFile().toAbsolutePath());
            out.println("  or, for any Tomcat or Jetty: SALARY_MODEL=" + published.jarFile().toAbsolutePath());
            out.println("See docs/deploying.md.");
            return OK;
        } catch (DataException e) {
            err.println("Training failed; nothing was written.");
            e.problems().forEach(problem -> err.println("error: " + problem));
            return FAILED;
        } catch (PublishException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private void report(LinearModel model) {
        var meta = model.metadata();
        out.println("Fitted " + meta.name() + " " + meta.version() + " by ordinary least squares ("
                + meta.algorithm() + "):");
        out.printf(Locale.ROOT, "  %-18s %15.4f%n", "intercept", model.intercept());
        double[] coefficients = model.coefficients();
        List<Feature> features = meta.schema().features();
        for (int i = 0; i < coefficients.length; i++) {
            out.printf(Locale.ROOT, "  %-18s %15.4f  %s per %s%n", features.get(i).name(), coefficients[i],
                    meta.target().unit(), singular(features.get(i).unit()));
        }
        Metrics metrics = meta.metrics();
        out.printf(Locale.ROOT, "Training fit: R² %.4f, RMSE %s, MAE %s%n", metrics.rSquared(),
                money(metrics.rmse()), money(metrics.mae()));
        double reference = model.predict(SalarySchema.REFERENCE_INSTANCE).value();
        out.println("Reference prediction for experience 2, test_score 9, interview_score 6: " + money(reference));
    }

    private static String singular(String unit) {
        return switch (unit) {
            case "years" -> "year";
            case "points out of 10" -> "point";
            default -> unit;
        };
    }

    static String money(double value) {
        var format = NumberFormat.getCurrencyInstance(Locale.US);
        return format.format(value);
    }

    /** Default paths are relative to the project root when Maven tells us where that is. */
    private static Path home() {
        String home = System.getProperty("salary.home");
        return home == null ? Path.of("") : Path.of(home);
    }

    /**
     * The time stamped on JAR entries: {@code SOURCE_DATE_EPOCH} if set, else the build's
     * {@code project.build.outputTimestamp}, else a fixed date. Never the clock, so that retraining
     * gives the same bytes.
     */
    static LocalDateTime entryTime() {
        LocalDateTime time = configuredEntryTime();
        // ZIP's own time field starts in 1980; earlier times add an extra field whose bytes depend on the time zone.
        return time.isBefore(DEFAULT_ENTRY_TIME) ? DEFAULT_ENTRY_TIME : time;
    }

    private static LocalDateTime configuredEntryTime() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d{1,12}")) {
            return LocalDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(epoch)), ZoneOffset.UTC);
        }
        String stamp = System.getProperty("salary.build.timestamp");
        if (stamp != null) {
            try {
                return OffsetDateTime.parse(stamp).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            } catch (DateTimeParseException e) {
                // Not a date (Maven also allows an epoch-seconds number); fall through to the fixed date.
                if (stamp.matches("\\d{1,12}")) {
                    return LocalDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(stamp)), ZoneOffset.UTC);
                }
            }
        }
        return DEFAULT_ENTRY_TIME;
    }
}
