package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training command as a shell or {@code mvn exec:java} runs it: its own JVM, so that what reaches the
 * terminal and the exit status are what a user gets. A refusal ends with the command's own message, and the
 * status is the only thing after it.
 */
class TrainCommandProcessTest {

    @TempDir
    Path dir;

    private record Exit(int status, String out, String err) {
    }

    @Test
    void refusedDataEndsWithTheMessageAndExitStatusOne() throws Exception {
        Path data = Csv.write(dir, "bad.csv", Csv.hiringWithLine(3, "0,eight,6,45000"));
        Path out = dir.resolve("models");

        Exit exit = run("--data", data.toString(), "--out", out.toString());

        assertThat(exit.status()).isEqualTo(1);
        assertThat(exit.out()).isEmpty();
        assertThat(exit.err()).isEqualTo("Training failed; nothing was written.\n"
                + "error: " + data + " line 3, column 'test_score': \"eight\" is not a number\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void dataTooLargeForTheHeapEndsWithWhatToDoNotAStackTrace() throws Exception {
        Path data = dir.resolve("large.csv");
        GenerateCommand.write(data, 300_000, 1);
        Path out = dir.resolve("models");

        Exit exit = runWith(List.of("-Xmx48m"), "--data", data.toString(), "--out", out.toString());

        assertThat(exit.status()).isEqualTo(1);
        // The JVM may report a little less heap than -Xmx asks for: the message gives what it reports.
        assertThat(exit.err()).matches("(?s)Training failed; nothing was written\\.\nerror: the data and its fit do"
                        + " not fit in this JVM's heap \\(4\\d MiB\\): .*\n")
                .contains("mvn -pl model-training-spark exec:java").doesNotContain("Exception", "\tat ");
        assertThat(out.resolve("salary-model-1.0.0.json")).doesNotExist();
    }

    @Test
    void aWrongCommandLineEndsWithTheUsageAndExitStatusTwo() throws Exception {
        Exit exit = run("--delimiter", "pipe");

        assertThat(exit.status()).isEqualTo(2);
        assertThat(exit.out()).isEmpty();
        assertThat(exit.err()).isEqualTo("error: --delimiter \"pipe\" is not a delimiter; choose one of comma,"
                + " semicolon, tab (or ',', ';')\n\n" + TrainingOptions.USAGE);
    }

    @Test
    void aRandomForestTrainedInAnotherJvmIsByteIdenticalToOneTrainedHere() throws Exception {
        // A forest builds its trees on the common pool's threads: a fresh JVM schedules them differently.
        Path data = dir.resolve("nonlinear.csv");
        GenerateCommand.write(data, 400, 5, GenerateCommand.Truth.NONLINEAR);
        String[] args = {"--data", data.toString(), "--algorithm", "random-forest", "--trees", "40", "--quiet"};
        Path there = dir.resolve("there");
        Path here = dir.resolve("here");

        // Byte-identical as the reproducible-builds convention asks: with SOURCE_DATE_EPOCH fixing trained_at.
        Exit exit = runWith(List.of(), Map.of(TrainingTime.SOURCE_DATE_EPOCH, "1795737600"),
                concat(args, "--out", there.toString()));
        int status = new TrainCommand(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()), Map.of(TrainingTime.SOURCE_DATE_EPOCH, "1795737600"))
                .run(List.of(concat(args, "--out", here.toString())));

        assertThat(exit.status()).as(exit.err()).isZero();
        assertThat(status).isZero();
        for (String file : List.of("salary-model-1.0.0.json", "salary-model-1.0.0.jar")) {
            assertThat(Files.readAllBytes(there.resolve(file))).as(file).isEqualTo(Files.readAllBytes(here.resolve(file)));
        }
    }

    private static String[] concat(String[] first, String... more) {
        var all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private Exit run(String... args) throws IOException, InterruptedException {
        return runWith(List.of(), args);
    }

    private Exit runWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return runWith(jvmOptions, Map.of(), args);
    }

    /** Runs the command in a JVM of its own, with these variables added to this process's environment. */
    private Exit runWith(List<String> jvmOptions, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // The project root this JVM resolves defaults and reads the git commit from, so that the provenance agrees.
        command.add("-Dsalary.home=" + Path.of(System.getProperty("salary.home", "")).toAbsolutePath());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TrainCommand.class.getName());
        command.addAll(List.of(args));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        var builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the training command did not finish within 2 minutes");
        }
        return new Exit(process.exitValue(), text(stdout), text(stderr));
    }

    private static String text(Path file) throws IOException {
        return Files.readString(file, UTF_8).replace(System.lineSeparator(), "\n");
    }
}
