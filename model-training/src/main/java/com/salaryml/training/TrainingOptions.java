package com.salaryml.training;

import com.salaryml.artifact.schema.Numbers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The training command's options. Each comes, in order of precedence, from the command line, the training
 * configuration file ({@code training.properties} in the project, or {@code --config FILE}), or the
 * built-in default. A value that makes no sense stops the command with a message that names the setting,
 * what it must be, and where the value came from: the option on the command line, or the file and line.
 *
 * @param data            the training CSV
 * @param schema          the schema file that declares the CSV's target and features
 * @param csv             how the training CSV separates cells and writes decimals
 * @param out             the folder the model file, model JAR and review report go to
 * @param version         the version the new model gets
 * @param overwrite       whether a different model may replace one already written under the same version
 * @param fit             the algorithm, its hyperparameters, and the cross-validation folds and seed
 * @param gate            the acceptance thresholds a model must meet to be packaged
 * @param compareTo       a previous model file to compare the new model with, or {@code null}
 * @param recorded        the options as recorded in the model's provenance, by name
 * @param quiet           whether to print one line on success instead of the fit, the metrics and how to deploy
 * @param compareFamilies whether to cross-validate every algorithm on the same folds and report which predicts best
 * @param fromLogs        prediction log files to train from, joined with {@code outcomes}; empty to train from
 *                        {@code data}
 * @param outcomes        the outcomes file holding the real target values for logged predictions, or null
 * @param fromDatabase    the rows of the record in PostgreSQL to train from instead, or null
 * @param dropIncomplete  whether to leave out the rows with a blank or {@code NA} cell in a column the model reads,
 *                        as R's {@code lm} does, rather than fill the cells in or refuse them
 */
