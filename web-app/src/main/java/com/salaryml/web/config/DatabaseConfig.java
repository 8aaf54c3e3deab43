package com.salaryml.web.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where a fleet of replicas keeps one record of its predictions and outcomes: a PostgreSQL database named by
 * {@code salary.database}, instead of each replica's own files (docs/database.md).
 *
 * @param source      the container's JNDI DataSource, or a JDBC URL the app pools connections to itself
 * @param migrate     whether the app brings the tables to its schema version at start; false where the
 *                    application's user may not alter the schema, and then it only checks that they are there
 * @param poolSize    the most connections the app's own pool opens (a JNDI DataSource is sized by the container)
 * @param serverId    which replica this is, written with each prediction: {@code salary.server-id}, else the host
 * @param figuresAge  how long the fleet's live figures are reused before they are read again
 * @param retention   how long rows are kept; zero keeps them all
 */
public record DatabaseConfig(Source source, boolean migrate, int poolSize, String serverId, Duration figuresAge,
                             Duration retention) {

    public static final String DATABASE = "salary.database";
    public static final String MIGRATE = "salary.database.migrate";
    public static final String POOL_SIZE = "salary.database.pool-size";
    public static final String FIGURES_SECONDS = "salary.database.figures-seconds";
    public static final String RETENTION_DAYS = "salary.database.retention-days";
    public static final String SERVER_ID = "salary.server-id";
    /** Read from the environment alone: a command line is visible to every user of the machine. */
    public static final String USER_VARIABLE = "SALARY_DATABASE_USER";
    public static final String PASSWORD_VARIABLE = "SALARY_DATABASE_PASSWORD";

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)[?&](ssl)?password=");
    /** The driver lets a URL's user override the one it is given, so the environment's would be ignored. */
    private static final Pattern USER_IN_URL = Pattern.compile("(?i)[?&]user=([^&]*)");
    private static final Pattern SERVER_ID_TEXT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** Where connections come from. */
    public sealed interface Source {
        /** What the log may say about it: never a password. */
        String describe();
    }

    /** A DataSource the container provides under {@code name}, such as {@code java:comp/env/jdbc/salary}. */
    public record Jndi(String name) implements Source {
        public Jndi {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return "the container's DataSource " + name;
        }
    }

    /**
     * A JDBC URL, with the user and password from the environment.
     *
     * @param password never logged, never in {@link #toString()}
     */
    public record Url(String url, String user, String password) implements Source {
        public Url {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String describe() {
            return url + " as " + user;
        }

        @Override
        public String toString() {
            return "Url[" + describe() + "]";
        }
    }

    public DatabaseConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(serverId, "serverId");
    }

    /**
     * Reads the database settings; empty when {@code salary.database} is not set, and the files are the record.
     *
     * @param environment the process environment, where the user and password are read from
     */
    static Optional<DatabaseConfig> read(Settings settings, UnaryOperator<String> environment,
                                         AppConfig.Reader reader, List<String> problems) {
        Optional<Settings.Value> setting = settings.get(DATABASE);
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        String value = setting.get().value();
        Source source = null;
        if (value.startsWith("java:")) {
            source = new Jndi(value);
        } else if (value.startsWith("jdbc:postgresql:")) {
            if (PASSWORD_IN_URL.matcher(value).find()) {
                // Not echoed: the value holds a password.
                problems.add(DATABASE + " (from " + setting.get().origin() + ") holds a password; give it in the"
                        + " environment variable " + PASSWORD_VARIABLE + " instead, and the user in "
                        + USER_VARIABLE + ", so that it is not in a command line or a file others read");
            } else if (USER_IN_URL.matcher(value).find()) {
                var user = USER_IN_URL.matcher(value);
                user.find();
                problems.add(DATABASE + " (from " + setting.get().origin() + ") names a user (user=" + user.group(1)
                        + "); give it in the environment variable " + USER_VARIABLE + " instead, with the password"
                        + " in " + PASSWORD_VARIABLE + ", so that one place says who connects");
            } else {
                String user = environment.apply(USER_VARIABLE);
                String password = environment.apply(PASSWORD_VARIABLE);
                if (user == null || user.isBlank() || password == null) {
                    problems.add(DATABASE + " = \"" + value + "\" (from " + setting.get().origin() + ") is a JDBC URL,"
                            + " which needs the environment variables " + USER_VARIABLE + " and " + PASSWORD_VARIABLE
                            + " (set: " + (user == null || user.isBlank() ? "neither" : USER_VARIABLE + " only")
                            + "); or name the container's DataSource instead, such as java:comp/env/jdbc/salary");
                } else {
                    source = new Url(value, user.strip(), password);
                }
            }
        } else {
            problems.add(DATABASE + " = \"" + value + "\" (from " + setting.get().origin() + ") must name a JNDI"
                    + " DataSource, such as java:comp/env/jdbc/salary, or a PostgreSQL JDBC URL, such as"
                    + " jdbc:postgresql://db.example:5432/salary");
        }
        boolean migrate = reader.flag(MIGRATE, true);
        // Two at least: the migrations at start hold one connection for their lock while another applies them.
        long poolSize = reader.number(POOL_SIZE, 10, 2, 1000);
        long figuresSeconds = reader.number(FIGURES_SECONDS, 10, 1, 3600);
        long retentionDays = reader.number(RETENTION_DAYS, 0, 0, 36_600);
        String serverId = settings.get(SERVER_ID).map(id -> {
            if (!SERVER_ID_TEXT.matcher(id.value()).matches()) {
                problems.add(SERVER_ID + " = \"" + id.value() + "\" (from " + id.origin() + ") must be 1 to 100"
                        + " letters, digits, '.', '_', ':' or '-'");
            }
            return id.value();
        }).orElseGet(DatabaseConfig::hostName);
        if (source == null) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseConfig(source, migrate, (int) poolSize, serverId,
                Duration.ofSeconds(figuresSeconds), Duration.ofDays(retentionDays)));
    }

    /** The host's name, which tells replicas apart in most deployments (a pod's name in Kubernetes). */
    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && SERVER_ID_TEXT.matcher(fromEnvironment).matches()) {
            return fromEnvironment;
        }
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return SERVER_ID_TEXT.matcher(name).matches() ? name : "unnamed";
        } catch (UnknownHostException e) {
            return "unnamed";
        }
    }

    /** Whether rows are ever deleted. */
    public boolean retains() {
        return !retention.isZero();
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + source.describe() + ", migrate=" + migrate + ", server " + serverId + "]";
    }
}
