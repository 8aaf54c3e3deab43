package com.salaryml.web.database;

import com.salaryml.web.outcomes.OutcomeRefusedException;
import com.salaryml.web.outcomes.OutcomeStore;
import com.salaryml.web.outcomes.OutcomesNotKeptException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Outcomes in the fleet's database: any replica takes the outcome of any replica's prediction, and each is
 * acknowledged only once it is committed. One statement joins a batch to its predictions and inserts it; the
 * outcomes table's key on (outcome key, index) refuses a second report of one prediction atomically, whichever
 * replica takes it, and a batch of which any outcome has no prediction open for it is rolled back whole.
 */
public final class DatabaseOutcomes implements OutcomeStore {

    /**
     * The batch's outcomes joined to their predictions, inserted unless already given, and those inserted
     * returned with what was predicted; a batch that gets back fewer rows than it sent is rolled back.
     */
    private static final String RECORD = """
            WITH reported AS (
                SELECT * FROM unnest(?::text[], ?::int4[], ?::float8[]) AS r(outcome_key, instance_index, actual)
            ), joined AS (
                SELECT r.outcome_key, r.instance_index, r.actual, p.model_version, p.estimate,
                       CASE WHEN p.interval_low IS NULL THEN NULL
                            ELSE r.actual >= p.interval_low AND r.actual <= p.interval_high END AS inside
                FROM reported r JOIN salary_predictions p USING (outcome_key, instance_index)
            ), kept AS (
                INSERT INTO salary_outcomes (outcome_key, instance_index, reported_at, actual, reporter, server_id,
                                             model_version, error, inside_interval)
                SELECT outcome_key, instance_index, ?, actual, ?, ?, model_version, actual - estimate, inside
                FROM joined
                ON CONFLICT DO NOTHING
                RETURNING outcome_key, instance_index
            )
            SELECT j.outcome_key, j.instance_index, j.model_version, j.estimate, j.inside
            FROM joined j JOIN kept USING (outcome_key, instance_index)
            """;

    /** Which prediction: key and index. */
    private record Prediction(String key, int index) {
    }

    private final Database database;
    private final Tables tables;
    private final DatabasePredictionLog predictions;
    private final FleetFigures figures;
    private final Clock clock;
    private final Map<String, LongAdder> recordedHere = new ConcurrentHashMap<>();

    DatabaseOutcomes(Database database, Tables tables, DatabasePredictionLog predictions, FleetFigures figures,
                     Clock clock) {
        this.database = database;
        this.tables = tables;
        this.predictions = predictions;
        this.figures = figures;
        this.clock = clock;
    }

    @Override
    public List<Recorded> record(List<Outcome> outcomes, boolean batch, String reporter)
            throws OutcomeRefusedException, OutcomesNotKeptException {
        OutcomeStore.refuseRepeats(outcomes, batch);
        // A replica that has just started has its prediction writer bring the tables to its version; an outcome
        // that comes first does not wait for the writer's next try.
        if (!tables.ensure()) {
            throw new OutcomesNotKeptException("the record's tables in " + database.describe() + " are not ready: "
                    + tables.problem().orElse("unknown"), null, true);
        }
        int size = outcomes.size();
        String[] keys = new String[size];
        Integer[] indexes = new Integer[size];
        Double[] actuals = new Double[size];
        for (int i = 0; i < size; i++) {
            keys[i] = outcomes.get(i).key().text();
            indexes[i] = outcomes.get(i).index();
            actuals[i] = outcomes.get(i).actual();
        }
        Map<Prediction, Recorded> kept = new HashMap<>();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
                Array keyArray = connection.createArrayOf("text", keys);
                Array indexArray = connection.createArrayOf("int4", indexes);
                Array actualArray = connection.createArrayOf("float8", actuals);
                statement.setArray(1, keyArray);
                statement.setArray(2, indexArray);
                statement.setArray(3, actualArray);
                statement.setObject(4, clock.instant().atOffset(ZoneOffset.UTC));
                statement.setString(5, reporter);
                statement.setString(6, database.serverId());
                var byPrediction = new HashMap<Prediction, Outcome>();
                for (Outcome outcome : outcomes) {
                    byPrediction.put(new Prediction(outcome.key().text(), outcome.index()), outcome);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        var prediction = new Prediction(rows.getString(1), rows.getInt(2));
                        boolean inside = rows.getBoolean(5);
                        Boolean covered = rows.wasNull() ? null : inside;
                        kept.put(prediction, new Recorded(byPrediction.get(prediction), rows.getString(3),
                                rows.getDouble(4), covered));
                    }
                }
                if (kept.size() < size) {
                    DatabasePredictionLog.rollbackQuietly(connection);
                    if (outcomes.stream().anyMatch(outcome -> predictions.waitingToBeWritten(outcome.key()))) {
                        // Made here and still on its way: known in a moment, so 503 and Retry-After, not 422.
                        throw new OutcomesNotKeptException("an outcome's prediction was made on this replica and"
                                + " its row is still waiting to be written to " + database.describe(), null, true);
                    }
                    // Neither which nor how many: see OutcomeRefusedException.
                    throw OutcomeRefusedException.notOpen();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                DatabasePredictionLog.rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new OutcomesNotKeptException("the outcomes could not be kept in " + database.describe() + ": "
                    + SqlFailures.describe(e), e, SqlFailures.unreachable(e));
        }
        var recorded = new ArrayList<Recorded>(size);
        for (Outcome outcome : outcomes) {
            Recorded each = kept.get(new Prediction(outcome.key().text(), outcome.index()));
            recorded.add(each);
            recordedHere.computeIfAbsent(each.modelVersion(), version -> new LongAdder()).increment();
        }
        // This replica's own outcomes show in its next figures at once; others' within the setting's seconds.
        figures.stale();
        return recorded;
    }

    @Override
    public Live live() {
        return new Live(true, figures.figures());
    }

    @Override
    public Map<String, Long> recordedHere() {
        var counted = new TreeMap<String, Long>();
        recordedHere.forEach((version, count) -> counted.put(version, count.sum()));
        return counted;
    }

    @Override
    public String describe() {
        return database.describe();
    }

    /** The database is closed by the app once the prediction rows are written. */
    @Override
    public void close() {
    }
}
