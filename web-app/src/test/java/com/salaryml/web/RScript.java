package com.salaryml.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * R as the independent oracle for a statistic the app computes: runs a script with {@code Rscript}, feeding it
 * text on its standard input, and returns what it prints. R is {@code apt-get install r-base-core}.
 */
public final class RScript {

    private RScript() {
    }

    /** What {@code script} prints given {@code input}; fails the test if R is missing or the script fails. */
    public static String run(String script, String input) throws IOException, InterruptedException {
        Path rscript = Programs.onPath("Rscript").orElseGet(() -> fail("Rscript is not installed; R is the"
                + " independent oracle for the drift test's statistics. Install it with: apt-get install r-base-core"));
        Process process = new ProcessBuilder(rscript.toString(), "--vanilla", "-e", script).start();
        // Read both streams while writing, so that a full pipe cannot stall either side.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("Rscript did not finish within 2 minutes");
        }
        assertThat(process.exitValue()).as("Rscript's exit status; it said: %s", err.join()).isZero();
        return out.join();
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
