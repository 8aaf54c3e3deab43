package com.salaryml.web.database;

import com.salaryml.web.config.DatabaseConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The database that holds the fleet's record: connections from the container's JNDI DataSource, which the
 * container pools and closes, or from a pool of the app's own for a JDBC URL, which {@link #close()} closes.
 */
public final class Database implements AutoCloseable {

    /** How long a request waits for a connection from the app's own pool before the database counts as down. */
    private static final long CONNECTION_TIMEOUT_MS = 3000;

    private final DataSource source;
    private final String description;
    private final String serverId;
    /** The app's own pool; null for the container's DataSource, which is not the app's to close. */
    private final HikariDataSource pool;

    private Database(DataSource source, String description, String serverId, HikariDataSource pool) {
        this.source = Objects.requireNonNull(source);
        this.description = description;
        this.serverId = serverId;
        this.pool = pool;
    }

    /**
     * Finds or creates the DataSource. Nothing is connected yet: a database that is down at start is waited for
     * by the parts that use it, while the app serves predictions.
     *
     * @throws DatabaseSetupException if the JNDI name finds no DataSource, or the pool cannot be set up
     */
    public static Database open(DatabaseConfig config) throws DatabaseSetupException {
        if (config.source() instanceof DatabaseConfig.Jndi jndi) {
            try {
                Object found = new InitialContext().lookup(jndi.name());
                if (found instanceof DataSource dataSource) {
                    return new Database(dataSource, jndi.describe(), config.serverId(), null);
                }
                throw new DatabaseSetupException(DatabaseConfig.DATABASE + " = " + jndi.name() + " names "
                        + (found == null ? "nothing" : "a " + found.getClass().getName()) + ", not a DataSource;"
                        + " docs/database.md shows Tomcat's Resource and Jetty's EnvEntry", null);
            } catch (NamingException e) {
                throw new DatabaseSetupException(DatabaseConfig.DATABASE + " = " + jndi.name() + " finds no"
                        + " DataSource in the container (" + e.getMessage() + "); declare it as Tomcat's Resource"
                        + " or Jetty's EnvEntry, as docs/database.md shows", e);
            }
        }
        var url = (DatabaseConfig.Url) config.source();
        var settings = new HikariConfig();
        settings.setPoolName("salary-database");
        settings.setJdbcUrl(url.url());
        settings.setUsername(url.user());
        settings.setPassword(url.password());
        settings.setMaximumPoolSize(config.poolSize());
        settings.setMinimumIdle(Math.min(2, config.poolSize()));
        settings.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        // Not at start: a database that is down must not stop the app from serving predictions.
        settings.setInitializationFailTimeout(-1);
        // Inserts of many rows travel as one statement.
        settings.addDataSourceProperty("reWriteBatchedInserts", "true");
        settings.addDataSourceProperty("ApplicationName", "salary " + config.serverId());
        try {
            var pool = new HikariDataSource(settings);
            return new Database(pool, url.describe(), config.serverId(), pool);
        } catch (RuntimeException e) {
            throw new DatabaseSetupException("the connection pool for " + url.describe() + " cannot be set up: "
                    + e.getMessage(), e);
        }
    }

    /** For the tests: a database reached through {@code source}, which the caller closes. */
    static Database of(DataSource source, String serverId) {
        return new Database(source, "a test's DataSource", serverId, null);
    }

    public Connection connect() throws SQLException {
        try {
            return source.getConnection();
        } catch (RuntimeException e) {
            // A container's pool may fail so (a driver it cannot find, a setting it refuses): as a connection that
            // cannot be made, so that rows wait and outcomes are refused to be sent again, not a thread lost.
            throw new SQLException("the DataSource " + description + " gave no connection: " + e, "08001", e);
        }
    }

    DataSource dataSource() {
        return source;
    }

    /** Which replica this is, as each prediction row says. */
    public String serverId() {
        return serverId;
    }

    /** Where it is, for the log: never a password. */
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
