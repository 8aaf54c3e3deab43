package com.salaryml.training;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The training command's options. Each comes, in order of precedence, from the command line, the training
 * configuration file ({@code training.properties} in the project, or {@code --config FILE}), or the
 * built-in default.
 *
 * @param data      the training CSV
 * @param schema    the schema file that declares the CSV's target and features
 * @param csv       how the training CSV separates cells and writes decimals
 * @param out       the folder the model file, model JAR and review report go to
 * @param version   the version the new model gets
 * @param overwrite whether a different model may replace one already written under the same version
 * @param fit       the algorithm, its lambda, and the cross-validation folds and seed
 * @param gate      the acceptance thresholds a model must meet to be packaged
 * @param compareTo a previous model file to compare the new model with, or {@code null}
 * @param recorded  the options as recorded in the model's provenance, by name
 * @param quiet     whether to print one line on success instead of the fit, the metrics and how to deploy
 */
record TrainingOptions(Path data, Path schema, CsvFormat csv, Path out, String version, boolean overwrite,
                       Trainer.Settings fit, ApprovalGate gate, Path compareTo, Map<String, String> recorded,
                       boolean quiet) {

    static final String DEFAULT_VERSION = "1.0.0";
    static final String CONFIG_FILE = "training.properties";

    /** The settings a configuration file may hold, with their built-in defaults. */
    static final Map<String, String> DEFAULTS = defaults();

    static final String USAGE = """
            Usage: mvn -pl model-training exec:java -Dexec.args="[options]"

            Trains a model on a CSV whose target and features a schema file declares. If it
            passes the approval gate, writes <model>-model-<version>.json and .jar; always writes
            the review report <model>-model-<version>.html.

            Options:
              --data FILE          the training CSV (default: data/hiring.csv in the project)
              --schema FILE        the schema file declaring the CSV's target and features (default:
                                   the CSV's name with .schema.json, beside it: data/hiring.schema.json)
              --delimiter D        what separates the CSV's cells: comma, semicolon or tab,
                                   or the character itself (default: comma)
              --decimal-comma      the CSV writes numbers with a decimal comma, like 2,5, as Excel
                                   does in many European locales (default: a point, 2.5)
              --out DIR            where the files go (default: models/ in the project)
              --version V          the new model's version (default: %s)
              --algorithm A        ols, ridge or lasso (default: ols)
              --lambda X           the penalty weight for ridge and lasso (default: 1.0)
              --folds K            k for k-fold cross-validation above %d rows (default: 10)
              --seed N             the seed that shuffles rows into folds (default: 42)
              --min-cv-r2 X        the gate: lowest acceptable cross-validated R² (default: 0.5)
              --max-cv-rmse X      the gate: highest acceptable cross-validated RMSE, in the
                                   target's unit (default: 10000)
              --compare-to FILE    compare with a previous model file or JAR before approving
              --config FILE        read these settings from FILE (default: training.properties in the project)
              --overwrite          replace a different model already written under the same version
              --quiet              on success print one line, not the fit and how to deploy it
              --help               print this text
            """.formatted(DEFAULT_VERSION, Trainer.LEAVE_ONE_OUT_MAX_ROWS);

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    /** Options that make no sense; the message says which and why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static Map<String, String> defaults() {
        var defaults = new LinkedHashMap<String, String>();
        defaults.put("algorithm", "ols");
        defaults.put("lambda", "1.0");
        defaults.put("cv.folds", "10");
        defaults.put("cv.seed", "42");
        defaults.put("gate.min_cv_r2", "0.5");
        defaults.put("gate.max_cv_rmse", "10000");
        return Map.copyOf(defaults);
    }

    /**
     * Parses the command line.
     *
     * @param home the folder default paths are resolved against: the project root when run through Maven
     * @return the options, or {@code null} if help was asked for
     */
    static TrainingOptions parse(List<String> args, Path home) throws UsageException {
        Path data = home.resolve("data").resolve("hiring.csv");
        Path out = home.resolve("models");
        Path schema = null;
        Path config = null;
        Path compareTo = null;
        String version = DEFAULT_VERSION;
        boolean overwrite = false;
        boolean quiet = false;
        boolean decimalComma = false;
        CsvFormat.Delimiter delimiter = CsvFormat.Delimiter.COMMA;
        var settings = new TreeMap<String, String>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--data" -> data = Path.of(value(args, ++i, arg));
                case "--schema" -> schema = Path.of(value(args, ++i, arg));
                case "--delimiter" -> delimiter = delimiter(value(args, ++i, arg));
                case "--decimal-comma" -> decimalComma = true;
                case "--quiet" -> quiet = true;
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--version" -> version = value(args, ++i, arg);
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--compare-to" -> compareTo = Path.of(value(args, ++i, arg));
                case "--algorithm" -> settings.put("algorithm", value(args, ++i, arg));
                case "--lambda" -> settings.put("lambda", value(args, ++i, arg));
                case "--folds" -> settings.put("cv.folds", value(args, ++i, arg));
                case "--seed" -> settings.put("cv.seed", value(args, ++i, arg));
                case "--min-cv-r2" -> settings.put("gate.min_cv_r2", value(args, ++i, arg));
                case "--max-cv-rmse" -> settings.put("gate.max_cv_rmse", value(args, ++i, arg));
                case "--overwrite" -> overwrite = true;
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (!VERSION.matcher(version).matches()) {
            throw new UsageException("--version \"" + version + "\" is not a valid version: use 1 to 64 letters,"
                    + " digits, '.', '-', '_' or '+', starting with a letter or digit, e.g. 1.2.0");
        }
        Path configFile = config != null ? config : home.resolve(CONFIG_FILE);
        var merged = new TreeMap<>(DEFAULTS);
        if (config != null || Files.isRegularFile(configFile)) {
            merged.putAll(readConfig(configFile));
        }
        merged.putAll(settings);

        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(merged.get("algorithm"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        double lambda = number(merged, "lambda", configFile);
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new UsageException("lambda must be a positive number, was " + merged.get("lambda"));
        }
        long folds = integer(merged, "cv.folds", configFile);
        if (folds < 2 || folds > 100) {
            throw new UsageException("cv.folds (--folds) must be between 2 and 100, was " + folds);
        }
        long seed = integer(merged, "cv.seed", configFile);
        double minCvR2 = number(merged, "gate.min_cv_r2", configFile);
        double maxCvRmse = number(merged, "gate.max_cv_rmse", configFile);
        if (!(maxCvRmse > 0)) {
            throw new UsageException("gate.max_cv_rmse (--max-cv-rmse) must be positive, was " + maxCvRmse);
        }
        var fit = new Trainer.Settings(algorithm, lambda, (int) folds, seed);
        var recorded = new TreeMap<String, String>();
        recorded.put("data", display(data, home));
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
        recorded.put("algorithm", algorithm.id);
        if (algorithm.penalized()) {
            recorded.put("lambda", Double.toString(lambda));
        }
        recorded.put("cv.folds", Long.toString(folds));
        recorded.put("cv.seed", Long.toString(seed));
        recorded.put("gate.min_cv_r2", Double.toString(minCvR2));
        recorded.put("gate.max_cv_rmse", Double.toString(maxCvRmse));
        Path schemaFile = schema != null ? schema : DataSchema.besideData(data);
        return new TrainingOptions(data.normalize(), schemaFile.normalize(), new CsvFormat(delimiter, decimalComma),
                out.normalize(), version, overwrite, fit, new ApprovalGate(minCvR2, maxCvRmse), compareTo, recorded,
                quiet);
    }

    private static Map<String, String> readConfig(Path file) throws UsageException {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read the training configuration " + file + ": " + e.getMessage());
        }
        Set<String> known = DEFAULTS.keySet();
        var values = new TreeMap<String, String>();
        for (String key : properties.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new UsageException(file + ": unknown setting '" + key + "'; the settings are "
                        + String.join(", ", new TreeMap<>(DEFAULTS).keySet()));
            }
            values.put(key, properties.getProperty(key).strip());
        }
        return values;
    }

    private static double number(Map<String, String> settings, String key, Path configFile) throws UsageException {
        String text = settings.get(key);
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(key + " must be a number, was \"" + text + "\" (from the command line or "
                + configFile + ")");
    }

    private static long integer(Map<String, String> settings, String key, Path configFile) throws UsageException {
        String text = settings.get(key);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(key + " must be a whole number, was \"" + text + "\" (from the command line or "
                    + configFile + ")");
        }
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
