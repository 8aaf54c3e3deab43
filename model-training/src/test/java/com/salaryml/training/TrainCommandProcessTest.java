package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void aWrongCommandLineEndsWithTheUsageAndExitStatusTwo() throws Exception {
        Exit exit = run("--delimiter", "pipe");

        assertThat(exit.status()).isEqualTo(2);
        assertThat(exit.out()).isEmpty();
        assertThat(exit.err()).isEqualTo("error: --delimiter \"pipe\" is not a delimiter; choose one of comma,"
                + " semicolon, tab (or ',', ';')\n\n" + TrainingOptions.USAGE);
    }

    private Exit run(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TrainCommand.class.getName());
        command.addAll(List.of(args));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
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
