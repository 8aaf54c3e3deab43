package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.records.RecordTables;
import com.salaryml.testservices.HaProxy;
import com.salaryml.testservices.PostgresServer;
import com.salaryml.web.metrics.Samples;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The record in a real PostgreSQL, with replicas of the built WAR each in a JVM of its own behind a real HAProxy
 * (docs/database.md): predictions on either replica and outcomes on either, all joined, and one set of figures;
 * the database stopped for ten seconds under load, with no prediction failing and no acknowledged outcome or
 * prediction row lost uncounted; a replica killed and replaced, its predictions' outcomes still taken; and the
 * migrations a starting replica applies to an empty database and to one at the previous version. Each test has a
 * database of its own. The container's subclass says how a replica reaches it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseFleetContract {

    /** Only a watchdog, so that a hang fails the test instead of stalling the build; nothing is timed. */
    private static final Duration WATCHDOG = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final String HEALTH = "/salary/health/ready";
    private static final String VERSION = "1.0.0";
    /** Each replica's queue of prediction rows in the outage: a few seconds of the load's rows. */
    private static final int QUEUE = 300;

    PostgresServer server;
    Path folder;
    final Http http = new Http();
    private int databases;
    /** The test's database. */
    String url;
    private final List<ReplicaProcess> replicas = new ArrayList<>();
    private HaProxy proxy;

    /**
     * How this container's replica {@code serverId} reaches {@code databaseUrl} as {@code user}: its main class,
     * the settings that name the database (the common ones are added here) and its environment.
     */
    abstract ReplicaProcess.Launch launch(String serverId, String databaseUrl, PostgresServer.Credentials user);

    @BeforeAll
    void startDatabase() throws Exception {
        server = PostgresServer.start();
        folder = Files.createTempDirectory("database-fleet-it");
    }

    @AfterAll
    void stopDatabase() throws Exception {
        if (server != null) {
            server.close();
        }
        // The replicas' output: each failure's message holds the end of the replica's own.
        try (var files = Files.walk(folder)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        url = server.createDatabase("fleet_" + ++databases);
    }

    @AfterEach
    void stopReplicas() throws Exception {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        for (ReplicaProcess replica : replicas) {
            replica.close();
        }
        replicas.clear();
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void predictionsOnEitherReplicaAndOutcomesOnEitherAreJoinedAndTheFiguresAreTheFleets() throws Exception {
        List<ReplicaProcess> fleet = startFleet("a", "b");
        URI balanced = balance(fleet);

        var answered = new ArrayList<Answered>();
        for (int i = 0; i < 12; i++) {
            answered.add(predict(balanced, 1 + i % 3));
        }
        long instances = answered.stream().mapToInt(Answered::instances).sum();
        awaitRows(instances);
        assertThat(count("SELECT count(DISTINCT server_id) FROM salary_predictions"))
                .as("the balancer sent predictions to both replicas").isEqualTo(2);

        // Each outcome of the first four requests goes to the replica that did not predict it; the rest through
        // the balancer, wherever it sends them.
        Map<String, String> predictedBy = predictedBy();
        var reported = new ArrayList<Reported>();
        for (int i = 0; i < answered.size(); i++) {
            Answered prediction = answered.get(i);
            for (int index = 0; index < prediction.instances(); index++) {
                URI to = balanced.resolve("/salary/");
                if (i < 4) {
                    String other = predictedBy.get(prediction.key()).equals("a") ? "b" : "a";
                    to = fleet.stream().filter(replica -> replica.name().equals(other)).findFirst().orElseThrow()
                            .base();
                }
                Http.Reply reply = report(to, prediction.key(), index, 50_000 + 1000 * i + index);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                reported.add(new Reported(prediction.key(), index));
            }
        }
        assertAllKept(reported);
        assertThat(count("SELECT count(*) FROM salary_outcomes o JOIN salary_predictions p"
                + " USING (outcome_key, instance_index) WHERE o.server_id <> p.server_id"))
                .as("outcomes taken by the replica that did not predict them").isGreaterThanOrEqualTo(4);

        // A second report is refused by either replica.
        Reported first = reported.get(0);
        for (ReplicaProcess replica : fleet) {
            Http.Reply again = report(replica.base(), first.key(), first.index(), 1);
            assertThat(again.status()).as(again.body()).isEqualTo(422);
        }

        // Both replicas serve the same figures, the fleet's: every outcome, whichever replica took it.
        JsonNode onA = awaitFigures(fleet.get(0), reported.size());
        JsonNode onB = awaitFigures(fleet.get(1), reported.size());
        assertThat(onA.get("scope").textValue()).isEqualTo("fleet");
        assertThat(onA).as("the figures on a and on b").isEqualTo(onB);
    }

    @Test
    void theDatabaseStoppedUnderLoadFailsNoPredictionAndLosesNothingUncounted() throws Exception {
        // A queue the outage overflows, so that rows are both written and dropped, and the count is put to use.
        List<ReplicaProcess> fleet = startFleet(Map.of("salary.prediction-log.queue", Integer.toString(QUEUE)),
                "a", "b");
        URI balanced = balance(fleet);
        var answered = new AtomicLong();

        // Predictions whose rows are written, for outcomes to report during and after the outage.
        var before = new ArrayList<Answered>();
        for (int i = 0; i < 10; i++) {
            before.add(predict(balanced, 1));
        }
        answered.addAndGet(before.size());
        awaitRows(before.size());

        // Two callers predicting through the balancer throughout.
        var stop = new AtomicBoolean();
        var failures = Collections.synchronizedList(new ArrayList<String>());
        ExecutorService callers = Executors.newFixedThreadPool(2);
        var load = new ArrayList<Future<?>>();
        for (int caller = 0; caller < 2; caller++) {
            int size = 1 + caller;
            load.add(callers.submit(() -> {
                while (!stop.get()) {
                    try {
                        Http.Reply reply = http.postJson(balanced.resolve("/salary/api/v1/predict"), instances(size));
                        if (reply.status() == 200) {
                            answered.addAndGet(reply.json().get("predictions").size());
                        } else {
                            failures.add(reply.status() + " " + reply.body());
                        }
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        try {
            awaitAnswered(answered, before.size() + 50);

            Instant stopped = Instant.now();
            server.stop();
            // Outcomes are refused while they cannot be committed, with when to send them again.
            for (Answered prediction : before.subList(0, 5)) {
                Http.Reply refused = report(balanced.resolve("/salary/"), prediction.key(), 0, 51_000);
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
            }
            // Ready still, and saying what is wrong: the predictions are right.
            for (ReplicaProcess replica : fleet) {
                awaitHealth(replica, "DEGRADED");
            }
            Duration left = OUTAGE.minus(Duration.between(stopped, Instant.now()));
            if (!left.isNegative()) {
                Thread.sleep(left.toMillis());
            }
            server.restart();

            // Each sent again until acknowledged, as the 503 asked; and new ones taken.
            var reported = new ArrayList<Reported>();
            for (Answered prediction : before) {
                Http.Reply kept = reportUntilKept(balanced.resolve("/salary/"), prediction.key(), 0, 51_000);
                assertThat(kept.status()).as(kept.body()).isEqualTo(200);
                reported.add(new Reported(prediction.key(), 0));
            }
            awaitAnswered(answered, answered.get() + 50);
            stop.set(true);
            for (Future<?> caller : load) {
                caller.get(WATCHDOG.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(failures).as("predictions that failed").isEmpty();
            assertAllKept(reported);
        } finally {
            stop.set(true);
            callers.shutdownNow();
        }

        // The queues drain: every prediction answered is a row, or counted as dropped by the replica that made it.
        for (ReplicaProcess replica : fleet) {
            awaitHealth(replica, "READY");
        }
        Instant deadline = Instant.now().plus(WATCHDOG);
        long rows;
        double dropped;
        while (true) {
            rows = count("SELECT count(*) FROM salary_predictions");
            dropped = 0;
            for (ReplicaProcess replica : fleet) {
                dropped += metrics(replica).total("salary_prediction_log_dropped_total");
            }
            if (rows + dropped >= answered.get() || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(rows + dropped).as(rows + " rows and " + dropped + " dropped for " + answered.get()
                + " predicted instances").isEqualTo((double) answered.get());
        assertThat(dropped).as("rows dropped while the database was down").isPositive();
    }

    @Test
    void aKilledReplicasPredictionsAreStillJoinedAfterItIsReplaced() throws Exception {
        List<ReplicaProcess> fleet = startFleet("a", "b");
        URI balanced = balance(fleet);
        ReplicaProcess doomed = fleet.get(0);
        Answered predicted = predict(doomed.base(), 6);
        awaitRows(6);
        doomed.kill();

        // The balancer routes around it: its predictions' outcomes go to the other replica.
        var reported = new ArrayList<Reported>();
        for (int index = 0; index < 3; index++) {
            Http.Reply reply = report(balanced.resolve("/salary/"), predicted.key(), index, 52_000);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            reported.add(new Reported(predicted.key(), index));
        }
        // Its replacement, where the balancer expects it, takes the others: sent again while it answers 503, as
        // a new replica does until it has checked the tables.
        ReplicaProcess replacement = replica("a-2", doomed.port()).awaitServing();
        for (int index = 3; index < 6; index++) {
            Http.Reply reply = reportUntilKept(replacement.base(), predicted.key(), index, 52_000);
            assertThat(reply.status()).as(reply.body() + "\n" + replacement.output()).isEqualTo(200);
            reported.add(new Reported(predicted.key(), index));
        }
        assertAllKept(reported);
        assertThat(count("SELECT count(*) FROM salary_outcomes WHERE server_id = 'b'")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM salary_outcomes WHERE server_id = 'a-2'")).isEqualTo(3);
        predict(balanced, 1);
    }

    @Test
    void startingReplicasMigrateAnEmptyDatabaseAndOneAtThePreviousVersionKeepingItsRows() throws Exception {
        String empty = url;
        String previous = server.createDatabase("fleet_" + databases + "_previous");
        PostgresServer.Credentials owner = server.owner();
        Flyway.configure(RecordTables.class.getClassLoader()).dataSource(previous, owner.user(), owner.password())
                .locations(RecordTables.MIGRATIONS).table(RecordTables.HISTORY).target("1").load().migrate();
        assertThat(schemaVersion(previous)).isEqualTo(1);
        String key = key();
        try (Connection connection = connect(previous); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO salary_predictions VALUES (?, 0, now(), 'before', 'salary', ?, 'sha', 52062.76,"
                        + " 38814.0, 65311.5, '{\"record_version\": 2}')")) {
            insert.setString(1, key);
            insert.setString(2, VERSION);
            insert.executeUpdate();
        }

        ReplicaProcess onEmpty = replica(empty, "a", ReplicaProcess.freePort());
        ReplicaProcess onPrevious = replica(previous, "b", ReplicaProcess.freePort());
        onEmpty.awaitServing();
        onPrevious.awaitServing();

        // The empty one: the tables made, and a prediction's outcome taken.
        awaitSchemaVersion(empty);
        Answered predicted = predict(onEmpty.base(), 1);
        awaitRows(1);
        Http.Reply taken = reportUntilKept(onEmpty.base(), predicted.key(), 0, 55_000);
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        assertAllKept(List.of(new Reported(predicted.key(), 0)));

        // The one at version 1: brought to this app's version, and the row written before taking its outcome.
        awaitSchemaVersion(previous);
        Http.Reply kept = reportUntilKept(onPrevious.base(), key, 0, 55_000);
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        url = previous;
        assertAllKept(List.of(new Reported(key, 0)));
        assertThat(count("SELECT count(*) FROM salary_outcomes WHERE round(error::numeric, 2) = 2937.24"))
                .as("joined to the row written before the migration").isOne();
        assertThat(count("SELECT count(*) FROM salary_predictions WHERE server_id = 'before'")).isOne();
    }

    // ---------------------------------------------------------------- replicas

    /** One predict request's answer: its outcome key and how many instances it predicted. */
    private record Answered(String key, int instances) {
    }

    /** An outcome acknowledged: which prediction. */
    private record Reported(String key, int index) {
    }

    /** A replica on the test's database as the owner (the migrations run as it), not yet serving. */
    private ReplicaProcess replica(String serverId, int port) throws Exception {
        return replica(url, serverId, port, Map.of());
    }

    private ReplicaProcess replica(String databaseUrl, String serverId, int port) throws Exception {
        return replica(databaseUrl, serverId, port, Map.of());
    }

    /** @param extra the test's own settings */
    private ReplicaProcess replica(String databaseUrl, String serverId, int port, Map<String, String> extra)
            throws Exception {
        String databaseName = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
        ReplicaProcess.Launch launch = launch(serverId, databaseUrl, server.owner());
        var settings = new HashMap<>(launch.settings());
        settings.put("salary.environment", "development");
        settings.put("salary.server-id", serverId);
        settings.put("salary.database.figures-seconds", "1");
        settings.put("salary.war", Container.builtWar().toString());
        settings.putAll(extra);
        String tomcat = System.getProperty("salary.expected-tomcat");
        if (tomcat != null) {
            settings.put("salary.expected-tomcat", tomcat);
        }
        ReplicaProcess replica = ReplicaProcess.launch(serverId, new ReplicaProcess.Launch(launch.main(), settings,
                launch.environment()), port, folder.resolve(databaseName + "-" + serverId + ".out"));
        replicas.add(replica);
        return replica;
    }

    /**
     * Replicas started together, each ready once this returns: serving, and its tables checked. Until then a
     * replica answers outcomes 503, to be sent again.
     */
    private List<ReplicaProcess> startFleet(String... serverIds) throws Exception {
        return startFleet(Map.of(), serverIds);
    }

    private List<ReplicaProcess> startFleet(Map<String, String> settings, String... serverIds) throws Exception {
        var fleet = new ArrayList<ReplicaProcess>();
        for (String serverId : serverIds) {
            fleet.add(replica(url, serverId, ReplicaProcess.freePort(), settings));
        }
        for (ReplicaProcess replica : fleet) {
            replica.awaitServing();
        }
        for (ReplicaProcess replica : fleet) {
            awaitHealth(replica, "READY");
        }
        return fleet;
    }

    /** HAProxy in front of the fleet, checking each replica's readiness; its base, without the context path. */
    private URI balance(List<ReplicaProcess> fleet) throws Exception {
        proxy = HaProxy.start(fleet.stream().map(replica -> URI.create("http://127.0.0.1:" + replica.port() + "/"))
                .toList(), HEALTH);
        return proxy.uri();
    }

    // ---------------------------------------------------------------- requests

    private static String instances(int count) {
        var all = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            all.add("{\"experience\":" + (2 + i) + ",\"test_score\":9,\"interview_score\":6}");
        }
        return "{\"instances\":[" + String.join(",", all) + "]}";
    }

    private Answered predict(URI base, int count) throws Exception {
        Http.Reply reply = http.postJson(base.resolve("/salary/api/v1/predict"), instances(count));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(answer.get("predictions").size()).isEqualTo(count);
        assertThat(answer.get("predictions").get(0).get("salary").doubleValue()).isCloseTo(52062.76, within(0.005));
        return new Answered(answer.get("outcome_key").textValue(), count);
    }

    private Http.Reply report(URI base, String key, int index, double actual) throws Exception {
        return http.postJson(base.resolve("/salary/api/v1/outcomes"),
                "{\"outcome_key\":\"" + key + "\",\"index\":" + index + ",\"actual\":" + actual + "}");
    }

    /** Sends an outcome again while it is answered 503, as a caller told to retry does. */
    private Http.Reply reportUntilKept(URI base, String key, int index, double actual) throws Exception {
        Instant deadline = Instant.now().plus(WATCHDOG);
        while (true) {
            Http.Reply reply = report(base, key, index, actual);
            if (reply.status() != 503 || Instant.now().isAfter(deadline)) {
                return reply;
            }
            Thread.sleep(250);
        }
    }

    private Samples metrics(ReplicaProcess replica) throws Exception {
        Http.Reply reply = http.get(replica.base().resolve("metrics"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Samples.parse(reply.body());
    }

    private void awaitAnswered(AtomicLong answered, long atLeast) throws Exception {
        Instant deadline = Instant.now().plus(WATCHDOG);
        while (answered.get() < atLeast) {
            assertThat(Instant.now()).as("predictions answered under load").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitHealth(ReplicaProcess replica, String status) throws Exception {
        Instant deadline = Instant.now().plus(WATCHDOG);
        while (true) {
            Http.Reply reply = http.get(replica.base().resolve("health/ready"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode health = reply.json();
            if (health.get("status").textValue().equals(status)) {
                if (status.equals("DEGRADED")) {
                    assertThat(health.path("degraded").path("database").isTextual()).as(health.toString()).isTrue();
                }
                return;
            }
            assertThat(Instant.now()).as(replica.name() + " is " + status + ": " + health).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** The outcomes part of {@code /api/v1/monitoring}, once it counts {@code outcomes} outcomes. */
    private JsonNode awaitFigures(ReplicaProcess replica, int outcomes) throws Exception {
        Instant deadline = Instant.now().plus(WATCHDOG);
        while (true) {
            Http.Reply reply = http.get(replica.base().resolve("api/v1/monitoring"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode figures = reply.json().get("outcomes");
            if (figures.path("by_model_version").path(VERSION).path("outcomes").asInt() == outcomes) {
                return figures;
            }
            assertThat(Instant.now()).as(replica.name() + "'s figures count " + outcomes + ": " + figures)
                    .isBefore(deadline);
            Thread.sleep(200);
        }
    }

    // ---------------------------------------------------------------- the database

    private Connection connect() throws SQLException {
        return connect(url);
    }

    private Connection connect(String databaseUrl) throws SQLException {
        return PostgresServer.connect(databaseUrl, server.owner());
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Waits until the predictions table holds {@code rows} rows, and no more. */
    private void awaitRows(long rows) throws Exception {
        awaitSchemaVersion(url);
        Instant deadline = Instant.now().plus(WATCHDOG);
        while (count("SELECT count(*) FROM salary_predictions") < rows) {
            assertThat(Instant.now()).as("the prediction rows are written").isBefore(deadline);
            Thread.sleep(50);
        }
        assertThat(count("SELECT count(*) FROM salary_predictions")).isEqualTo(rows);
    }

    /** Which replica made each prediction, by outcome key. */
    private Map<String, String> predictedBy() throws SQLException {
        var found = new HashMap<String, String>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT outcome_key, server_id FROM salary_predictions")) {
            while (rows.next()) {
                found.put(rows.getString(1), rows.getString(2));
            }
        }
        return found;
    }

    /** Every acknowledged outcome is in the outcomes table, and nothing else. */
    private void assertAllKept(List<Reported> reported) throws SQLException {
        var kept = new ArrayList<Reported>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT outcome_key, instance_index FROM salary_outcomes")) {
            while (rows.next()) {
                kept.add(new Reported(rows.getString(1), rows.getInt(2)));
            }
        }
        assertThat(kept).containsExactlyInAnyOrderElementsOf(reported);
    }

    /** The newest migration applied, or 0 before any. */
    private long schemaVersion(String databaseUrl) throws SQLException {
        try (Connection connection = connect(databaseUrl); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT coalesce(max(version::int), 0) FROM "
                     + RecordTables.HISTORY + " WHERE success")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Waits until a replica has brought the tables to this app's version. */
    private void awaitSchemaVersion(String databaseUrl) throws Exception {
        Instant deadline = Instant.now().plus(WATCHDOG);
        String found = "nothing";
        while (true) {
            try {
                long version = schemaVersion(databaseUrl);
                if (version == RecordTables.VERSION) {
                    return;
                }
                found = "version " + version;
            } catch (SQLException e) {
                found = e.getMessage();
            }
            assertThat(Instant.now()).as("the tables at version " + RecordTables.VERSION + "; found " + found)
                    .isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** An outcome key of the form the app issues. */
    private static String key() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
