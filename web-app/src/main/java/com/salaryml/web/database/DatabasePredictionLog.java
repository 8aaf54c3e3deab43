package com.salaryml.web.database;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.Prediction;
import com.salaryml.web.log.DropReason;
import com.salaryml.web.log.FairRoom;
import com.salaryml.web.log.LogRecord;
import com.salaryml.web.log.PredictionLog;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.OutcomeKey;
import com.salaryml.web.serving.PredictionListener;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes each predicted instance as a row of {@code salary_predictions}, so that any replica can join its
 * outcome. As the file log does, it never slows a prediction: a request only offers its records to a bounded
 * queue ({@code salary.prediction-log.queue} records, shared by the rules of {@link FairRoom}), and one thread
 * writes them in batches of up to {@value #BATCH_ROWS} rows, one transaction each.
 *
 * <p>While the database is down, rows wait in the queue and are written once it is back; what finds no room is
 * dropped and counted ({@code queue_full}), never silently lost. A batch the database refuses for good (bad data,
 * which the checks before it make unlikely) is counted as {@code write_failed}. Rows still waiting when the app
 * stops get {@value #CLOSE_WAIT_SECONDS} seconds to be written, and are counted as {@code closing} if they are not.
 */
public final class DatabasePredictionLog implements PredictionListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DatabasePredictionLog.class.getName());

    /** Rows per transaction: enough to make a row's share of a round trip small, few enough to keep one short. */
    static final int BATCH_ROWS = 500;
    private static final long CLOSE_WAIT_SECONDS = 10;
    /** Waits between tries while the database is down: from a short blip to a restart. */
    private static final long FIRST_WAIT_MS = 200;
    private static final long LONGEST_WAIT_MS = 5000;

    private static final String INSERT = "INSERT INTO salary_predictions (outcome_key, instance_index, predicted_at,"
            + " server_id, model_name, model_version, model_sha256, estimate, interval_low, interval_high, record)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING";

    private static final JsonFactory JSON = new JsonFactory();

    private final Database database;
    private final Tables tables;
    private final PredictionLog.Meter meter;
    private final FairRoom room;
    private final BlockingQueue<PredictionEvent> queue = new LinkedBlockingQueue<>();
    /**
     * The keys of the requests whose rows are queued and not yet written or dropped, so that an outcome reported
     * for one of them is told to come back rather than that its prediction is unknown.
     */
    private final Set<OutcomeKey> waitingKeys = ConcurrentHashMap.newKeySet();
    private final Thread writer;
    private volatile boolean closed;
    /** Set by close(): the writer gives up on rows it cannot write after this instant (System.nanoTime). */
    private volatile long giveUpAt = Long.MAX_VALUE;
    /** Why rows are not being written now; null while they are. */
    private volatile String problem;

    DatabasePredictionLog(Database database, Tables tables, int queueRecords, PredictionLog.Meter meter) {
        this.database = database;
        this.tables = tables;
        this.meter = meter;
        this.room = new FairRoom(queueRecords);
        this.writer = new Thread(this::run, "salary-prediction-rows");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the request's rows, all or none, never waiting: rows that find no room are dropped and counted. */
    @Override
    public void predicted(PredictionEvent event) {
        int records = event.size();
        if (records == 0) {
            return;
        }
        if (closed) {
            meter.dropped(DropReason.CLOSING, records);
            return;
        }
        if (!room.claim(records)) {
            meter.dropped(DropReason.QUEUE_FULL, records);
            return;
        }
        waitingKeys.add(event.outcomeKey());
        queue.add(event);
        if (closed && queue.remove(event)) {
            // close() came in between and may have missed it.
            done(List.of(event), records);
            meter.dropped(DropReason.CLOSING, records);
        }
    }

    /**
     * Whether this replica made the prediction under {@code key} and its rows are still waiting to be written:
     * in the queue, or waiting out an outage.
     */
    boolean waitingToBeWritten(OutcomeKey key) {
        return waitingKeys.contains(key);
    }

    /** The batch's rows are written or dropped: their room is free again and their keys no longer waiting. */
    private void done(List<PredictionEvent> batch, int rows) {
        for (PredictionEvent event : batch) {
            waitingKeys.remove(event.outcomeKey());
        }
        room.release(rows);
    }

    /**
     * Why rows are not being written, for {@code /health/ready} and the metrics; empty while they are. No
     * address and no exception: the server log has them.
     */
    public Optional<String> problem() {
        Optional<String> schema = tables.problem();
        if (schema.isPresent()) {
            return Optional.of("the record's tables are not ready, so prediction rows wait and are dropped once the"
                    + " queue is full; the server log says why");
        }
        return problem == null ? Optional.empty() : Optional.of("the database cannot be written now, so prediction"
                + " rows wait and are dropped once the queue is full; the server log says why");
    }

    /** The records waiting to be written. */
    int waiting() {
        return room.used();
    }

    private void run() {
        long wait = FIRST_WAIT_MS;
        while (!tables.ensure()) {
            if (closed && System.nanoTime() > giveUpAt) {
                dropAll();
                return;
            }
            sleep(wait);
            wait = Math.min(LONGEST_WAIT_MS, wait * 2);
        }
        var batch = new ArrayList<PredictionEvent>();
        while (true) {
            try {
                PredictionEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                int rows = first.size();
                while (rows < BATCH_ROWS) {
                    PredictionEvent next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    rows += next.size();
                }
                writeUntilDone(batch, rows);
            } catch (InterruptedException e) {
                dropAll();
                return;
            } catch (RuntimeException | Error e) {
                // What this batch held is counted, the thread goes on: a row that cannot be turned into JSON must
                // not stop every later one.
                int lost = batch.stream().mapToInt(PredictionEvent::size).sum();
                done(batch, lost);
                meter.dropped(DropReason.WRITER_DIED, lost);
                LOG.log(Level.ERROR, "Prediction rows could not be written, and are dropped", e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Writes the batch, waiting out an outage; gives up only when closing has run out of time. */
    private void writeUntilDone(List<PredictionEvent> batch, int rows) throws InterruptedException {
        long wait = FIRST_WAIT_MS;
        while (true) {
            try {
                write(batch);
                done(batch, rows);
                if (problem != null) {
                    LOG.log(Level.INFO, "Prediction rows are written to {0} again", database.describe());
                    problem = null;
                }
                return;
            } catch (SQLException e) {
                if (SqlFailures.refusedForGood(e)) {
                    done(batch, rows);
                    meter.dropped(DropReason.WRITE_FAILED, rows);
                    LOG.log(Level.ERROR, "The database refused " + rows + " prediction rows, which are dropped: "
                            + SqlFailures.describe(e));
                    return;
                }
                String found = SqlFailures.describe(e);
                if (problem == null) {
                    // Once per outage, not at every retry.
                    LOG.log(Level.WARNING, "Prediction rows cannot be written to " + database.describe() + " now,"
                            + " and wait in the queue until they can: " + found);
                }
                problem = found;
            }
            if (closed && System.nanoTime() > giveUpAt) {
                done(batch, rows);
                meter.dropped(DropReason.CLOSING, rows);
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            sleep(wait);
            wait = Math.min(LONGEST_WAIT_MS, wait * 2);
        }
    }

    private void write(List<PredictionEvent> batch) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (PredictionEvent event : batch) {
                    List<Prediction> predictions = event.predictions();
                    String sha256 = event.approval().modelSha256();
                    var time = event.time().atOffset(ZoneOffset.UTC);
                    for (int i = 0; i < predictions.size(); i++) {
                        Prediction prediction = predictions.get(i);
                        insert.setString(1, event.outcomeKey().text());
                        insert.setInt(2, i);
                        insert.setObject(3, time);
                        insert.setString(4, database.serverId());
                        insert.setString(5, event.model().name());
                        insert.setString(6, event.model().version());
                        insert.setString(7, sha256);
                        insert.setDouble(8, prediction.value());
                        if (prediction.interval() == null) {
                            insert.setNull(9, Types.DOUBLE);
                            insert.setNull(10, Types.DOUBLE);
                        } else {
                            insert.setDouble(9, prediction.interval().low());
                            insert.setDouble(10, prediction.interval().high());
                        }
                        insert.setString(11, line(event, i));
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    /** The prediction log's line for instance {@code index}: the row's {@code record}. */
    private static String line(PredictionEvent event, int index) {
        var text = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            LogRecord.write(json, event, index);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("a prediction record cannot be written as JSON", e);
        }
        return text.toString();
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; closing it discards the transaction.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dropAll() {
        for (PredictionEvent left = queue.poll(); left != null; left = queue.poll()) {
            done(List.of(left), left.size());
            meter.dropped(DropReason.CLOSING, left.size());
        }
    }

    /**
     * Writes what is queued, waiting up to {@value #CLOSE_WAIT_SECONDS} seconds for a database that is down;
     * what is still waiting then is counted as dropped.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS + 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
        }
        dropAll();
    }
}
