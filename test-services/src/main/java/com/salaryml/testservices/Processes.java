package com.salaryml.testservices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the servers' own commands, as another user where root may not run them. */
final class Processes {

    private Processes() {
    }

    /** Whether this JVM runs as root, which PostgreSQL refuses to run as. */
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command, run as {@code user} through runuser when this JVM is root. */
    static List<String> as(String user, String... command) {
        var full = new ArrayList<String>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", user, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /**
     * Runs a command to its end.
     *
     * @return what it printed, stdout and stderr together
     * @throws IOException naming the command and with its output, if it fails or takes over {@code seconds}
     */
    static String run(List<String> command, long seconds) throws IOException {
        // The output goes to a file, not a pipe: reading a pipe to its end would wait for every process that
        // inherited it (pg_ctl's server, say), and the timeout would never fire.
        Path output = Files.createTempFile("salary-command-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish within " + seconds
                            + " s: " + Files.readString(output, StandardCharsets.UTF_8).strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted while running " + String.join(" ", command), e);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit status "
                        + process.exitValue() + ": " + text.strip());
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** A free TCP port on the loopback address. */
    static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
