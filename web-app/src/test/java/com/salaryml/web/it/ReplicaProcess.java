package com.salaryml.web.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One replica of a fleet: the built WAR in a container in a JVM of its own, so that it can be killed as a
 * crashed machine is. Its main class (ChildServer for Jetty, TomcatChildServer) listens on the port it is given
 * and prints {@code LISTENING <port>} once it serves; the app's settings go in as system properties and secrets
 * in its environment, where a command line does not show them. Its output goes to a file, not to the build's.
 */
final class ReplicaProcess implements AutoCloseable {

    /** Only a watchdog: a replica that has not deployed by then is stuck, not slow. */
    private static final Duration STARTING = Duration.ofSeconds(90);

    /**
     * What a container needs to run a replica on one database.
     *
     * @param main        the main class, given the port as its one argument
     * @param settings    system properties: the app's settings and the container's own
     * @param environment variables added to the child's environment: the database's user and password
     */
    record Launch(Class<?> main, Map<String, String> settings, Map<String, String> environment) {
        Launch {
            settings = Map.copyOf(settings);
            environment = Map.copyOf(environment);
        }
    }

    private final String name;
    private final Process process;
    private final Path output;
    private final int port;

    private ReplicaProcess(String name, Process process, Path output, int port) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /**
     * Starts the JVM and returns at once; {@link #awaitServing()} waits for it to deploy.
     *
     * @param name   which replica, for messages
     * @param output the file its output goes to
     */
    static ReplicaProcess launch(String name, Launch launch, int port, Path output) throws IOException {
        // The client compiler alone and the serial collector: a replica starts sooner, and several of them leave
        // more of a small machine's cores to the database and the load.
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path")));
        new TreeMap<>(launch.settings()).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(launch.main().getName());
        command.add(Integer.toString(port));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(launch.environment());
        return new ReplicaProcess(name, builder.start(), output, port);
    }

    /** A port free now on the loopback interface, for a replica its replacement takes over. */
    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the replica serves; fails with its output if it dies or hangs first. */
    ReplicaProcess awaitServing() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTING);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(output)) {
                for (String line : Files.readAllLines(output)) {
                    if (line.startsWith(ChildServer.LISTENING)) {
                        return this;
                    }
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("replica " + name + " exited (" + process.exitValue() + ") before serving: "
                        + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("replica " + name + " did not serve within " + STARTING.toSeconds() + " s: "
                + output());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** Where the app answers: {@code http://127.0.0.1:PORT/salary/}. */
    URI base() {
        return URI.create("http://127.0.0.1:" + port + "/salary/");
    }

    /** The end of what it printed, for a failure's message. */
    String output() {
        try {
            List<String> lines = Files.exists(output) ? Files.readAllLines(output) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(its output cannot be read: " + e.getMessage() + ")";
        }
    }

    /** Kills it as a crashed machine dies: no shutdown, nothing more written. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
