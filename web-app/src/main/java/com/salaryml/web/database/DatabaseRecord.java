package com.salaryml.web.database;

import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.DatabaseConfig;
import com.salaryml.web.log.PredictionLog;
import java.time.Clock;
import java.util.Optional;

/**
 * The record of predictions and outcomes in the fleet's database, as one part the app opens at start and closes
 * at stop: the prediction rows' writer, the outcomes, and the tables they both need.
 */
public final class DatabaseRecord implements AutoCloseable {

    private final Database database;
    private final DatabasePredictionLog predictions;
    private final DatabaseOutcomes outcomes;
    /** Null when every row is kept. */
    private final Retention retention;

    private DatabaseRecord(Database database, DatabasePredictionLog predictions, DatabaseOutcomes outcomes,
                           Retention retention) {
        this.database = database;
        this.predictions = predictions;
        this.outcomes = outcomes;
        this.retention = retention;
    }

    /**
     * Opens the record. The database need not be up: the tables are brought to this app's version, and the rows
     * written, as soon as it is.
     *
     * @throws DatabaseSetupException if the configured DataSource cannot be found or set up
     */
    public static DatabaseRecord open(AppConfig config, PredictionLog.Meter meter) throws DatabaseSetupException {
        DatabaseConfig settings = config.database().orElseThrow();
        Database database = Database.open(settings);
        var tables = new Tables(database, settings.migrate());
        var predictions = new DatabasePredictionLog(database, tables, config.predictionLogQueue(), meter);
        var figures = new FleetFigures(database, config.outcomeWindow(), config.maxReporterShare(),
                settings.figuresAge(), Clock.systemUTC());
        Retention retention = null;
        if (settings.retains()) {
            retention = new Retention(database, tables, settings.retention(), Clock.systemUTC());
            retention.start();
        }
        return new DatabaseRecord(database, predictions, new DatabaseOutcomes(database, tables, predictions,
                figures, Clock.systemUTC()), retention);
    }

    public DatabasePredictionLog predictions() {
        return predictions;
    }

    public DatabaseOutcomes outcomes() {
        return outcomes;
    }

    /** Why the record is not being written, for {@code /health/ready} and the metrics; empty while it is. */
    public Optional<String> problem() {
        return predictions.problem();
    }

    public String describe() {
        return database.describe();
    }

    /** Writes the rows still queued, then lets go of the connections. */
    @Override
    public void close() {
        try {
            if (retention != null) {
                retention.close();
            }
            predictions.close();
        } finally {
            database.close();
        }
    }
}
