package com.salaryml.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs R, the independent oracle of the statistics tests: a script no one here wrote the numbers of. R is a
 * test dependency like the browser: {@code .ci/run} installs Debian's {@code r-base-core} and the R packages
 * the scripts load. Without it a test fails, saying what to install; it is never skipped.
 */
public final class RScript {

    private RScript() {
    }

    /**
     * Runs a script from the test classpath with arguments, and returns what it printed.
     *
     * @param anchor   a class beside the script, whose resources hold it
     * @param resource the script's name, beside {@code anchor}
     * @param args     the script's arguments
     * @throws AssertionError if R is missing, or the script fails or takes over two minutes, with its output
     */
    public static String run(Class<?> anchor, String resource, String... args) throws IOException,
            InterruptedException {
        Path script = Files.createTempFile("salaryml-", ".R");
        try (var in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no R script " + resource + " beside " + anchor.getName());
            }
            Files.write(script, in.readAllBytes());
        }
        var command = new ArrayList<>(List.of("Rscript", "--vanilla", script.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("Rscript cannot be started (" + e.getMessage() + "). R is the independent"
                    + " oracle of these tests: install it with `apt-get install r-base-core r-cran-jsonlite`,"
                    + " as .ci/run does", e);
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("Rscript " + resource + " took over two minutes");
            }
            String printed = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("Rscript " + resource + " failed with exit code " + process.exitValue()
                        + ":\n" + printed);
            }
            return printed;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
