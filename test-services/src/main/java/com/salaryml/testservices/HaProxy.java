package com.salaryml.testservices;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real load balancer for a test: Debian's HAProxy ({@code apt-get install haproxy}), round robin over the given
 * replicas, checking each one's health path as an operator's would, so a replica that stops answering is routed
 * around.
 */
public final class HaProxy implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/haproxy");
    private static final Duration STARTING = Duration.ofSeconds(30);

    private static final Pattern HEALTH_PATH = Pattern.compile("/[^\\s#]*");

    private final Process process;
    private final Path directory;
    private final URI uri;
    private final Thread cleanUp;

    private HaProxy(Process process, Path directory, URI uri) {
        this.process = process;
        this.directory = directory;
        this.uri = uri;
        // HAProxy is a child process, and a JVM that ends without close() would leave it running.
        this.cleanUp = new Thread(process::destroyForcibly, "haproxy-clean-up");
    }

    /**
     * Starts HAProxy in front of {@code backends}, and waits until it answers through at least one of them.
     *
     * @param backends   each replica's base, such as {@code http://127.0.0.1:8081/}
     * @param healthPath the path checked on each, such as {@code /salary/health/ready}
     * @throws IllegalArgumentException if there is no backend, a backend is not {@code http://host:port/}, or
     *                                  the health path is not an absolute path without spaces
     * @throws IOException              if HAProxy is not installed or does not answer through a backend
     */
    public static HaProxy start(List<URI> backends, String healthPath) throws IOException {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("HAProxy needs at least one backend, was given none");
        }
        for (URI backend : backends) {
            // HAProxy sends the request's path on unchanged; a backend's own path would be silently ignored.
            boolean base = backend.getPath() == null || backend.getPath().isEmpty() || backend.getPath().equals("/");
            if (!"http".equals(backend.getScheme()) || backend.getHost() == null || backend.getPort() < 0 || !base
                    || backend.getQuery() != null) {
                throw new IllegalArgumentException("a backend is http://<host>:<port>/, was " + backend);
            }
        }
        if (!HEALTH_PATH.matcher(healthPath).matches()) {
            throw new IllegalArgumentException("the health path is an absolute path without spaces, such as"
                    + " /salary/health/ready, was '" + healthPath + "'");
        }
        if (!Files.isExecutable(BINARY)) {
            throw new IOException("HAProxy is not installed (no " + BINARY + "): apt-get install haproxy, as .ci/run"
                    + " does");
        }
        int port = Processes.freePort();
        Path directory = Files.createTempDirectory("salary-haproxy-");
        var config = new StringBuilder("""
                global
                    maxconn 1000
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    # Without it a whole check must finish within "inter" (500 ms below), and a replica that is
                    # busy for that long on a loaded test machine is taken out of rotation though it is alive.
                    timeout check 5s
                    retries 2
                    option redispatch
                frontend salary
                """);
        config.append("    bind 127.0.0.1:").append(port).append('\n')
                .append("    default_backend replicas\n")
                .append("backend replicas\n")
                .append("    balance roundrobin\n")
                .append("    option httpchk GET ").append(healthPath).append('\n');
        for (int i = 0; i < backends.size(); i++) {
            URI backend = backends.get(i);
            config.append("    server replica").append(i).append(' ').append(backend.getHost()).append(':')
                    .append(backend.getPort()).append(" check inter 500ms fall 2 rise 1\n");
        }
        Path file = directory.resolve("haproxy.cfg");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(BINARY.toString(), "-f", file.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
        var proxy = new HaProxy(process, directory, URI.create("http://127.0.0.1:" + port));
        Runtime.getRuntime().addShutdownHook(proxy.cleanUp);
        try {
            proxy.awaitAnswer(healthPath);
        } catch (IOException | RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    private void awaitAnswer(String healthPath) throws IOException {
        Instant deadline = Instant.now().plus(STARTING);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("HAProxy stopped: " + Files.readString(directory.resolve("haproxy.log")));
            }
            try {
                var connection = (HttpURLConnection) uri.resolve(healthPath).toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("HAProxy does not answer 200 on " + uri.resolve(healthPath) + " within "
                        + STARTING.toSeconds() + " s: " + Files.readString(directory.resolve("haproxy.log")));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for HAProxy", e);
            }
        }
    }

    /** Where the replicas are reached through it: {@code http://127.0.0.1:<port>}, paths passed on unchanged. */
    public URI uri() {
        return uri;
    }

    /** Stops it and deletes its configuration. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or ran.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(directory)) {
            for (Path path : files.toList()) {
                Files.deleteIfExists(path);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
