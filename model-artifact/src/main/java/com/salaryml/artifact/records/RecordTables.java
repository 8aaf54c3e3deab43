package com.salaryml.artifact.records;

/**
 * The record in a PostgreSQL database rather than in files: the tables a fleet of servers writes its predictions
 * and outcomes to, and a trainer reads them back from. The schema is part of the contract, as the log's lines are,
 * so both sides ship the same migrations: the SQL files beside this class, applied in version order by Flyway
 * ({@code V1__…}, {@code V2__…}). A change to the tables is a new migration, never an edit of a shipped one.
 *
 * <p>A prediction row's {@code record} column holds the very line {@link PredictionLine} writes, so a trainer
 * reads predictions from the database with the reader it uses for the file.
 */
public final class RecordTables {

    /** Where the migrations are, as a Flyway location. */
    public static final String MIGRATIONS = "classpath:com/salaryml/artifact/records/database";

    /** The table Flyway keeps the applied migrations in, named apart from any other application's. */
    public static final String HISTORY = "salary_schema_history";

    /** One row per predicted instance, keyed by outcome key and instance index. */
    public static final String PREDICTIONS = "salary_predictions";

    /** At most one row per prediction: its real outcome. */
    public static final String OUTCOMES = "salary_outcomes";

    /** The newest schema version these migrations reach. */
    public static final int VERSION = 2;

    private RecordTables() {
    }
}
