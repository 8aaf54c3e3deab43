package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameBytes() throws Exception {
        byte[] first = generated("first.csv", 500, 11);

        assertThat(generated("again/second.csv", 500, 11)).isEqualTo(first);
    }

    @Test
    void anotherSeedGivesOtherRows() throws Exception {
        byte[] a = generated("a.csv", 100, 1);

        assertThat(generated("b.csv", 100, 2)).isNotEqualTo(a);
    }

    /** Generates {@code rows} rows from {@code seed} into {@code name} below the folder and returns the file's bytes. */
    private byte[] generated(String name, int rows, long seed) throws Exception {
        Path file = dir.resolve(name);
        GenerateCommand.write(file, rows, seed);
        return Files.readAllBytes(file);
    }

    @Test
    void writesTheHeaderAndOneLineOfWholeNumbersPerRow() throws Exception {
        Path file = dir.resolve("hires.csv");

        GenerateCommand.write(file, 2000, 3);

        List<String> lines = Files.readAllLines(file, UTF_8);
        assertThat(lines).hasSize(2001);
        assertThat(lines.get(0)).isEqualTo(Csv.HEADER);
        assertThat(Files.readString(file, UTF_8)).endsWith("\n").doesNotContain("\r");
        assertThat(lines.subList(1, lines.size())).allMatch(line -> line.matches("\\d+,\\d+,\\d+,\\d+"));
    }

    @Test
    void everyValueIsInsideTheValidRanges() throws Exception {
        Path file = dir.resolve("hires.csv");
        GenerateCommand.write(file, 5000, 4);

        for (String line : Files.readAllLines(file, UTF_8).subList(1, 5001)) {
            String[] cells = line.split(",");
            int experience = Integer.parseInt(cells[0]);
            int test = Integer.parseInt(cells[1]);
            int interview = Integer.parseInt(cells[2]);
            long salary = Long.parseLong(cells[3]);
            assertThat(experience).as(line).isBetween(0, 40);
            assertThat(test).as(line).isBetween(0, 10);
            assertThat(interview).as(line).isBetween(0, 10);
            assertThat(salary).as(line).isGreaterThanOrEqualTo(15000);
        }
        // The training reader checks every cell against the schema's valid ranges, too.
        Dataset data = Fits.read(file);
        assertThat(data.rows()).isEqualTo(5000);
        assertThat(data.columns()[0]).contains(0.0);
    }

    @Test
    void theDataHasTheRelationshipItWasGeneratedWith() throws Exception {
        Path file = dir.resolve("hires.csv");
        GenerateCommand.write(file, 20_000, 5);

        double[] b = IndependentOls.coefficients(Fits.read(file));

        // salary = 25000 + 2700 · experience + 850 · test + 2300 · interview + noise (sd 3000), floored at 15000.
        assertThat(b[1]).isBetween(2600.0, 2800.0);
        assertThat(b[2]).isBetween(700.0, 1000.0);
        assertThat(b[3]).isBetween(2150.0, 2450.0);
    }

    @Test
    void commandLineWritesTheFileAndRejectsMissingOptions() throws Exception {
        Path file = dir.resolve("cli.csv");

        assertThat(run("--rows", "1_000", "--seed", "9", "--out", file.toString()))
                .isEqualTo(new Run(0, "Wrote 1,000 rows to " + file + " (seed 9, linear truth) and its schema file "
                        + dir.resolve("cli.schema.json") + "\n", ""));
        assertThat(Files.readAllLines(file, UTF_8)).hasSize(1001);
        assertThat(DataSchema.read(dir.resolve("cli.schema.json"))).isEqualTo(GenerateCommand.SCHEMA);

        assertThat(run("--out", dir.resolve("x.csv").toString()).err())
                .isEqualTo("error: --rows (at least 1) and --out are required\n" + GenerateCommand.USAGE);
        assertThat(run("--rows", "0", "--out", dir.resolve("x.csv").toString()).status()).isEqualTo(2);
        assertThat(run("--rows")).isEqualTo(new Run(2, "", "error: an option needs a value\n" + GenerateCommand.USAGE));
        assertThat(run("--colour", "blue").err()).startsWith("error: unknown option '--colour'\n");
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }

    private static Run run(String... args) {
        return Run.of((out, err) -> GenerateCommand.run(List.of(args), out, err));
    }
}
