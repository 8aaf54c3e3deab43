package com.salaryml.web.database;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the record's rows older than {@code salary.database.retention-days}: predictions by when they were
 * made, and with them their outcomes (the outcomes' foreign key cascades). In batches of {@value #BATCH} rows,
 * each its own transaction, so no delete holds locks for long; by one replica at a time, the one that holds a
 * PostgreSQL advisory lock, so a fleet does not delete the same rows side by side.
 */
final class Retention implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Retention.class.getName());

    static final int BATCH = 10_000;
    /** The advisory lock's key: any number no other application of the database uses; "salary" in ASCII. */
    static final long LOCK = 0x73616c617279L;
    private static final Duration EVERY = Duration.ofHours(1);
    private static final Duration FIRST_AFTER = Duration.ofMinutes(1);

    private static final String DELETE = "DELETE FROM salary_predictions p USING (SELECT outcome_key, instance_index"
            + " FROM salary_predictions WHERE predicted_at < ? LIMIT " + BATCH + ") old"
            + " WHERE p.outcome_key = old.outcome_key AND p.instance_index = old.instance_index";

    /** What one run did. */
    record Run(boolean locked, long deleted) {
    }

    private final Database database;
    private final Tables tables;
    private final Duration keep;
    private final Clock clock;
    private ScheduledExecutorService schedule;

    Retention(Database database, Tables tables, Duration keep, Clock clock) {
        this.database = database;
        this.tables = tables;
        this.keep = keep;
        this.clock = clock;
    }

    /** Runs every hour from a minute after start, on a daemon thread of its own. */
    synchronized void start() {
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "salary-retention");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::runLogged, FIRST_AFTER.toSeconds(), EVERY.toSeconds(),
                TimeUnit.SECONDS);
    }

    private void runLogged() {
        if (!tables.ready()) {
            return;
        }
        try {
            Run run = runOnce();
            if (run.deleted() > 0) {
                LOG.log(Level.INFO, "Retention deleted {0} predictions older than {1} days, with their outcomes",
                        run.deleted(), keep.toDays());
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Retention could not delete old rows now, and tries again within the hour: "
                    + SqlFailures.describe(e));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Retention failed, and tries again within the hour", e);
        }
    }

    /**
     * Deletes every row older than the retention, batch by batch, if no other replica is doing so.
     *
     * @return whether this replica held the lock, and how many predictions it deleted
     */
    Run runOnce() throws SQLException {
        Instant before = clock.instant().minus(keep);
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(true);
            if (!lock(connection, "SELECT pg_try_advisory_lock(?)")) {
                return new Run(false, 0);
            }
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setObject(1, before.atOffset(ZoneOffset.UTC));
                long deleted = 0;
                for (int rows = delete.executeUpdate(); rows > 0; rows = delete.executeUpdate()) {
                    deleted += rows;
                }
                return new Run(true, deleted);
            } finally {
                lock(connection, "SELECT pg_advisory_unlock(?)");
            }
        }
    }

    private static boolean lock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, LOCK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
