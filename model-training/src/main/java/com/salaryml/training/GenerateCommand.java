package com.salaryml.training;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Target;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a synthetic hiring CSV of any size, for benchmarks, scale tests and measuring intervals, and beside it
 * the schema file that declares its columns, so that the trainer reads it as it reads data/hiring.csv. Seeded, so
 * the same arguments always give the same file. The ranges resemble data/hiring.csv: experience skewed towards
 * juniors, scores mostly 5 to 10. The salary is a known truth plus Gaussian noise of a known spread: linear in
 * all three inputs (the default), or non-linear ({@code --truth nonlinear}), where experience pays less with
 * every year and a good interview pays a step more, the more so with a good test.
 */
public final class GenerateCommand {

    static final String USAGE = """
            Usage: mvn -pl model-training exec:java -Dexec.mainClass=com.salaryml.training.GenerateCommand \\
                       -Dexec.args="--rows N --out FILE [--seed S] [--truth linear|nonlinear]"

            Writes a synthetic hiring CSV with N rows (default seed 1), and beside it the schema
            file that declares its columns (FILE's name with .schema.json). The salary is the
            truth plus Gaussian noise with a standard deviation of $3,000:
              linear     25,000 + 2,700 x experience + 850 x test + 2,300 x interview (the default)
              nonlinear  experience pays less with every year, and an interview score of 7 or
                         more pays a step that grows with the test score (docs/training.md)
            """;

    /** The columns this command writes, as the schema file beside the CSV declares them. */
    static final DataSchema SCHEMA = schema();

    /** The standard deviation of the noise added to the truth, in USD. */
    static final double NOISE_SD = 3000;

    /** How the salary depends on the inputs, before the noise. */
    enum Truth {
        LINEAR("linear") {
            @Override
            double salary(double experience, double test, double interview) {
                return 25000 + 2700.0 * experience + 850.0 * test + 2300.0 * interview;
            }
        },
        /**
         * Diminishing returns: the first 8 years earn about 63% of the $32,000 that experience can add. A step of
         * $3,000 plus $500 per test point for an interview score of 7 or more: a threshold and an interaction,
         * neither of which a linear model can draw.
         */
        NONLINEAR("nonlinear") {
            @Override
            double salary(double experience, double test, double interview) {
                double good = interview >= 7 ? 1 : 0;
                return 30000 + 32000 * (1 - Math.exp(-experience / 8.0)) + 600.0 * test
                        + good * (3000 + 500.0 * test);
            }
        };

        final String id;

        Truth(String id) {
            this.id = id;
        }

        /** The expected salary for these inputs. */
        abstract double salary(double experience, double test, double interview);

        static Truth parse(String text) {
            for (Truth truth : values()) {
                if (truth.id.equals(text)) {
                    return truth;
                }
            }
            throw new IllegalArgumentException("--truth must be linear or nonlinear, was '" + text + "'");
        }
    }

    private GenerateCommand() {
    }

    public static void main(String[] args) {
        int status = run(List.of(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        long rows = -1;
        long seed = 1;
        Truth truth = Truth.LINEAR;
        Path file = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--rows" -> rows = Long.parseLong(args.get(++i).replace("_", ""));
                    case "--seed" -> seed = Long.parseLong(args.get(++i));
                    case "--out" -> file = Path.of(args.get(++i));
                    case "--truth" -> truth = Truth.parse(args.get(++i));
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "'");
                }
            }
            if (rows < 1 || file == null) {
                throw new IllegalArgumentException("--rows (at least 1) and --out are required");
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("error: " + (e instanceof IndexOutOfBoundsException ? "an option needs a value" : e.getMessage()));
            err.print(USAGE);
            return 2;
        }
        try {
            write(file, rows, seed, truth);
            out.printf(Locale.US, "Wrote %,d rows to %s (seed %d, %s truth) and its schema file %s%n", rows, file, seed,
                    truth.id, DataSchema.besideData(file));
            return 0;
        } catch (IOException e) {
            err.println("error: cannot write " + file + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Writes a synthetic hiring CSV whose salary is a linear function of the inputs plus noise, and its schema
     * file beside it: data of any size for tests and benchmarks, the same for the same seed.
     *
     * @param out  the CSV to write
     * @param rows how many data rows
     * @param seed the seed of every random draw
     * @throws IOException if a file cannot be written
     */
    public static void write(Path out, long rows, long seed) throws IOException {
        write(out, rows, seed, Truth.LINEAR);
    }

    static void write(Path out, long rows, long seed, Truth truth) throws IOException {
        var random = new SplittableRandom(seed);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            writer.write("experience,test_score,interview_score,salary\n");
            var line = new StringBuilder(48);
            for (long i = 0; i < rows; i++) {
                // Experience: exponential around 6 years, capped at 40, whole years.
                int experience = (int) Math.min(40, Math.floor(-6 * Math.log(1 - random.nextDouble())));
                int test = score(random);
                int interview = score(random);
                double noise = gaussian(random) * NOISE_SD;
                // The floor is over three noise standard deviations below any linear truth, five below any non-linear one.
                long salary = Math.max(15000, Math.round(truth.salary(experience, test, interview) + noise));
                line.setLength(0);
                line.append(experience).append(',').append(test).append(',').append(interview).append(',')
                        .append(salary).append('\n');
                writer.append(line);
            }
        }
        Files.writeString(DataSchema.besideData(out), SCHEMA.toJson(), StandardCharsets.UTF_8);
    }

    private static DataSchema schema() {
        return new DataSchema("salary", new Target("salary", "USD"), new DataSchema.TargetRange(0.0, null),
                new FeatureSchema(List.of(
                new Feature("experience", "years", "Years of professional experience", 0, 50, 2.0),
                new Feature("test_score", "points out of 10", "Score in the written test", 0, 10, 9.0),
                new Feature("interview_score", "points out of 10", "Score in the interview", 0, 10, 6.0))));
    }

    /** A score out of 10, centred on 7.5: most candidates who reach a test do reasonably well. */
    private static int score(SplittableRandom random) {
        return (int) Math.max(0, Math.min(10, Math.round(7.5 + 1.6 * gaussian(random))));
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
