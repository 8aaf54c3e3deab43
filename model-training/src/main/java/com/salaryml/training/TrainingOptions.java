package com.salaryml.training;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The training command's options.
 *
 * @param data      the hiring CSV
 * @param out       the folder the model file and model JAR go to
 * @param version   the version the new model gets
 * @param overwrite whether a different model may replace one already written under the same version
 */
record TrainingOptions(Path data, Path out, String version, boolean overwrite) {

    static final String DEFAULT_VERSION = "1.0.0";

    static final String USAGE = """
            Usage: mvn -pl model-training exec:java -Dexec.args="[options]"

            Trains the salary model on a hiring CSV and writes salary-model-<version>.json
            and salary-model-<version>.jar.

            Options:
              --data FILE      the hiring CSV (default: data/hiring.csv in the project)
              --out DIR        where the model file and JAR go (default: models/ in the project)
              --version V      the new model's version (default: %s)
              --overwrite      replace a different model already written under the same version
              --help           print this text
            """.formatted(DEFAULT_VERSION);

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    /** Thrown for options that make no sense; the message says which and why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
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
        String version = DEFAULT_VERSION;
        boolean overwrite = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--data" -> data = Path.of(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--version" -> version = value(args, ++i, arg);
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
        return new TrainingOptions(data.normalize(), out.normalize(), version, overwrite);
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }
}
