package com.salaryml.web.database;

import com.salaryml.artifact.records.RecordTables;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The record's tables, brought to the version this app was built with by the contract's migrations
 * ({@link RecordTables}), with Flyway. At start when {@code salary.database.migrate} is true; else they are only
 * checked, and a team whose application user may not alter the schema runs {@link MigrateCommand} as a user
 * that may.
 */
public final class Schema {

    private Schema() {
    }

    /** Flyway on {@code database}, reading the migrations with the class loader that loaded the contract. */
    static Flyway flyway(javax.sql.DataSource database) {
        return Flyway.configure(RecordTables.class.getClassLoader())
                .dataSource(database)
                .locations(RecordTables.MIGRATIONS)
                .table(RecordTables.HISTORY)
                // A database shared with other applications: the history table tells ours apart, and tables of
                // theirs are no reason to refuse.
                .baselineOnMigrate(false)
                .load();
    }

    /**
     * Applies the migrations not yet applied; replicas starting at once are safe, since Flyway takes a lock on
     * its history table and each migration runs once.
     *
     * @return how many were applied: 0 when the tables were up to date
     * @throws SchemaException if a migration fails or the history disagrees with the shipped migrations
     */
    public static int migrate(Database database) throws SchemaException {
        try {
            MigrateResult result = flyway(database.dataSource()).migrate();
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            // FlywayException, or what the DataSource itself throws when it gives no connection.
            throw new SchemaException("the record's tables in " + database.describe() + " cannot be brought to"
                    + " version " + RecordTables.VERSION + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the tables are at this app's version, changing nothing.
     *
     * @throws SchemaException naming the version found and the command that migrates, if they are not
     */
    public static void check(Database database) throws SchemaException {
        try {
            Flyway flyway = flyway(database.dataSource());
            MigrationInfo[] pending = flyway.info().pending();
            if (pending.length > 0) {
                MigrationInfo current = flyway.info().current();
                throw new SchemaException("the record's tables in " + database.describe() + " are at version "
                        + (current == null ? "none (no tables yet)" : current.getVersion()) + ", and this app needs"
                        + " version " + RecordTables.VERSION + "; " + pending.length + " migration"
                        + (pending.length == 1 ? " is" : "s are") + " pending. Run the migrations as a user that may"
                        + " alter the schema (docs/database.md, \"Migrations\"), or set salary.database.migrate=true",
                        null);
            }
            flyway.validate();
        } catch (RuntimeException e) {
            // FlywayException, or what the DataSource itself throws when it gives no connection.
            throw new SchemaException("the record's tables in " + database.describe() + " cannot be checked: "
                    + e.getMessage(), e);
        }
    }

    /** The tables cannot be brought to, or are not at, this app's version. */
    public static final class SchemaException extends Exception {
        private static final long serialVersionUID = 1L;

        SchemaException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
