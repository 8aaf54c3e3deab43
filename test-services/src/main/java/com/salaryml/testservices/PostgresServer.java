package com.salaryml.testservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test: Debian's own binaries ({@code apt-get install postgresql}), a cluster
 * made for the test in a temporary directory, listening on a free loopback port, deleted when closed. It holds a
 * database {@code salary} and three login roles, as a deployment would: an owner that may create tables (the
 * migrations run as it), a writer that may read and write the owner's tables but create none (the application's
 * user where it may not alter the schema), and a reader that may only read (the trainer's).
 *
 * <p>PostgreSQL refuses to run as root; when the tests do (as in CI), its commands run as the {@code postgres}
 * user that Debian's package creates.
 */
public final class PostgresServer implements AutoCloseable {

    /** A role's name and password. */
    public record Credentials(String user, String password) {
    }

    private static final Path INSTALLED = Path.of("/usr/lib/postgresql");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration STARTING = Duration.ofSeconds(60);

    private final Path bin;
    private final Path directory;
    private final int port;
    private final Credentials superuser;
    private final Credentials owner;
    private final Credentials writer;
    private final Credentials reader;
    private final Thread cleanUp;
    private volatile boolean running;

    private PostgresServer(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
        this.superuser = new Credentials("postgres", password());
        this.owner = new Credentials("salary_owner", password());
        this.writer = new Credentials("salary_writer", password());
        this.reader = new Credentials("salary_reader", password());
        // A test JVM that ends without close() would otherwise leave a server running and its directory behind.
        this.cleanUp = new Thread(() -> {
            try {
                shutDown();
            } catch (IOException e) {
                // The JVM is ending; there is no one left to tell.
            }
        }, "postgres-server-clean-up");
    }

    /**
     * Makes a cluster, starts it, and creates the database {@code salary} and the three roles.
     *
     * @throws IOException if PostgreSQL is not installed or does not start; the message holds its log's end
     */
    public static PostgresServer start() throws IOException {
        Path bin = binaries();
        Path directory = Files.createTempDirectory("salary-postgres-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var server = new PostgresServer(bin, directory, Processes.freePort());
        try {
            server.create();
            server.startServer();
            server.createRoles();
            Runtime.getRuntime().addShutdownHook(server.cleanUp);
            return server;
        } catch (IOException | RuntimeException e) {
            try {
                server.shutDown();
            } catch (IOException | RuntimeException cleanUpFailure) {
                e.addSuppressed(cleanUpFailure);
            }
            throw e;
        }
    }

    /** The newest PostgreSQL Debian installed, as {@code /usr/lib/postgresql/<major>/bin}. */
    private static Path binaries() throws IOException {
        if (Files.isDirectory(INSTALLED)) {
            try (Stream<Path> majors = Files.list(INSTALLED)) {
                var found = majors.filter(major -> Files.isExecutable(major.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(major -> parseMajor(major.getFileName().toString())));
                if (found.isPresent()) {
                    return found.get().resolve("bin");
                }
            }
        }
        throw new IOException("PostgreSQL is not installed (no " + INSTALLED + "/<version>/bin/initdb): apt-get"
                + " install postgresql, as .ci/run does");
    }

    private static int parseMajor(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String password() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void create() throws IOException {
        Path passwordFile = directory.resolve("superuser-password");
        Files.writeString(passwordFile, superuser.password() + "\n", StandardCharsets.UTF_8);
        if (Processes.root()) {
            Processes.run(List.of("chown", "-R", "postgres:postgres", directory.toString()), 30);
            try {
                Processes.run(Processes.as("postgres", "test", "-w", directory.toString()), 30);
            } catch (IOException e) {
                throw new IOException("the postgres user cannot reach " + directory + ", which PostgreSQL runs"
                        + " as when the tests run as root: set java.io.tmpdir to a directory it can, such as /tmp",
                        e);
            }
        }
        Processes.run(Processes.as("postgres", bin.resolve("initdb").toString(), "--pgdata=" + data(),
                "--username=" + superuser.user(), "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"), 120);
    }

    private Path data() {
        return directory.resolve("data");
    }

    private Path log() {
        return directory.resolve("server.log");
    }

    private void startServer() throws IOException {
        // Set first: a start that fails half-way may still leave a server behind, which close() must stop.
        running = true;
        try {
            Processes.run(Processes.as("postgres", bin.resolve("pg_ctl").toString(), "--pgdata=" + data(),
                    "--log=" + log(), "--wait", "--timeout=" + STARTING.toSeconds(), "-o",
                    "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c max_connections=100",
                    "start"), STARTING.toSeconds() + 10);
        } catch (IOException e) {
            throw new IOException("PostgreSQL did not start in " + directory + ": " + e.getMessage() + "\n"
                    + tail(log()), e);
        }
        awaitConnections();
    }

    private void awaitConnections() throws IOException {
        Instant deadline = Instant.now().plus(STARTING);
        while (true) {
            try {
                connect(url("postgres"), superuser).close();
                return;
            } catch (SQLException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("PostgreSQL does not accept connections on port " + port + ": "
                            + e.getMessage() + "\n" + tail(log()), e);
                }
                sleep(100);
            }
        }
    }

    private void createRoles() throws IOException {
        superuserSql("postgres",
                "CREATE ROLE " + owner.user() + " LOGIN PASSWORD '" + owner.password() + "'",
                "CREATE ROLE " + writer.user() + " LOGIN PASSWORD '" + writer.password() + "'",
                "CREATE ROLE " + reader.user() + " LOGIN PASSWORD '" + reader.password() + "'");
        createDatabase("salary");
    }

    /**
     * Another empty database, owned by the owner, with the writer's and reader's rights on the tables the owner
     * creates in it: a fresh one for each test that needs one.
     *
     * @param name lower-case letters, digits and '_'
     * @return its JDBC URL
     */
    public String createDatabase(String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a database name here is lower-case letters, digits and '_', was "
                    + name);
        }
        superuserSql("postgres", "CREATE DATABASE " + name + " OWNER " + owner.user());
        superuserSql(name,
                "REVOKE ALL ON DATABASE " + name + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + name + " TO " + owner.user() + ", " + writer.user() + ", "
                        + reader.user(),
                // PostgreSQL 15 lets only the database owner create in schema public; said plainly all the same.
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "GRANT ALL ON SCHEMA public TO " + owner.user(),
                "GRANT USAGE ON SCHEMA public TO " + writer.user() + ", " + reader.user(),
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + owner.user() + " IN SCHEMA public GRANT SELECT, INSERT,"
                        + " UPDATE, DELETE ON TABLES TO " + writer.user(),
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + owner.user() + " IN SCHEMA public GRANT SELECT ON TABLES TO "
                        + reader.user());
        return url(name);
    }

    private void superuserSql(String database, String... statements) throws IOException {
        try (Connection connection = connect(url(database), superuser); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IOException("setting up PostgreSQL on port " + port + " failed: " + e.getMessage(), e);
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * A connection to {@code url} as {@code user}, through PostgreSQL's driver itself rather than DriverManager:
     * a servlet container in the same JVM (Tomcat, when it stops a web app that carries the driver) deregisters
     * drivers from DriverManager, after which it finds none.
     */
    public static Connection connect(String url, Credentials user) throws SQLException {
        var properties = new java.util.Properties();
        properties.setProperty("user", user.user());
        properties.setProperty("password", user.password());
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return connection;
    }

    /** Where the cluster lives; for the tests of this class. */
    Path directory() {
        return directory;
    }

    /** The JDBC URL of the database {@code salary}. */
    public String jdbcUrl() {
        return url("salary");
    }

    public int port() {
        return port;
    }

    /** May create tables: the migrations run as it. */
    public Credentials owner() {
        return owner;
    }

    /** May read and write the owner's tables, and create none. */
    public Credentials writer() {
        return writer;
    }

    /** May only read the owner's tables. */
    public Credentials reader() {
        return reader;
    }

    /** Stops the server, keeping its data, as a database outage would: fast, disconnecting every client. */
    public void stop() throws IOException {
        Processes.run(Processes.as("postgres", bin.resolve("pg_ctl").toString(), "--pgdata=" + data(), "--wait",
                "--mode=fast", "stop"), 60);
        running = false;
    }

    /** Starts it again after {@link #stop()}, on the same port and data, once it accepts connections. */
    public void restart() throws IOException {
        startServer();
    }

    /**
     * Stops it and deletes its directory.
     *
     * @throws UncheckedIOException if the directory cannot be deleted
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or ran.
        }
        try {
            shutDown();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete PostgreSQL's directory " + directory, e);
        }
    }

    private void shutDown() throws IOException {
        if (running) {
            try {
                stop();
            } catch (IOException e) {
                // It may have died already; the directory goes either way.
            }
        }
        if (Processes.root()) {
            // Root may delete what the postgres user made, whatever its permissions.
            Processes.run(List.of("rm", "-rf", directory.toString()), 60);
        } else {
            deleteTree(directory);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