public record TrainingOptions(Path data, Path schema, CsvFormat csv, Path out, String version, boolean overwrite,
                              FitSettings fit, ApprovalGate gate, Path compareTo, Map<String, String> recorded,
                              boolean quiet, boolean compareFamilies, List<Path> fromLogs, Path outcomes,
                              boolean dropIncomplete, DatabaseSelection fromDatabase) {

    /** Whether the data comes from the prediction log and outcomes files rather than a CSV. */
    boolean fromProduction() {
        return !fromLogs.isEmpty();
    }

    /** The environment variable the database user is read from: a command line is visible to every user. */
    public static final String DATABASE_USER = "SALARY_DATABASE_USER";
    /** The environment variable the database password is read from. */
    public static final String DATABASE_PASSWORD = "SALARY_DATABASE_PASSWORD";

    static final String DEFAULT_VERSION = "1.0.0";
    /** The training configuration's file name, in the project root. */
    public static final String CONFIG_FILE = "training.properties";

    /** The settings a configuration file may hold, with their built-in defaults. */
    static final Map<String, String> DEFAULTS = defaults();

    /** The tree settings' command-line options, by the name of the setting after the algorithm's prefix. */
    private static final Map<String, String> TREE_OPTIONS = Map.of("trees", "--trees", "max_depth", "--max-depth",
            "max_nodes", "--max-nodes", "node_size", "--node-size", "shrinkage", "--shrinkage",
            "subsample", "--subsample", "mtry", "--mtry", "seed", "--tree-seed");

    /** The usage text of the options, as {@code --help} prints it. */
    public static final String USAGE = """
            Usage: mvn -pl model-training exec:java -Dexec.args="[options]"

            Trains a model on a CSV whose target and features a schema file declares. If it
            passes the approval gate, writes <model>-model-<version>.json and .jar; always writes
            the review report <model>-model-<version>.html.

            Options:
              --data FILE          the training CSV (default: data/hiring.csv in the project)
              --from-log FILE      train from the app's prediction log instead: the inputs it was asked
                                   about (give it once per log file, rotated ones too) ...
              --outcomes FILE      ... joined by outcome key to the real values reported for them, the
                                   app's outcomes file; the schema is --schema or data/hiring.schema.json
              --from-database URL  train from the record in PostgreSQL instead, a JDBC URL such as
                                   jdbc:postgresql://db.example:5432/salary: each logged prediction
                                   joined to its reported outcome; the user and password come from
                                   the environment, SALARY_DATABASE_USER and SALARY_DATABASE_PASSWORD
                                   (a read-only user will do), never from the URL
              --predicted-from T   with --from-database: only predictions made at T or later, an
                                   ISO-8601 instant (2026-11-01T00:00:00Z) or a date (2026-11-01,
                                   midnight UTC)
              --predicted-to T     with --from-database: only predictions made before T
              --model-version V    with --from-database: only predictions of model version V; give
                                   it again for more versions (default: every version)
              --schema FILE        the schema file declaring the CSV's target and features (default:
                                   the CSV's name with .schema.json, beside it: data/hiring.schema.json)
              --delimiter D        what separates the CSV's cells: comma, semicolon or tab,
                                   or the character itself (default: comma)
              --decimal-comma      the CSV writes numbers with a decimal comma, like 2,5, as Excel
                                   does in many European locales (default: a point, 2.5)
              --drop-incomplete    leave out each row with a blank or NA cell in a column the model
                                   reads, as R's lm does, and say how many (default: fill in what the
                                   schema's "missing" rules say, and refuse the rest)
              --out DIR            where the files go (default: models/ in the project)
              --version V          the new model's version (default: %s)
              --algorithm A        ols, ridge, lasso, gbm or random-forest (default: ols)
              --lambda X           the penalty weight for ridge and lasso (default: 1.0)
              --folds K            k for k-fold cross-validation (default: 10); ols, ridge and
                                   lasso use leave-one-out up to %d rows; gbm and random-forest
                                   on more than cv.holdout_above_rows rows (training.properties,
                                   100000) are fitted once and measured on a held-out share
              --seed N             the seed that shuffles rows into folds or draws the held-out
                                   rows (default: 42)
              --min-cv-r2 X        the gate: lowest acceptable cross-validated R² (default: 0.1)
              --max-relative-cv-rmse X
                                   the gate: highest acceptable cross-validated RMSE as a share
                                   of the target's standard deviation, on the scale the model is
                                   fitted on (default: 0.95)
              --max-cv-rmse X      the gate: highest acceptable cross-validated RMSE in the
                                   target's unit (default: none)
              --compare-to FILE    compare with a previous model file or JAR before approving
              --compare-families   also cross-validate every algorithm on the same folds and report
                                   which predicts best
              --config FILE        read these settings from FILE (default: training.properties in the project)
              --overwrite          replace a different model already written under the same version
              --quiet              on success print one line, not the fit and how to deploy it
              --help               print this text

            Tree ensembles (gbm, random-forest); each sets the chosen algorithm's setting
            (gbm.trees, random_forest.trees, ...) in training.properties:
              --trees N            the number of trees (gbm auto: chosen by cross-validation
                                   within the training rows, up to 1000; random-forest 100)
              --max-depth N        the most nodes from root to leaf (gbm auto: chosen with the
                                   trees, 2 to 6; random-forest 12)
              --max-nodes N        the most leaves per tree (gbm 32, random-forest 128)
              --node-size N        the fewest training rows in a leaf (gbm 5, random-forest 10)
              --shrinkage X        gbm: the weight of each tree, 0 < X <= 1 (0.1)
              --subsample X        the share of rows each tree is fitted on, 0 < X <= 1
                                   (gbm 0.7; random-forest 1, a bootstrap sample)
              --mtry N             random-forest: features each split chooses from (0: all)
              --tree-seed N        the seed of the trees' random draws (42)

            A draft schema file for a new CSV, its types, levels and ranges read from the data:
              schema --data FILE --target NAME [--out FILE]

            After reviewing the report, the data scientist signs the model, and operations promote
            it through the stages (docs/security.md):
              sign --model FILE --keystore FILE --alias NAME
              promote --model FILE --to DIR --trust FILE
            (each with --help for more)
            """.formatted(DEFAULT_VERSION, Trainer.LEAVE_ONE_OUT_MAX_ROWS);

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    /** Options that make no sense; the message says which and why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * A wrong command line.
         *
         * @param message what is wrong, naming the option and what it must be
         */
        public UsageException(String message) {
            super(message);
        }
    }

    private static Map<String, String> defaults() {
        var defaults = new LinkedHashMap<String, String>();
        defaults.put("algorithm", "ols");
        defaults.put("lambda", "1.0");
        defaults.put("cv.folds", "10");
        defaults.put("cv.seed", "42");
        defaults.put("cv.holdout_above_rows", Long.toString(FitSettings.Holdout.DEFAULT.aboveRows()));
        defaults.put("cv.holdout_share", Numbers.plain(FitSettings.Holdout.DEFAULT.share()));
        defaults.put("gate.min_cv_r2", Numbers.plain(ApprovalGate.DEFAULT_MIN_CV_R2));
        defaults.put("gate.max_relative_cv_rmse", Numbers.plain(ApprovalGate.DEFAULT_MAX_RELATIVE_CV_RMSE));
        // Empty: no absolute limit, which means something only in a unit the team has agreed on.
        defaults.put("gate.max_cv_rmse", "");
        defaults.put("monitoring.bins", Integer.toString(FitSettings.DEFAULT_BINS));
        treeDefaults(defaults, Algorithm.GBM, TreeSettings.GBM);
        treeDefaults(defaults, Algorithm.RANDOM_FOREST, TreeSettings.RANDOM_FOREST);
        return Map.copyOf(defaults);
    }

    private static void treeDefaults(Map<String, String> defaults, Algorithm algorithm, TreeSettings settings) {
        String prefix = algorithm.settingsPrefix();
        settings.texts(algorithm).forEach((name, text) -> defaults.put(prefix + name, text));
    }

    /**
     * Parses the command line.
     *
     * @param args the command line
     * @param home the folder default paths are resolved against: the project root when run through Maven
     * @return the options, or {@code null} if help was asked for
     * @throws UsageException if an option, or a setting of the configuration, makes no sense
     */
    public static TrainingOptions parse(List<String> args, Path home) throws UsageException {
        Path data = home.resolve("data").resolve("hiring.csv");
        boolean dataGiven = false;
        var fromLogs = new java.util.ArrayList<Path>();
        Path outcomes = null;
        Path out = home.resolve("models");
        Path schema = null;
        Path config = null;
        Path compareTo = null;
        String version = DEFAULT_VERSION;
        boolean overwrite = false;
        boolean quiet = false;
        boolean decimalComma = false;
        boolean compareFamilies = false;
        boolean dropIncomplete = false;
        String fromDatabase = null;
        Instant predictedFrom = null;
        Instant predictedTo = null;
        var modelVersions = new java.util.ArrayList<String>();
        var databaseOptions = new java.util.ArrayList<String>();
        CsvFormat.Delimiter delimiter = CsvFormat.Delimiter.COMMA;
        var settings = new TreeMap<String, String>();
        var sources = new TreeMap<String, String>();
        // Tree options name a setting of whichever ensemble is chosen, which may be given after them.
        var treeOptions = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--data" -> {
                    data = Path.of(value(args, ++i, arg));
                    dataGiven = true;
                }
                case "--from-log" -> fromLogs.add(Path.of(value(args, ++i, arg)));
                case "--outcomes" -> outcomes = Path.of(value(args, ++i, arg));
                case "--from-database" -> fromDatabase = value(args, ++i, arg);
                case "--predicted-from" -> {
                    predictedFrom = instant(value(args, ++i, arg), arg);
                    databaseOptions.add(arg);
                }
                case "--predicted-to" -> {
                    predictedTo = instant(value(args, ++i, arg), arg);
                    databaseOptions.add(arg);
                }
                case "--model-version" -> {
                    modelVersions.add(modelVersion(value(args, ++i, arg)));
                    databaseOptions.add(arg);
                }
                case "--schema" -> schema = Path.of(value(args, ++i, arg));
                case "--delimiter" -> delimiter = delimiter(value(args, ++i, arg));
                case "--decimal-comma" -> decimalComma = true;
                case "--drop-incomplete" -> dropIncomplete = true;
                case "--quiet" -> quiet = true;
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--version" -> version = value(args, ++i, arg);
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--compare-to" -> compareTo = Path.of(value(args, ++i, arg));
                case "--compare-families" -> compareFamilies = true;
                case "--algorithm" -> option(settings, sources, "algorithm", value(args, ++i, arg), arg);
                case "--lambda" -> option(settings, sources, "lambda", value(args, ++i, arg), arg);
                case "--folds" -> option(settings, sources, "cv.folds", value(args, ++i, arg), arg);
                case "--seed" -> option(settings, sources, "cv.seed", value(args, ++i, arg), arg);
                case "--min-cv-r2" -> option(settings, sources, "gate.min_cv_r2", value(args, ++i, arg), arg);
                case "--max-relative-cv-rmse" -> option(settings, sources, "gate.max_relative_cv_rmse",
                        value(args, ++i, arg), arg);
                case "--max-cv-rmse" -> option(settings, sources, "gate.max_cv_rmse", value(args, ++i, arg), arg);
                case "--trees", "--max-depth", "--max-nodes", "--node-size", "--shrinkage", "--subsample", "--mtry",
                        "--tree-seed" -> treeOptions.put(arg, value(args, ++i, arg));
                case "--overwrite" -> overwrite = true;
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (fromLogs.isEmpty() != (outcomes == null)) {
            throw new UsageException(fromLogs.isEmpty() ? "--outcomes needs --from-log: the prediction log that holds"
                    + " the inputs of those outcomes" : "--from-log needs --outcomes: the file of real values that"
                    + " the logged predictions are trained towards");
        }
        if (!fromLogs.isEmpty() && dataGiven) {
            throw new UsageException("--data and --from-log both name the training data; give one");
        }
        DatabaseSelection selection = null;
        if (fromDatabase != null) {
            if (dataGiven || !fromLogs.isEmpty() || outcomes != null) {
                throw new UsageException((dataGiven ? "--data" : !fromLogs.isEmpty() ? "--from-log" : "--outcomes")
                        + " and --from-database both name the training data; give one");
            }
            selection = selection(fromDatabase, predictedFrom, predictedTo, modelVersions);
        } else if (!databaseOptions.isEmpty()) {
            throw new UsageException(databaseOptions.get(0) + " selects rows of the database; give it with"
                    + " --from-database URL");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new UsageException("--version \"" + version + "\" is not a valid version: use 1 to 64 letters,"
                    + " digits, '.', '-', '_' or '+', starting with a letter or digit, e.g. 1.2.0");
        }
        var values = TrainingConfig.merged(config != null ? config : home.resolve(CONFIG_FILE), config != null,
                settings, sources);
        var merged = values.settings();

        Fitting fitting = fitting(values, treeOptions);
        FitSettings fit = fitting.fit();
        ApprovalGate gate = fitting.gate();
        var recorded = recorded(data, fromLogs, outcomes, selection, schema, delimiter, decimalComma, version, fit,
                merged, gate, home);
        if (dropIncomplete) {
            // Only when given, as the CSV's options: models trained without it keep their bytes.
            recorded.put("drop_incomplete", "true");
        }
        Path schemaFile = schema != null ? schema : DataSchema.besideData(data);
        return new TrainingOptions(data.normalize(), schemaFile.normalize(), new CsvFormat(delimiter, decimalComma),
                out.normalize(), version, overwrite, fit, gate, compareTo, recorded,
                quiet, compareFamilies, List.copyOf(fromLogs.stream().map(Path::normalize).toList()),
                outcomes == null ? null : outcomes.normalize(), dropIncomplete, selection);
    }

    /**
     * The database selection, its URL checked here, before anything connects: a PostgreSQL JDBC URL that names
     * neither user nor password, which come from the environment alone.
     */
    private static DatabaseSelection selection(String url, Instant from, Instant to, List<String> versions)
            throws UsageException {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--from-database \"" + url + "\" is not a PostgreSQL JDBC URL; give one such as"
                    + " jdbc:postgresql://db.example:5432/salary");
        }
        java.util.Properties properties = org.postgresql.Driver.parseURL(url, new java.util.Properties());
        if (properties == null) {
            // Not echoed: a URL the driver cannot parse may still hold a password.
            throw new UsageException("--from-database: the driver cannot read the URL; give one such as"
                    + " jdbc:postgresql://db.example:5432/salary");
        }
        for (String name : properties.stringPropertyNames()) {
            // Not echoed either: the value is a secret (password, sslpassword).
            if (name.toLowerCase(java.util.Locale.ROOT).contains("password")) {
                throw new UsageException("--from-database: the URL holds a password (" + name + "=...); give it in"
                        + " the environment variable " + DATABASE_PASSWORD + " instead, and the user in "
                        + DATABASE_USER + ", so that it is not in a command line every user of the machine can see"
                        + " nor in the model's provenance");
            }
        }
        if (properties.containsKey("user")) {
            throw new UsageException("--from-database: the URL names a user (user=" + properties.getProperty("user")
                    + "); give it in the environment variable " + DATABASE_USER + " instead, with the password in "
                    + DATABASE_PASSWORD + ", so that one place says who reads");
        }
        try {
            return new DatabaseSelection(url, from, to, versions);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** An instant, or a date as its midnight in UTC: people select whole days. */
    private static Instant instant(String text, String option) throws UsageException {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            try {
                return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (java.time.format.DateTimeParseException notADate) {
                throw new UsageException(option + " \"" + text + "\" is neither an ISO-8601 instant with its offset,"
                        + " such as 2026-11-01T00:00:00Z, nor a date, such as 2026-11-01");
            }
        }
    }

    /** A model version as this trainer writes them, so a typo is said at once rather than selecting nothing. */
    private static String modelVersion(String text) throws UsageException {
        if (!VERSION.matcher(text).matches()) {
            throw new UsageException("--model-version \"" + text + "\" is not a model version: 1 to 64 letters,"
                    + " digits, '.', '-', '_' or '+', starting with a letter or digit, e.g. 1.2.0");
        }
        return text;
    }

    /** The fit's settings and the gate's thresholds, checked. */
    private record Fitting(FitSettings fit, ApprovalGate gate) {
    }

    /**
     * The algorithm and every setting, checked in a fixed order, so that the first wrong one is reported; the tree
     * options set the chosen ensemble's settings.
     */
    private static Fitting fitting(TrainingConfig.Values values, Map<String, String> treeOptions)
            throws UsageException {
        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(values.settings().get("algorithm"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " (" + values.where().get("algorithm") + ")");
        }
        for (var option : treeOptions.entrySet()) {
            String name = TREE_OPTIONS.entrySet().stream().filter(e -> e.getValue().equals(option.getKey()))
                    .findFirst().orElseThrow().getKey();
            if (!algorithm.trees()) {
                throw new UsageException(option.getKey() + " sets a tree ensemble's " + name.replace('_', ' ')
                        + ", but the algorithm is " + algorithm.id + "; add --algorithm gbm or --algorithm random-forest");
            }
            if (!TreeSettings.GBM.hyperparameters(algorithm).containsKey(name)) {
                throw new UsageException(option.getKey() + " is not a setting of " + algorithm.id + " (only of "
                        + (algorithm == Algorithm.GBM ? "random-forest" : "gbm") + ")");
            }
            values.settings().put(algorithm.settingsPrefix() + name, option.getValue());
            values.where().put(algorithm.settingsPrefix() + name, option.getKey() + " on the command line");
        }
        double lambda = values.number("lambda");
        if (!(lambda > 0)) {
            throw values.problem("lambda", "must be a positive number");
        }
        long folds = values.integer("cv.folds", 2, 100);
        long seed = values.integer("cv.seed", Long.MIN_VALUE, Long.MAX_VALUE);
        long holdoutAbove = values.integer("cv.holdout_above_rows", 0, Long.MAX_VALUE);
        double holdoutShare = values.number("cv.holdout_share");
        if (!(holdoutShare > 0 && holdoutShare < 1)) {
            throw values.problem("cv.holdout_share", "must be above 0 and below 1, the share of rows held out");
        }
        double minCvR2 = values.number("gate.min_cv_r2");
        if (!(minCvR2 <= 1)) {
            throw values.problem("gate.min_cv_r2", "must be at most 1, a perfect fit");
        }
        double maxRelativeCvRmse = values.number("gate.max_relative_cv_rmse");
        if (!(maxRelativeCvRmse > 0)) {
            throw values.problem("gate.max_relative_cv_rmse", "must be positive (about 1 is no better than the mean)");
        }
        OptionalDouble maxCvRmse = OptionalDouble.empty();
        if (!values.settings().get("gate.max_cv_rmse").isEmpty()) {
            maxCvRmse = OptionalDouble.of(values.number("gate.max_cv_rmse"));
            if (!(maxCvRmse.getAsDouble() > 0)) {
                throw values.problem("gate.max_cv_rmse", "must be positive, or empty for no absolute limit");
            }
        }
        TreeSettings gbm = values.trees(Algorithm.GBM);
        TreeSettings forest = values.trees(Algorithm.RANDOM_FOREST);
        long bins = values.integer("monitoring.bins", 1, com.salaryml.artifact.metadata.Distribution.MAX_BINS);
        var fit = new FitSettings(algorithm, lambda, (int) folds, seed, gbm, forest, (int) bins,
                new FitSettings.Holdout(holdoutAbove, holdoutShare));
        return new Fitting(fit, new ApprovalGate(minCvR2, maxRelativeCvRmse, maxCvRmse));
    }

    /** The options as the model's provenance records them, by name; some only when not the default. */
    private static Map<String, String> recorded(Path data, List<Path> fromLogs, Path outcomes,
                                                DatabaseSelection fromDatabase, Path schema,
                                                CsvFormat.Delimiter delimiter, boolean decimalComma, String version,
                                                FitSettings fit, Map<String, String> merged, ApprovalGate gate,
                                                Path home) {
        var recorded = new TreeMap<String, String>();
        if (fromDatabase != null) {
            recorded.putAll(fromDatabase.recorded());
        } else if (fromLogs.isEmpty()) {
            recorded.put("data", display(data, home));
        } else {
            recorded.put("from_log", String.join(",", fromLogs.stream().map(log -> display(log, home)).toList()));
            recorded.put("outcomes", display(outcomes, home));
        }
        // Only when given: the schema itself is in the model, and the default keeps models' bytes as they were.
        if (schema != null) {
            recorded.put("schema", display(schema, home));
        }
        // Only when not the default, so that models trained from the project's own CSV keep their bytes.
        if (delimiter != CsvFormat.Delimiter.COMMA) {
            recorded.put("csv.delimiter", delimiter.id);
        }
        if (decimalComma) {
            recorded.put("csv.decimal_comma", "true");
        }
        recorded.put("version", version);
        recorded.put("algorithm", fit.algorithm().id);
        if (fit.algorithm().penalized()) {
            recorded.put("lambda", Double.toString(fit.lambda()));
        }
        if (fit.algorithm().trees()) {
            String prefix = fit.algorithm().settingsPrefix();
            fit.trees().hyperparameters(fit.algorithm()).forEach((name, value) ->
                    recorded.put(prefix + name, merged.get(prefix + name)));
        }
        recorded.put("cv.folds", Long.toString(fit.folds()));
        recorded.put("cv.seed", Long.toString(fit.seed()));
        recorded.put("gate.min_cv_r2", Double.toString(gate.minCvR2()));
        recorded.put("gate.max_relative_cv_rmse", Double.toString(gate.maxRelativeCvRmse()));
        // Only when set: an absolute limit is an option, not a default.
        gate.maxCvRmse().ifPresent(max -> recorded.put("gate.max_cv_rmse", Double.toString(max)));
        recorded.put("monitoring.bins", Long.toString(fit.bins()));
        return recorded;
    }

    private static void option(Map<String, String> settings, Map<String, String> sources, String key, String value,
                               String option) {
        settings.put(key, value);
        sources.put(key, option + " on the command line");
    }

    /** A path as recorded in the model: relative to the project when inside it, so checkouts agree. */
    private static String display(Path path, Path home) {
        Path absolute = path.toAbsolutePath().normalize();
        Path root = home.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString().replace('\\', '/') : absolute.toString();
    }

    private static CsvFormat.Delimiter delimiter(String text) throws UsageException {
        try {
            return CsvFormat.Delimiter.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }
}
