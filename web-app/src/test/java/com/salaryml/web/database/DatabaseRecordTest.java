package com.salaryml.web.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.records.PredictionLine;
import com.salaryml.artifact.records.RecordTables;
import com.salaryml.testservices.PostgresServer;
import com.salaryml.web.Approvals;
import com.salaryml.web.config.DatabaseConfig;
import com.salaryml.web.log.DropReason;
import com.salaryml.web.log.PredictionLog;
import com.salaryml.web.outcomes.LiveErrors;
import com.salaryml.web.outcomes.OutcomeRefusedException;
import com.salaryml.web.outcomes.OutcomeStore;
import com.salaryml.web.outcomes.OutcomesNotKeptException;
import com.salaryml.web.serving.OutcomeKey;
import com.salaryml.web.serving.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The record in a real PostgreSQL (Debian's server, started in a temporary directory): migrations, prediction
 * rows, outcomes kept once whichever replica takes them, the fleet's figures, an outage, retention.
 */
class DatabaseRecordTest {

    private static final Map<String, Double> REFERENCE = Map.of("experience", 2.0, "test_score", 9.0,
            "interview_score", 6.0);
    /** Only a watchdog, so a hang fails the test instead of stalling the build; nothing is timed. */
    private static final Duration WATCHDOG = Duration.ofSeconds(60);

    private static PostgresServer server;
    private static Predictor model;
    private static int databases;

    /** A fresh database for each test, so that none sees another's rows. */
    private String url;
    private final Map<DropReason, AtomicInteger> drops = new EnumMap<>(DropReason.class);
    private final PredictionLog.Meter meter = new PredictionLog.Meter() {
        @Override
        public void dropped(DropReason reason, int records) {
            drops.get(reason).addAndGet(records);
        }

        @Override
        public void writerRestarted() {
        }
    };
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        try (var in = DatabaseRecordTest.class.getResourceAsStream("/models/salary-model-1.0.0.json")) {
            model = ModelFormat.read(in.readAllBytes(), "salary-model-1.0.0.json");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        url = server.createDatabase("record_" + ++databases);
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, new AtomicInteger());
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private DatabaseConfig config(PostgresServer.Credentials user, boolean migrate, String serverId) {
        return new DatabaseConfig(new DatabaseConfig.Url(url, user.user(), user.password()), migrate, 4, serverId,
                Duration.ofSeconds(1), Duration.ZERO);
    }

    private Database database(PostgresServer.Credentials user, String serverId) throws Exception {
        Database database = Database.open(config(user, true, serverId));
        opened.add(database);
        return database;
    }

    /** One replica's record parts on the owner's connection, its tables migrated. */
    private record Replica(Database database, Tables tables, DatabasePredictionLog log, FleetFigures figures,
                           DatabaseOutcomes outcomes) {
    }

    private Replica replica(String serverId, int queue) throws Exception {
        Database database = database(server.owner(), serverId);
        var tables = new Tables(database, true);
        assertThat(tables.ensure()).as(tables.problem().orElse("")).isTrue();
        var log = new DatabasePredictionLog(database, tables, queue, meter);
        opened.add(log);
        var figures = new FleetFigures(database, 1000, 0.5, Duration.ofMinutes(10), Clock.systemUTC());
        return new Replica(database, tables, log, figures, new DatabaseOutcomes(database, tables, log, figures,
                Clock.systemUTC()));
    }

    private static PredictionEvent event(int rows) {
        var inputs = new ArrayList<Map<String, Double>>();
        var predictions = new ArrayList<Prediction>();
        for (int i = 0; i < rows; i++) {
            var input = Map.of("experience", (double) (i % 10), "test_score", 9.0, "interview_score", 6.0);
            inputs.add(input);
            predictions.add(model.predict(input));
        }
        return new PredictionEvent(Instant.now(), "v1", "request-" + rows, OutcomeKey.random(), model.metadata(),
                Approvals.APPROVED, inputs, predictions);
    }

    private Connection connect() throws SQLException {
        return PostgresServer.connect(url, server.owner());
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Waits until the predictions table holds {@code rows} rows. */
    private void awaitRows(long rows) throws Exception {
        Instant deadline = Instant.now().plus(WATCHDOG);
        while (count("SELECT count(*) FROM salary_predictions") < rows) {
            assertThat(Instant.now()).as("the rows are written").isBefore(deadline);
            Thread.sleep(50);
        }
        assertThat(count("SELECT count(*) FROM salary_predictions")).isEqualTo(rows);
    }

    private static OutcomeStore.Outcome outcome(PredictionEvent event, int index, double actual) {
        return new OutcomeStore.Outcome(event.outcomeKey(), index, actual);
    }

    // ---------------------------------------------------------------- migrations

    @Test
    void migratingAnEmptyDatabaseCreatesBothTablesAtTheContractsVersion() throws Exception {
        Database database = database(server.owner(), "a");
        assertThat(Schema.migrate(database)).isEqualTo(RecordTables.VERSION);
        assertThat(Schema.migrate(database)).as("a second start applies nothing").isZero();
        assertThat(count("SELECT max(version::int) FROM salary_schema_history WHERE success")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM salary_predictions")).isZero();
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE indexname = 'salary_outcomes_by_version_reporter'"))
                .isOne();
    }

    @Test
    void migratingADatabaseAtThePreviousVersionKeepsItsRows() throws Exception {
        Database database = database(server.owner(), "a");
        Flyway.configure(RecordTables.class.getClassLoader()).dataSource(url, server.owner().user(),
                        server.owner().password()).locations(RecordTables.MIGRATIONS).table(RecordTables.HISTORY)
                .target("1").load().migrate();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO salary_predictions VALUES ('k', 0, now(), 'a', 'salary', '1.0.0', 'sha',"
                    + " 52062.76, 38814.0, 65311.5, '{\"record_version\": 2}')");
            statement.execute("INSERT INTO salary_outcomes VALUES ('k', 0, now(), 55000, 'hr', 'a', '1.0.0',"
                    + " 2937.24, true)");
        }
        assertThat(Schema.migrate(database)).as("only version 2 is applied").isOne();
        assertThat(count("SELECT count(*) FROM salary_predictions")).isOne();
        assertThat(count("SELECT count(*) FROM salary_outcomes")).isOne();
        assertThat(count("SELECT max(version::int) FROM salary_schema_history WHERE success")).isEqualTo(2);
    }

    @Test
    void anAppThatMayNotMigrateWaitsForTheMigrationCommandAndThenWrites() throws Exception {
        Database asWriter = Database.open(config(server.writer(), false, "a"));
        opened.add(asWriter);
        var tables = new Tables(asWriter, false);
        assertThat(tables.ensure()).isFalse();
        assertThat(tables.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("none (no tables yet)").contains("needs version 2").contains("docs/database.md"));

        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Map<String, String> asWriterEnv = Map.of(DatabaseConfig.USER_VARIABLE, server.writer().user(),
                DatabaseConfig.PASSWORD_VARIABLE, server.writer().password());
        assertThat(MigrateCommand.run(new String[] {url}, asWriterEnv::get, print(out), print(err)))
                .as("the application's user may not create tables").isOne();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not be migrated");

        Map<String, String> asOwner = Map.of(DatabaseConfig.USER_VARIABLE, server.owner().user(),
                DatabaseConfig.PASSWORD_VARIABLE, server.owner().password());
        err.reset();
        assertThat(MigrateCommand.run(new String[] {url}, asOwner::get, print(out), print(err)))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("at version 2").contains("2 migrations applied");
        assertThat(MigrateCommand.run(new String[] {url + "?password=x"}, asOwner::get, print(out), print(err)))
                .isEqualTo(2);

        assertThat(tables.ensure()).isTrue();
        var log = new DatabasePredictionLog(asWriter, tables, 1000, meter);
        opened.add(log);
        log.predicted(event(3));
        awaitRows(3);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- prediction rows

    @Test
    void eachInstanceIsARowWhoseRecordIsTheLogsLine() throws Exception {
        Replica replica = replica("replica-a", 1000);
        PredictionEvent event = event(3);
        replica.log().predicted(event);
        awaitRows(3);
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT outcome_key, instance_index, server_id, model_name,"
                     + " model_version, model_sha256, estimate, interval_low, interval_high, record::text,"
                     + " predicted_at FROM salary_predictions ORDER BY instance_index")) {
            for (int i = 0; i < 3; i++) {
                assertThat(rows.next()).isTrue();
                Prediction prediction = event.predictions().get(i);
                assertThat(rows.getString(1)).isEqualTo(event.outcomeKey().text());
                assertThat(rows.getInt(2)).isEqualTo(i);
                assertThat(rows.getString(3)).isEqualTo("replica-a");
                assertThat(rows.getString(4)).isEqualTo("salary");
                assertThat(rows.getString(5)).isEqualTo("1.0.0");
                assertThat(rows.getString(6)).isEqualTo(Approvals.SHA256);
                assertThat(rows.getDouble(7)).isEqualTo(prediction.value());
                assertThat(rows.getDouble(8)).isEqualTo(prediction.interval().low());
                assertThat(rows.getDouble(9)).isEqualTo(prediction.interval().high());
                PredictionLine.Logged line = PredictionLine.read(rows.getString(10));
                assertThat(line.outcomeKey()).isEqualTo(event.outcomeKey().text());
                assertThat(line.index()).isEqualTo(i);
                assertThat(line.value()).isEqualTo(prediction.value());
                assertThat(line.inputs()).containsEntry("experience", (double) i);
                // PostgreSQL keeps microseconds, rounded.
                assertThat(Duration.between(event.time(), rows.getObject(11, java.time.OffsetDateTime.class)
                        .toInstant()).abs()).isLessThanOrEqualTo(Duration.ofNanos(500));
            }
        }
        assertThat(drops.values()).allSatisfy(count -> assertThat(count).hasValue(0));
    }

    @Test
    void theReferencePredictionIsStoredAsServed() throws Exception {
        Replica replica = replica("a", 1000);
        var prediction = model.predict(REFERENCE);
        replica.log().predicted(new PredictionEvent(Instant.now(), "v1", "r", OutcomeKey.random(),
                model.metadata(), Approvals.APPROVED, List.of(REFERENCE), List.of(prediction)));
        awaitRows(1);
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT round(estimate::numeric, 2) FROM salary_predictions")) {
            row.next();
            assertThat(row.getBigDecimal(1)).isEqualByComparingTo("52062.76");
        }
    }

    // ---------------------------------------------------------------- outcomes

    @Test
    void anyReplicaTakesTheOutcomeOfAnotherReplicasPredictionOnce() throws Exception {
        Replica a = replica("a", 1000);
        Replica b = replica("b", 1000);
        PredictionEvent event = event(2);
        a.log().predicted(event);
        awaitRows(2);

        List<OutcomeStore.Recorded> recorded = b.outcomes().record(List.of(outcome(event, 1, 50000)), false, "hr");
        assertThat(recorded).singleElement().satisfies(each -> {
            assertThat(each.modelVersion()).isEqualTo("1.0.0");
            assertThat(each.predicted()).isEqualTo(event.predictions().get(1).value());
            assertThat(each.inside()).isTrue();
        });
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT actual, reporter, server_id, error, inside_interval"
                     + " FROM salary_outcomes")) {
            row.next();
            assertThat(row.getDouble(1)).isEqualTo(50000);
            assertThat(row.getString(2)).isEqualTo("hr");
            assertThat(row.getString(3)).isEqualTo("b");
            assertThat(row.getDouble(4)).isEqualTo(50000 - event.predictions().get(1).value());
            assertThat(row.getBoolean(5)).isTrue();
        }
        assertThatThrownBy(() -> a.outcomes().record(List.of(outcome(event, 1, 1)), false, "hr"))
                .as("given before, on the other replica").isInstanceOf(OutcomeRefusedException.class);
        assertThat(b.outcomes().recordedHere()).containsEntry("1.0.0", 1L);
        assertThat(a.outcomes().recordedHere()).isEmpty();
    }

    @Test
    void aBatchWithOneOutcomeWithoutAPredictionIsRefusedWhole() throws Exception {
        Replica a = replica("a", 1000);
        PredictionEvent event = event(2);
        a.log().predicted(event);
        awaitRows(2);
        var batch = List.of(outcome(event, 0, 50000), new OutcomeStore.Outcome(OutcomeKey.random(), 0, 50000));
        assertThatThrownBy(() -> a.outcomes().record(batch, true, "hr"))
                .isInstanceOfSatisfying(OutcomeRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(OutcomeRefusedException.Reason.NOT_OPEN));
        assertThat(count("SELECT count(*) FROM salary_outcomes")).isZero();
        assertThat(a.outcomes().record(List.of(outcome(event, 0, 50000)), false, "hr")).hasSize(1);
    }

    @Test
    void twoReplicasReportingTheSameOutcomesAtOnceKeepThemOnce() throws Exception {
        Replica a = replica("a", 1000);
        Replica b = replica("b", 1000);
        PredictionEvent event = event(50);
        a.log().predicted(event);
        awaitRows(50);
        var each = new ArrayList<OutcomeStore.Outcome>();
        for (int i = 0; i < 50; i++) {
            each.add(outcome(event, i, 50000 + i));
        }
        var pool = Executors.newFixedThreadPool(8);
        var accepted = new AtomicInteger();
        var refused = new AtomicInteger();
        var start = new CountDownLatch(1);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int round = 0; round < 8; round++) {
                DatabaseOutcomes outcomes = round % 2 == 0 ? a.outcomes() : b.outcomes();
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    try {
                        outcomes.record(each, true, "hr");
                        accepted.incrementAndGet();
                    } catch (OutcomeRefusedException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(accepted).hasValue(1);
        assertThat(refused).hasValue(7);
        assertThat(count("SELECT count(*) FROM salary_outcomes")).isEqualTo(50);
    }

    // ---------------------------------------------------------------- the fleet's figures

    @Test
    void everyReplicaReportsTheFleetsFigures() throws Exception {
        Replica a = replica("a", 1000);
        Replica b = replica("b", 1000);
        PredictionEvent event = event(10);
        a.log().predicted(event);
        awaitRows(10);
        var onA = new ArrayList<OutcomeStore.Outcome>();
        var onB = new ArrayList<OutcomeStore.Outcome>();
        double squares = 0;
        for (int i = 0; i < 10; i++) {
            double miss = 1000 * (i + 1);
            squares += miss * miss;
            (i % 2 == 0 ? onA : onB).add(outcome(event, i, event.predictions().get(i).value() + miss));
        }
        a.outcomes().record(onA, true, "hr");
        b.outcomes().record(onB, true, "payroll");

        OutcomeStore.Live fromA = a.outcomes().live();
        OutcomeStore.Live fromB = b.outcomes().live();
        assertThat(fromA.fleet()).isTrue();
        assertThat(fromA.figures()).isEqualTo(fromB.figures());
        LiveErrors.Figures figures = fromA.figures().get(0);
        assertThat(figures.modelVersion()).isEqualTo("1.0.0");
        assertThat(figures.outcomes()).isEqualTo(10);
        assertThat(figures.total()).isEqualTo(10);
        assertThat(figures.rmse()).isCloseTo(Math.sqrt(squares / 10), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(figures.mae()).isCloseTo(5500, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(figures.reporters()).extracting(LiveErrors.Reporter::name).containsExactly("hr", "payroll");
    }

    @Test
    void aFloodingReporterHoldsAtMostItsShareOfTheFleetsWindow() throws Exception {
        Replica a = replica("a", 10_000);
        PredictionEvent event = event(1200);
        a.log().predicted(event);
        awaitRows(1200);
        // Ten honest outcomes far off, then a thousand planted perfect ones from another reporter.
        var honest = new ArrayList<OutcomeStore.Outcome>();
        for (int i = 0; i < 10; i++) {
            honest.add(outcome(event, i, event.predictions().get(i).value() + 40_000));
        }
        a.outcomes().record(honest, true, "hr");
        var planted = new ArrayList<OutcomeStore.Outcome>();
        for (int i = 10; i < 1010; i++) {
            planted.add(outcome(event, i, event.predictions().get(i).value()));
        }
        a.outcomes().record(planted, true, "intruder");

        LiveErrors.Figures figures = a.outcomes().live().figures().get(0);
        assertThat(figures.outcomes()).as("ten of each").isEqualTo(20);
        assertThat(figures.coverage()).isEqualTo(0.5);
        assertThat(figures.total()).isEqualTo(1010);
        assertThat(figures.reporters()).containsExactly(new LiveErrors.Reporter("hr", 10, 10),
                new LiveErrors.Reporter("intruder", 10, 1000));
    }

    @Test
    void anOutcomeForAPredictionWhoseRowIsStillOnItsWayIsToldToComeBackNotRefused() throws Exception {
        Replica replica = replica("a", 1000);
        PredictionEvent waiting = event(1);
        try (Connection holder = connect(); Statement statement = holder.createStatement()) {
            // Reads go on, the writer's insert waits: the row stays in this replica's hands.
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE salary_predictions IN EXCLUSIVE MODE");
            replica.log().predicted(waiting);
            assertThatThrownBy(() -> replica.outcomes().record(List.of(outcome(waiting, 0, 50000)), false, "hr"))
                    .isInstanceOfSatisfying(OutcomesNotKeptException.class, e -> assertThat(e)
                            .satisfies(notKept -> assertThat(notKept.temporary()).isTrue())
                            .hasMessageContaining("still waiting to be written"));
            assertThatThrownBy(() -> replica.outcomes().record(List.of(outcome(event(1), 0, 50000)), false, "hr"))
                    .as("a prediction no replica holds is refused as before").isInstanceOf(OutcomeRefusedException.class);
            holder.commit();
        }
        awaitRows(1);
        assertThat(replica.outcomes().record(List.of(outcome(waiting, 0, 50000)), false, "hr")).hasSize(1);
        assertThat(replica.log().waitingToBeWritten(waiting.outcomeKey())).isFalse();
    }

    // ---------------------------------------------------------------- an outage

    @Test
    void aContainersDataSourceThatThrowsInsteadOfConnectingIsAnOutageNotALostWriter() throws Exception {
        // As a container's pool that cannot load its driver: it throws a RuntimeException, not an SQLException.
        var broken = new org.postgresql.ds.PGSimpleDataSource() {
            @Override
            public Connection getConnection() {
                throw new IllegalStateException("Failed to get driver instance");
            }
        };
        Database database = Database.of(broken, "a");
        assertThatThrownBy(database::connect).isInstanceOf(SQLException.class)
                .hasMessageContaining("gave no connection")
                .satisfies(failure -> assertThat(SqlFailures.unreachable((SQLException) failure)).isTrue());
        var tables = new Tables(database, true);
        assertThat(tables.ensure()).isFalse();
        assertThat(tables.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("Failed to get driver instance"));
        var log = new DatabasePredictionLog(database, tables, 1000, meter);
        opened.add(log);
        var outcomes = new DatabaseOutcomes(database, tables, log, new FleetFigures(database, 1000, 0.5,
                Duration.ofSeconds(1), Clock.systemUTC()), Clock.systemUTC());
        PredictionEvent event = event(2);
        log.predicted(event);
        assertThat(log.waiting()).as("the rows wait for the tables").isEqualTo(2);
        assertThat(log.problem()).isPresent();
        assertThatThrownBy(() -> outcomes.record(List.of(outcome(event, 0, 50000)), false, "hr"))
                .isInstanceOfSatisfying(OutcomesNotKeptException.class, e -> assertThat(e.temporary()).isTrue());
        assertThat(drops.values()).as("nothing is lost while it waits").allSatisfy(count -> assertThat(count)
                .hasValue(0));
    }

    @Test
    void whileTheDatabaseIsDownPredictionRowsWaitAndOutcomesAreRefusedToBeSentAgain() throws Exception {
        PostgresServer own = PostgresServer.start();
        try {
            Database database = migratedOn(own, "record_outage");
            var tables = new Tables(database, true);
            assertThat(tables.ensure()).isTrue();
            var log = new DatabasePredictionLog(database, tables, 1000, meter);
            opened.add(log);
            var outcomes = new DatabaseOutcomes(database, tables, log, new FleetFigures(database, 1000, 0.5,
                    Duration.ofSeconds(1), Clock.systemUTC()), Clock.systemUTC());
            PredictionEvent before = event(1);
            log.predicted(before);
            awaitRows(own, 1);

            own.stop();
            var during = new ArrayList<PredictionEvent>();
            for (int i = 0; i < 20; i++) {
                PredictionEvent event = event(1);
                during.add(event);
                log.predicted(event);
            }
            assertThatThrownBy(() -> outcomes.record(List.of(outcome(before, 0, 50000)), false, "hr"))
                    .isInstanceOfSatisfying(OutcomesNotKeptException.class, e -> assertThat(e.temporary()).isTrue());
            Instant deadline = Instant.now().plus(WATCHDOG);
            while (log.problem().isEmpty()) {
                assertThat(Instant.now()).as("the writer notices the outage").isBefore(deadline);
                Thread.sleep(50);
            }

            own.restart();
            awaitRows(own, 21);
            while (log.problem().isPresent()) {
                assertThat(Instant.now()).as("the writer notices the database is back").isBefore(deadline);
                Thread.sleep(50);
            }
            assertThat(outcomes.record(List.of(outcome(before, 0, 50000)), false, "hr")).hasSize(1);
            assertThat(outcomes.record(List.of(outcome(during.get(19), 0, 50000)), false, "hr")).hasSize(1);
            assertThat(drops.values()).allSatisfy(count -> assertThat(count).hasValue(0));
        } finally {
            closeAll();
            opened.clear();
            own.close();
        }
    }

    @Test
    void rowsThatFindNoRoomWhileTheDatabaseIsDownAreCountedAsQueueFull() throws Exception {
        PostgresServer own = PostgresServer.start();
        try {
            Database database = migratedOn(own, "record_queue");
            var tables = new Tables(database, true);
            assertThat(tables.ensure()).isTrue();
            own.stop();
            var log = new DatabasePredictionLog(database, tables, 20, meter);
            opened.add(log);
            for (int i = 0; i < 30; i++) {
                log.predicted(event(1));
            }
            assertThat(drops.get(DropReason.QUEUE_FULL).get()).isEqualTo(10);
            own.restart();
            awaitRows(own, 20);
        } finally {
            closeAll();
            opened.clear();
            own.close();
        }
    }

    /** A database of its own on a server the test may stop, opened as replica "a". */
    private Database migratedOn(PostgresServer own, String name) throws Exception {
        url = own.createDatabase(name);
        Database database = Database.open(new DatabaseConfig(new DatabaseConfig.Url(url, own.owner().user(),
                own.owner().password()), true, 4, "a", Duration.ofSeconds(1), Duration.ZERO));
        opened.add(database);
        return database;
    }

    private void awaitRows(PostgresServer on, long rows) throws Exception {
        Instant deadline = Instant.now().plus(WATCHDOG);
        while (true) {
            try (Connection connection = PostgresServer.connect(url, on.owner());
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*) FROM salary_predictions")) {
                result.next();
                if (result.getLong(1) >= rows) {
                    assertThat(result.getLong(1)).isEqualTo(rows);
                    return;
                }
            } catch (SQLException e) {
                // Not up yet.
            }
            assertThat(Instant.now()).as("the rows are written").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    // ---------------------------------------------------------------- retention

    @Test
    void retentionDeletesOldPredictionsWithTheirOutcomesByOneReplicaAtATime() throws Exception {
        Replica a = replica("a", 1000);
        PredictionEvent event = event(3);
        a.log().predicted(event);
        awaitRows(3);
        a.outcomes().record(List.of(outcome(event, 0, 50000)), false, "hr");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            // Two of the three made 40 days ago.
            statement.execute("UPDATE salary_predictions SET predicted_at = now() - interval '40 days'"
                    + " WHERE instance_index < 2");
        }
        var retention = new Retention(a.database(), a.tables(), Duration.ofDays(30), Clock.systemUTC());
        try (Connection holder = connect(); Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + Retention.LOCK + ")");
            assertThat(retention.runOnce()).as("another replica holds the lock").isEqualTo(new Retention.Run(false, 0));
            statement.execute("SELECT pg_advisory_unlock(" + Retention.LOCK + ")");
        }
        assertThat(retention.runOnce()).isEqualTo(new Retention.Run(true, 2));
        assertThat(count("SELECT count(*) FROM salary_predictions")).isOne();
        assertThat(count("SELECT count(*) FROM salary_outcomes")).as("deleted with its prediction").isZero();
        assertThat(retention.runOnce()).isEqualTo(new Retention.Run(true, 0));
    }

    @Test
    void aJndiNameThatFindsNothingSaysHowToDeclareTheResource() {
        var config = new DatabaseConfig(new DatabaseConfig.Jndi("java:comp/env/jdbc/salary"), true, 1, "a",
                Duration.ofSeconds(1), Duration.ZERO);
        assertThatThrownBy(() -> Database.open(config)).isInstanceOf(DatabaseSetupException.class)
                .hasMessageContaining("java:comp/env/jdbc/salary").hasMessageContaining("docs/database.md");
    }
}
