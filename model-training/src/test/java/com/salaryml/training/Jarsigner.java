package com.salaryml.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's jarsigner, run as an operator runs it to check a signed model JAR. The keys come from model-artifact's
 * {@link com.salaryml.artifact.Approvers}; what this adds is a command that may fail, with its status and output.
 */
final class Jarsigner {

    /** What jarsigner printed, and how it ended. */
    record Result(int status, String output) {
    }

    private Jarsigner() {
    }

    /** {@code jarsigner -verify jar}, whatever it answers. */
    static Result verify(Path jar) {
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString(), "-verify",
                jar.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
