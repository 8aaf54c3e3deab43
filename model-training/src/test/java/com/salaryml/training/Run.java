package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command printed to stdout and stderr, and the status it ended with, as a test runs it in-process.
 *
 * @param status the exit status the command returned
 * @param out    what it printed to stdout
 * @param err    what it printed to stderr
 */
record Run(int status, String out, String err) {

    /** A command, run with the streams it prints to. */
    interface Command {
        int run(PrintStream out, PrintStream err);
    }

    static Run of(Command command) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var outStream = new PrintStream(out, true, UTF_8); var errStream = new PrintStream(err, true, UTF_8)) {
            status = command.run(outStream, errStream);
        }
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    /** The training command with these arguments. */
    static Run train(List<String> args) {
        return of((out, err) -> new TrainCommand(out, err).run(new ArrayList<>(args)));
    }

    /** The training command with these arguments, and this environment in place of the process's. */
    static Run train(List<String> args, java.util.Map<String, String> environment) {
        return of((out, err) -> new TrainCommand(out, err, environment).run(new ArrayList<>(args)));
    }

    /** Trains data/hiring.csv quietly into {@code dir} as this version, and its model file. */
    static Path trained(Path dir, String version) {
        Run run = train(List.of("--data", Csv.HIRING.toString(), "--out", dir.toString(), "--version", version,
                "--quiet"));
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        return dir.resolve("salary-model-" + version + ".json");
    }
}
