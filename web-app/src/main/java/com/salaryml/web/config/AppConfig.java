package com.salaryml.web.config;

import com.salaryml.artifact.signing.TrustLoadException;
import com.salaryml.artifact.signing.TrustedApprovers;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The app's configuration, read once at start-up from system properties, environment variables and context
 * init-params (see {@link Settings}). Every setting is listed, with its default, in docs/operations.md.
 *
 * @param model              a model file, model JAR or directory of them; empty for the model packaged in the WAR
 * @param pinnedVersion      serve this version from the directory instead of the highest one
 * @param pollInterval       how often a model directory is checked for new, changed or removed files
 * @param stage              development, testing, staging or production
 * @param maxBodyBytes       the largest request body accepted
 * @param maxBatch           the most instances one request may hold; a request of more is answered 413
 * @param predictionLog      where the prediction log goes; empty when it is off
 * @param predictionLogMaxBytes  the size at which the prediction log rotates
 * @param predictionLogFiles the number of rotated prediction log files kept
 * @param predictionLogQueue the records the prediction log may hold in memory before it drops new ones
 * @param corsOrigins        the origins allowed to call the APIs from a browser; empty means cross-origin is off
 * @param trust              the approvers whose signature lets a model be served, read from {@code salary.trust};
 *                           empty when it is not set
 * @param monitoringWindow   the most recent predictions the drift window holds
 * @param monitoringAge      how long a prediction stays in the drift window
 * @param psiThreshold       the population stability index a feature must exceed to count as drifted
 * @param driftSignificance  the chance that a window drawn from the training population is called drifted on
 *                           any feature or the predictions: the chi-square tests' false-alarm rate, shared among them
 * @param outcomeLog         where reported outcomes are appended; empty when it is not set, and then
 *                           {@code <prediction log>.outcomes} when the prediction log is on
 * @param outcomeWindow      the most recent outcomes, per model version, the live error and coverage are computed over
 * @param outcomeIndex       the most recent logged predictions held in memory for outcomes to be joined to
 * @param outcomeIndexAge    how long a logged prediction is held for its outcome; after that it is refused
 * @param outcomeLogMaxBytes the size at which the outcomes file rotates
 * @param outcomeLogFiles    the number of rotated outcomes files kept
 * @param monitoringRestricted whether {@code /api/v1/monitoring} needs the role {@code salary-monitoring} outside
 *                           development
 * @param maxReporterShare   the largest share of a version's live outcome window one reporter holds beside others
 * @param database           the PostgreSQL database that holds the record of predictions and outcomes instead of
 *                           files; empty when {@code salary.database} is not set
 */
public record AppConfig(Optional<Settings.Value> model, Optional<String> pinnedVersion, Duration pollInterval,
                        Stage stage, int maxBodyBytes, int maxBatch, Optional<Path> predictionLog,
                        long predictionLogMaxBytes, int predictionLogFiles, int predictionLogQueue,
                        java.util.Set<String> corsOrigins, Optional<Trust> trust, int monitoringWindow,
                        Duration monitoringAge, double psiThreshold, double driftSignificance,
                        Optional<Path> outcomeLog, int outcomeWindow, int outcomeIndex, Duration outcomeIndexAge,
                        long outcomeLogMaxBytes, int outcomeLogFiles,
                        boolean monitoringRestricted, double maxReporterShare,
                        Optional<DatabaseConfig> database) {

    /**
     * The trusted approvers, read once at start-up: removing a certificate from the file revokes its holder at
     * the next start.
     *
     * @param approvers their certificates
     * @param setting   the file they were read from, and where {@code salary.trust} was given
     */
    public record Trust(TrustedApprovers approvers, Settings.Value setting) {
    }

    public AppConfig {
        corsOrigins = java.util.Set.copyOf(corsOrigins);
    }

    public static final String MODEL = "salary.model";
    public static final String MODEL_VERSION = "salary.model.version";
    public static final String MODEL_POLL_MS = "salary.model.poll-ms";
    public static final String ENVIRONMENT = "salary.environment";
    public static final String MAX_BODY_BYTES = "salary.max-body-bytes";
    public static final String MAX_BATCH = "salary.max-batch";
    public static final String PREDICTION_LOG = "salary.prediction-log";
    public static final String PREDICTION_LOG_MAX_BYTES = "salary.prediction-log.max-bytes";
    public static final String PREDICTION_LOG_FILES = "salary.prediction-log.files";
    public static final String PREDICTION_LOG_QUEUE = "salary.prediction-log.queue";
    public static final String CORS_ORIGINS = "salary.cors.allowed-origins";
    public static final String TRUST = "salary.trust";
    public static final String TRUST_PASSWORD = "salary.trust.password";
    public static final String MONITORING_WINDOW = "salary.monitoring.window";
    public static final String MONITORING_WINDOW_HOURS = "salary.monitoring.window-hours";
    public static final String PSI_THRESHOLD = "salary.monitoring.psi-threshold";
    public static final String DRIFT_SIGNIFICANCE = "salary.monitoring.drift-significance";
    public static final String OUTCOME_LOG = "salary.outcome-log";
    public static final String OUTCOME_WINDOW = "salary.monitoring.outcome-window";
    public static final String OUTCOME_INDEX = "salary.outcome-index";
    public static final String OUTCOME_INDEX_MAX_AGE_HOURS = "salary.outcome-index.max-age-hours";
    public static final String OUTCOME_LOG_MAX_BYTES = "salary.outcome-log.max-bytes";
    public static final String OUTCOME_LOG_FILES = "salary.outcome-log.files";
    public static final String MONITORING_RESTRICTED = "salary.monitoring.restricted";
    public static final String MAX_REPORTER_SHARE = "salary.monitoring.max-reporter-share";

    /**
     * Two thousand: twice the batch the benchmarks measure, and small enough that the prediction log's default
     * queue of 10,000 can take a whole one while it is still half free (a batch may take at most half the room
     * left beside the part kept for single predictions, see PredictionLog). At 10,000, the old default, one
     * batch could never be logged whole by the default queue, and a flood of such batches ran a 160 MiB heap out
     * of memory (issue #21). The 1 MiB body limit alone does not bound it: a compact instance is some 60 bytes, so
     * 1 MiB holds over 15,000.
     */
    private static final int DEFAULT_MAX_BATCH = 2_000;
    private static final int DEFAULT_MONITORING_WINDOW = 10_000;
    private static final int DEFAULT_MONITORING_HOURS = 24;
    /** The usual reading of the index: below 0.1 alike, 0.1 to 0.2 a moderate shift, above 0.2 a real one. */
    private static final double DEFAULT_PSI_THRESHOLD = 0.2;
    /**
     * One window in a hundred drawn from the training population is called drifted: rare beside the alert's
     * fifteen minutes, yet a two-standard-deviation shift in one feature is found in a window of 100.
     */
    private static final double DEFAULT_DRIFT_SIGNIFICANCE = 0.01;
    private static final int DEFAULT_OUTCOME_WINDOW = 1000;
    /**
     * Half: one reporter beside others moves the live figures by at most half, so a coverage of 0 hidden behind
     * perfect planted outcomes still reads 0.5, under the alert's 0.9.
     */
    private static final double DEFAULT_MAX_REPORTER_SHARE = 0.5;
    /** About 100 bytes a prediction: some 10 MB, which covers days of traffic on one instance. */
    private static final int DEFAULT_OUTCOME_INDEX = 100_000;
    /** A quarter: salaries are known weeks after an offer; older outcomes go through training's join instead. */
    private static final int DEFAULT_OUTCOME_INDEX_HOURS = 24 * 90;
    /** An outcome line is under 200 bytes: some 300,000 outcomes a file, six files with the rotated ones. */
    private static final long DEFAULT_OUTCOME_LOG_BYTES = 64L * 1024 * 1024;
    private static final int DEFAULT_OUTCOME_LOG_FILES = 5;
    /** An outcome line is about 130 bytes; counted generously, so a check on it errs towards keeping more. */
    private static final int OUTCOME_LINE_BYTES = 200;

    private static final java.util.regex.Pattern ORIGIN =
            java.util.regex.Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    /** Every setting at its default: what an app with a broken configuration uses while it reports not ready. */
    public static AppConfig defaults() {
        return new AppConfig(Optional.empty(), Optional.empty(), Duration.ofMillis(2000), Stage.PRODUCTION,
                1024 * 1024, DEFAULT_MAX_BATCH, Optional.empty(), 64L * 1024 * 1024, 5, 10_000, java.util.Set.of(),
                Optional.empty(), DEFAULT_MONITORING_WINDOW, Duration.ofHours(DEFAULT_MONITORING_HOURS),
                DEFAULT_PSI_THRESHOLD, DEFAULT_DRIFT_SIGNIFICANCE, Optional.empty(), DEFAULT_OUTCOME_WINDOW,
                DEFAULT_OUTCOME_INDEX, Duration.ofHours(DEFAULT_OUTCOME_INDEX_HOURS), DEFAULT_OUTCOME_LOG_BYTES,
                DEFAULT_OUTCOME_LOG_FILES, false,
                DEFAULT_MAX_REPORTER_SHARE, Optional.empty());
    }

    /** Where outcomes go: {@code salary.outcome-log}, else beside the prediction log; empty without either. */
    public Optional<Path> outcomeFile() {
        if (outcomeLog.isPresent()) {
            return outcomeLog;
        }
        return predictionLog.map(log -> log.resolveSibling(log.getFileName() + ".outcomes"));
    }

    /** Reads and checks every setting; a bad one is named with where it came from and what is allowed. */
    public static AppConfig read(Settings settings) throws ConfigException {
        return read(settings, System::getenv);
    }

    /**
     * As {@link #read(Settings)}, with the database's user and password read from {@code environment}: they are
     * read from the process environment alone, never from a system property that a command line shows.
     */
    static AppConfig read(Settings settings, java.util.function.UnaryOperator<String> environment)
            throws ConfigException {
        var problems = new ArrayList<String>();
        Optional<Settings.Value> model = settings.get(MODEL);
        Optional<String> version = settings.get(MODEL_VERSION).map(Settings.Value::value);
        long pollMs = number(settings, MODEL_POLL_MS, 2000, 50, 3_600_000, problems);
        Stage stage = settings.get(ENVIRONMENT).map(value -> {
            try {
                return Stage.parse(value.value());
            } catch (IllegalArgumentException e) {
                problems.add(describe(value, ENVIRONMENT) + " " + e.getMessage());
                return Stage.PRODUCTION;
            }
        }).orElse(Stage.PRODUCTION);
        long maxBody = number(settings, MAX_BODY_BYTES, 1024 * 1024, 1024, 64L * 1024 * 1024, problems);
        long maxBatch = number(settings, MAX_BATCH, DEFAULT_MAX_BATCH, 1, 1_000_000, problems);
        Optional<Path> log = settings.get(PREDICTION_LOG).map(value -> Path.of(value.value()));
        long logBytes = number(settings, PREDICTION_LOG_MAX_BYTES, 64L * 1024 * 1024, 4096, Long.MAX_VALUE, problems);
        long logFiles = number(settings, PREDICTION_LOG_FILES, 5, 1, 1000, problems);
        long logQueue = number(settings, PREDICTION_LOG_QUEUE, 10_000, 16, 10_000_000, problems);
        var origins = new java.util.HashSet<String>();
        settings.get(CORS_ORIGINS).ifPresent(value -> {
            for (String origin : value.value().split(",")) {
                String trimmed = origin.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!ORIGIN.matcher(trimmed).matches()) {
                    problems.add(describe(value, CORS_ORIGINS) + " must list origins such as https://hr.example.com,"
                            + " separated by commas; \"" + trimmed + "\" is not one (no path, no wildcard)");
                }
                origins.add(trimmed);
            }
        });
        Optional<Trust> trust = trust(settings, problems);
        // A million predictions of a few features is a few megabytes; a month is the longest useful window.
        long window = number(settings, MONITORING_WINDOW, DEFAULT_MONITORING_WINDOW, 1, 1_000_000, problems);
        long hours = number(settings, MONITORING_WINDOW_HOURS, DEFAULT_MONITORING_HOURS, 1, 24 * 31, problems);
        double threshold = decimal(settings, PSI_THRESHOLD, DEFAULT_PSI_THRESHOLD, 0.01, 10, problems);
        // Below 0.001 a real shift goes unseen in small windows; above 0.1 one window in ten is a false alarm.
        double significance = decimal(settings, DRIFT_SIGNIFICANCE, DEFAULT_DRIFT_SIGNIFICANCE, 0.001, 0.1, problems);
        Optional<Path> outcomeLog = Optional.empty();
        Optional<Settings.Value> outcomeSetting = settings.get(OUTCOME_LOG);
        if (outcomeSetting.isPresent()) {
            try {
                outcomeLog = Optional.of(Path.of(outcomeSetting.get().value()));
            } catch (InvalidPathException e) {
                problems.add(describe(outcomeSetting.get(), OUTCOME_LOG) + " is not a path: " + e.getMessage());
            }
        }
        long outcomeWindow = number(settings, OUTCOME_WINDOW, DEFAULT_OUTCOME_WINDOW, 1, 1_000_000, problems);
        long outcomeIndex = number(settings, OUTCOME_INDEX, DEFAULT_OUTCOME_INDEX, 1, 10_000_000, problems);
        // Ten years is longer than any salary takes to be known; the bound is the count, this the staleness.
        long outcomeHours = number(settings, OUTCOME_INDEX_MAX_AGE_HOURS, DEFAULT_OUTCOME_INDEX_HOURS, 1,
                24L * 366 * 10, problems);
        long outcomeBytes = number(settings, OUTCOME_LOG_MAX_BYTES, DEFAULT_OUTCOME_LOG_BYTES, 4096, Long.MAX_VALUE,
                problems);
        long outcomeFiles = number(settings, OUTCOME_LOG_FILES, DEFAULT_OUTCOME_LOG_FILES, 1, 1000, problems);
        // The outcomes files are what tells a restarted app which held predictions already had their outcome: if
        // rotation deleted outcomes sooner than the index lets go of their predictions, a repeat would be taken.
        double keptOutcomes = (double) outcomeBytes * (outcomeFiles + 1) / OUTCOME_LINE_BYTES;
        if (problems.isEmpty() && keptOutcomes < outcomeIndex) {
            problems.add(OUTCOME_LOG_MAX_BYTES + " = " + outcomeBytes + " and " + OUTCOME_LOG_FILES + " = "
                    + outcomeFiles + " keep about " + (long) keptOutcomes + " outcomes, fewer than the "
                    + outcomeIndex + " predictions " + OUTCOME_INDEX + " holds for them, so after a restart an"
                    + " outcome given before could be taken again; keep at least " + OUTCOME_LINE_BYTES
                    + " bytes of outcomes files for each prediction held");
        }
        boolean monitoringRestricted = flag(settings, MONITORING_RESTRICTED, false, problems);
        double maxReporterShare = decimal(settings, MAX_REPORTER_SHARE, DEFAULT_MAX_REPORTER_SHARE, 0.05, 1,
                problems);
        Optional<DatabaseConfig> database = DatabaseConfig.read(settings, environment, new Reader(settings, problems),
                problems);
        if (settings.get(DatabaseConfig.DATABASE).isPresent() && log.isPresent()) {
            problems.add("both " + DatabaseConfig.DATABASE + " and " + PREDICTION_LOG + " are set: the record of"
                    + " predictions and outcomes goes to the database or to files, not both; unset one"
                    + " (docs/database.md)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AppConfig(model, version, Duration.ofMillis(pollMs), stage, (int) maxBody, (int) maxBatch, log,
                logBytes, (int) logFiles, (int) logQueue, origins, trust, (int) window, Duration.ofHours(hours),
                threshold, significance, outcomeLog, (int) outcomeWindow, (int) outcomeIndex,
                Duration.ofHours(outcomeHours), outcomeBytes, (int) outcomeFiles, monitoringRestricted,
                maxReporterShare, database);
    }

    /**
     * Reads the approvers' certificates named by {@code salary.trust}, with {@code salary.trust.password} for a
     * truststore that needs one. The password is never written into a message.
     */
    private static Optional<Trust> trust(Settings settings, List<String> problems) {
        Optional<Settings.Value> file = settings.get(TRUST);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        char[] password = settings.get(TRUST_PASSWORD).map(value -> value.value().toCharArray()).orElse(null);
        try {
            return Optional.of(new Trust(TrustedApprovers.load(Path.of(file.get().value()), password), file.get()));
        } catch (InvalidPathException e) {
            problems.add(describe(file.get(), TRUST) + " is not a path: " + e.getMessage());
        } catch (TrustLoadException e) {
            problems.add(describe(file.get(), TRUST) + " cannot be used: " + e.getMessage() + "; it must name a PEM"
                    + " file of the approvers' certificates or a PKCS12 or JKS truststore (with " + TRUST_PASSWORD
                    + " if it has a password)");
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
        return Optional.empty();
    }

    /** Reads settings of a part of the configuration kept apart, noting each bad one with the rest. */
    record Reader(Settings settings, List<String> problems) {
        boolean flag(String name, boolean fallback) {
            return AppConfig.flag(settings, name, fallback, problems);
        }

        long number(String name, long fallback, long min, long max) {
            return AppConfig.number(settings, name, fallback, min, max, problems);
        }
    }

    private static boolean flag(Settings settings, String name, boolean fallback, List<String> problems) {
        Optional<Settings.Value> value = settings.get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        switch (value.get().value().toLowerCase(java.util.Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.add(describe(value.get(), name) + " must be true or false");
                return fallback;
        }
    }

    private static long number(Settings settings, String name, long fallback, long min, long max,
                               List<String> problems) {
        return ranged(settings, name, fallback, min, max, text -> Long.parseLong(text.replace("_", "")),
                "a whole number", problems);
    }

    private static double decimal(Settings settings, String name, double fallback, double min, double max,
                                  List<String> problems) {
        return ranged(settings, name, fallback, min, max, text -> Double.parseDouble(text.strip()), "a number",
                problems);
    }

    /** The setting read by {@code parse} if it is within [min, max]; else the fallback, and the problem noted. */
    private static <T extends Number> T ranged(Settings settings, String name, T fallback, T min, T max,
                                           java.util.function.Function<String, T> parse, String what,
                                           List<String> problems) {
        Optional<Settings.Value> value = settings.get(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            T parsed = parse.apply(value.get().value());
            if (parsed.doubleValue() >= min.doubleValue() && parsed.doubleValue() <= max.doubleValue()) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(describe(value.get(), name) + " must be " + what + " from " + min + " to " + max);
        return fallback;
    }

    private static String describe(Settings.Value value, String name) {
        return name + " = \"" + value.value() + "\" (from " + value.origin() + ")";
    }

    /** One or more settings are invalid; the message names each. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigException(List<String> problems) {
            super("invalid configuration: " + String.join("; ", problems));
        }
    }
}
