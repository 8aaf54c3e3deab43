package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.records.ApprovalFields;
import com.salaryml.artifact.records.OutcomeLine;
import com.salaryml.artifact.records.PredictionLine;
import com.salaryml.artifact.records.RecordTables;
import com.salaryml.testservices.PostgresServer;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining from the record in a real PostgreSQL: the tables made by the contract's migrations, prediction rows
 * whose {@code record} the log's own writer wrote, and the trainer reading them as the read-only user.
 */
class DatabaseTrainingTest {

    private static final List<String> FEATURES = List.of("experience", "test_score", "interview_score");
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    /** A prediction every six hours: the selection's bounds below fall exactly on rows. */
    private static final Duration STEP = Duration.ofHours(6);
    private static final String DIGEST_QUERY_ROWS = "SELECT p.record::text, encode(float8send(o.actual), 'hex')"
            + " FROM salary_predictions p JOIN salary_outcomes o USING (outcome_key, instance_index)";
    private static final String DIGEST_ORDER = " ORDER BY outcome_key COLLATE \"C\", instance_index";

    private static PostgresServer postgres;
    /** The rows of the main database that have an outcome, as the test made them. */
    private static final List<Row> ROWS = new ArrayList<>();
    /** Prediction lines without an outcome: in the database, never trained on. */
    private static final List<String> UNANSWERED = new ArrayList<>();

    @TempDir
    Path dir;

    /** One predicted instance with its outcome, as the test wrote it. */
    private record Row(String key, int index, Instant time, String version, String line, double actual) {
    }

    @BeforeAll
    static void database() throws Exception {
        postgres = PostgresServer.start();
        migrate(postgres.jdbcUrl());
        var random = new SplittableRandom(22);
        // Requests of one or two instances; keys in both cases, so byte order and a locale's order differ.
        int instance = 0;
        for (int request = 0; instance < 60; request++) {
            String key = key(random);
            int size = random.nextInt(1, 3);
            for (int index = 0; index < size && instance < 60; index++, instance++) {
                Instant time = START.plus(STEP.multipliedBy(instance));
                String version = instance < 30 ? "1.0.0" : "1.1.0";
                int experience = random.nextInt(0, 20);
                int test = random.nextInt(3, 11);
                int interview = random.nextInt(3, 11);
                double salary = Math.round((30000 + 2500 * experience + 1000 * test + 1500 * interview
                        + random.nextGaussian() * 900) * 100) / 100.0;
                ROWS.add(new Row(key, index, time, version, line(key, index, time, version, Map.of("experience",
                        (double) experience, "test_score", (double) test, "interview_score", (double) interview)),
                        salary));
            }
        }
        for (int i = 0; i < 5; i++) {
            String key = key(random);
            UNANSWERED.add(line(key, 0, START.plus(STEP.multipliedBy(i * 7L)), "1.0.0",
                    Map.of("experience", 1.0, "test_score", 2.0, "interview_score", 3.0)));
        }
        try (Connection owner = connect(postgres.jdbcUrl(), postgres.owner())) {
            for (Row row : ROWS) {
                insert(owner, row.key(), row.index(), row.time(), row.version(), row.line(), row.actual());
            }
            for (String line : UNANSWERED) {
                PredictionLine.Logged logged = PredictionLine.read(line);
                insert(owner, logged.outcomeKey(), 0, logged.time(), "1.0.0", line, null);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void fitsAsTheSameRowsGivenAsFilesAndRecordsTheQueryTheCountAndTheDigest() throws Exception {
        // The file path through the existing code: the log holds every prediction, the outcomes file is in the
        // query's order (outcome key by byte, then index), so both see the same rows in the same order.
        Path log = Files.writeString(dir.resolve("predictions.jsonl"), ROWS.stream().map(Row::line)
                .collect(Collectors.joining("\n", "", "\n")) + String.join("\n", UNANSWERED) + "\n");
        Path outcomes = Files.writeString(dir.resolve("outcomes.jsonl"), sorted(ROWS).stream()
                .map(row -> OutcomeLine.keyed(row.time().plusSeconds(60), row.key(), row.index(), row.actual(),
                        row.version()).json())
                .collect(Collectors.joining("\n", "", "\n")));
        Run fromFiles = train(List.of("--from-log", log.toString(), "--outcomes", outcomes.toString(), "--out",
                dir.resolve("files").toString(), "--version", "2.0.0", "--quiet"), reader());
        assertThat(fromFiles.status()).as(fromFiles.err()).isZero();

        Run fromDatabase = train(List.of("--from-database", postgres.jdbcUrl(), "--out",
                dir.resolve("database").toString(), "--version", "2.0.0"), reader());

        assertThat(fromDatabase.status()).as(fromDatabase.err()).isZero();
        assertThat(fromDatabase.out()).contains("Read " + postgres.jdbcUrl()
                + " (any time, any model version): 60 predictions with their outcomes, SHA-256 ");
        JsonNode database = new ObjectMapper().readTree(dir.resolve("database/salary-model-2.0.0.json").toFile());
        JsonNode files = new ObjectMapper().readTree(dir.resolve("files/salary-model-2.0.0.json").toFile());
        assertThat(withoutSource(database)).isEqualTo(withoutSource(files));
        assertThat(database.path("training_data").path("rows").asInt()).isEqualTo(60);

        Map<String, String> recorded = provenance(dir.resolve("database/salary-model-2.0.0.json"));
        String digest = psqlDigest("");
        assertThat(recorded).containsEntry("from_database", postgres.jdbcUrl())
                .containsEntry("from_database.user", postgres.reader().user())
                .containsEntry("from_database.selection", "any time, any model version")
                .containsEntry("from_database.rows", "60")
                .containsEntry("from_database.sha256", digest)
                .containsEntry("from_database.query", "SELECT outcome_key, instance_index, p.record::text AS record,"
                        + " o.actual FROM salary_predictions p JOIN salary_outcomes o USING (outcome_key,"
                        + " instance_index) ORDER BY outcome_key COLLATE \"C\", instance_index")
                .doesNotContainKeys("from_database.predicted_from", "from_database.predicted_to",
                        "from_database.model_version", "data", "from_log");
        assertThat(recorded.values()).noneMatch(value -> value.contains(postgres.reader().password()));
        assertThat(database.path("training_data").path("sha256").asText()).isEqualTo(digest);
        assertThat(database.path("training_data").path("file").asText()).isEqualTo(postgres.jdbcUrl());
    }

    @Test
    void selectsByTheHalfOpenTimeRangeAndByModelVersion() throws Exception {
        // From the ninth row's time, inclusive, to the 37th's, exclusive: rows 8 to 35.
        Run range = train(List.of("--from-database", postgres.jdbcUrl(), "--predicted-from", "2026-11-03T00:00:00Z",
                "--predicted-to", "2026-11-10", "--out", dir.resolve("range").toString(), "--quiet"), reader());
        assertThat(range.status()).as(range.err()).isZero();
        assertSelected(dir.resolve("range/salary-model-1.0.0.json"),
                row -> !row.time().isBefore(Instant.parse("2026-11-03T00:00:00Z"))
                        && row.time().isBefore(Instant.parse("2026-11-10T00:00:00Z")), 28);
        assertThat(provenance(dir.resolve("range/salary-model-1.0.0.json")))
                .containsEntry("from_database.predicted_from", "2026-11-03T00:00:00Z")
                .containsEntry("from_database.predicted_to", "2026-11-10T00:00:00Z")
                .containsEntry("from_database.selection", "predicted from 2026-11-03T00:00:00Z, predicted before"
                        + " 2026-11-10T00:00:00Z")
                .hasEntrySatisfying("from_database.query", query -> assertThat(query)
                        .contains(" WHERE p.predicted_at >= ? AND p.predicted_at < ? ORDER BY"));

        Run version = train(List.of("--from-database", postgres.jdbcUrl(), "--model-version", "1.1.0", "--out",
                dir.resolve("version").toString(), "--quiet"), reader());
        assertThat(version.status()).as(version.err()).isZero();
        assertSelected(dir.resolve("version/salary-model-1.0.0.json"), row -> row.version().equals("1.1.0"), 30);

        Run both = train(List.of("--from-database", postgres.jdbcUrl(), "--model-version", "1.0.0",
                "--model-version", "1.1.0", "--predicted-to", "2026-11-06T12:00:00+02:00", "--out",
                dir.resolve("both").toString(), "--quiet"), reader());
        assertThat(both.status()).as(both.err()).isZero();
        assertSelected(dir.resolve("both/salary-model-1.0.0.json"),
                row -> row.time().isBefore(Instant.parse("2026-11-06T10:00:00Z")), 22);
        assertThat(provenance(dir.resolve("both/salary-model-1.0.0.json")))
                .containsEntry("from_database.model_version", "1.0.0,1.1.0");
    }

    @Test
    void aRowOutsideTheSchemaOrMissingAValueIsRefusedByItsKeyAndIndex() throws Exception {
        String url = migrated("bad_rows");
        try (Connection owner = connect(url, postgres.owner())) {
            for (Row row : ROWS.subList(0, 20)) {
                insert(owner, row.key(), row.index(), row.time(), row.version(), row.line(), row.actual());
            }
            var outOfRange = new LinkedHashMap<String, Object>(Map.of("experience", 99.0, "test_score", 8.0,
                    "interview_score", 7.0));
            insert(owner, "BadRange", 3, START, "1.0.0", line("BadRange", 3, START, "1.0.0", outOfRange), 61000.0);
            var missing = new HashMap<String, Object>(Map.of("experience", 4.0, "interview_score", 7.0));
            insert(owner, "BadMissing", 0, START, "1.0.0", line("BadMissing", 0, START, "1.0.0", missing), 61000.0);
            insert(owner, "BadActual", 1, START, "1.0.0", line("BadActual", 1, START, "1.0.0", Map.of("experience",
                    4.0, "test_score", 8.0, "interview_score", 7.0)), -5.0);
            // A row whose record was written for another prediction.
            insert(owner, "Moved", 0, START, "1.0.0", ROWS.get(0).line(), 61000.0);
        }

        Run run = train(List.of("--from-database", url, "--out", dir.resolve("models").toString()), reader());

        assertThat(run.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(run.err()).startsWith("Training failed; nothing was written.")
                .contains("error: salary_predictions row outcome_key=BadRange, index=3, input 'experience': 99.0 is"
                        + " outside the valid range 0 to 50 years")
                .contains("error: salary_predictions row outcome_key=BadMissing, index=0, input 'test_score': null,"
                        + " a missing value, and the schema file declares no rule for a missing test_score")
                .contains("error: salary_predictions row outcome_key=BadActual, index=1, salary_outcomes.actual: -5.0")
                .contains("error: salary_predictions row outcome_key=Moved, index=0: its record says outcome_key="
                        + ROWS.get(0).key() + ", index=" + ROWS.get(0).index())
                .doesNotContain("\tat ");
        assertThat(dir.resolve("models")).doesNotExist();
    }

    @Test
    void dropIncompleteLeavesOutARowMissingAnInputAndNamesItsResultRow() throws Exception {
        String url = migrated("incomplete");
        var rows = new ArrayList<>(ROWS.subList(0, 20));
        try (Connection owner = connect(url, postgres.owner())) {
            for (Row row : rows) {
                insert(owner, row.key(), row.index(), row.time(), row.version(), row.line(), row.actual());
            }
            String line = line("Incomplete", 0, START, "1.0.0", new HashMap<>(Map.of("experience", 4.0,
                    "interview_score", 7.0)));
            insert(owner, "Incomplete", 0, START, "1.0.0", line, 61000.0);
            rows.add(new Row("Incomplete", 0, START, "1.0.0", line, 61000.0));
        }
        int resultRow = sorted(rows).stream().map(Row::key).toList().indexOf("Incomplete") + 1;

        Run run = train(List.of("--from-database", url, "--drop-incomplete", "--out", dir.resolve("m").toString(),
                "--quiet"), reader());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("--drop-incomplete left out 1 of 21 rows, each with a blank or NA cell in a"
                + " column the model reads, as R's lm does (na.omit): result row " + resultRow + ".");
        Path model = dir.resolve("m/salary-model-1.0.0.json");
        assertThat(provenance(model)).containsEntry("from_database.rows", "21")
                .containsEntry("drop_incomplete", "true");
        assertThat(ModelLoader.load(model).metadata().trainingData().rows()).isEqualTo(20);
    }

    @Test
    void credentialsComeFromTheEnvironmentAndAWrongOneIsSaidPlainly() {
        Run inUrl = train(List.of("--from-database", postgres.jdbcUrl() + "?user=salary_reader&password=s3cret"),
                reader());
        assertThat(inUrl.status()).isEqualTo(TrainCommand.USAGE);
        assertThat(inUrl.err()).contains("--from-database: the URL holds a password (password=...); give it in the"
                + " environment variable SALARY_DATABASE_PASSWORD instead").doesNotContain("s3cret");
        assertThat(train(List.of("--from-database", postgres.jdbcUrl() + "?user=salary_reader"), reader()).err())
                .contains("the URL names a user (user=salary_reader); give it in the environment variable"
                        + " SALARY_DATABASE_USER");

        Run noUser = train(List.of("--from-database", postgres.jdbcUrl()), Map.of());
        assertThat(noUser.status()).isEqualTo(TrainCommand.USAGE);
        assertThat(noUser.err()).contains("SALARY_DATABASE_USER, which is not set");

        Run wrong = train(List.of("--from-database", postgres.jdbcUrl(), "--out", dir.resolve("m").toString()),
                Map.of("SALARY_DATABASE_USER", postgres.reader().user(), "SALARY_DATABASE_PASSWORD", "wrong"));
        assertThat(wrong.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(wrong.err()).contains("error: " + postgres.jdbcUrl() + ": the server refused user "
                + postgres.reader().user() + ": ").contains("password authentication failed")
                .contains("The user and password come from the environment: check SALARY_DATABASE_USER (now \""
                        + postgres.reader().user() + "\") and SALARY_DATABASE_PASSWORD").doesNotContain("\tat ").doesNotContain("wrong");
    }

    @Test
    void anUnmigratedDatabaseAnEmptySelectionAndNoServerEachSayWhatToDo() throws Exception {
        String url = postgres.createDatabase("unmigrated");
        Run unmigrated = train(List.of("--from-database", url, "--out", dir.resolve("m").toString()), reader());
        assertThat(unmigrated.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(unmigrated.err()).contains("error: " + url + ": ")
                .contains("relation \"salary_predictions\" does not exist: the record's tables")
                .contains("so this database's schema is not migrated").doesNotContain("\tat ");

        Run empty = train(List.of("--from-database", postgres.jdbcUrl(), "--predicted-from", "2027-01-01", "--out",
                dir.resolve("m").toString()), reader());
        assertThat(empty.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(empty.err()).contains("error: " + postgres.jdbcUrl() + ": no logged prediction with a reported"
                + " outcome matches the selection (predicted from 2027-01-01T00:00:00Z), so there is nothing to"
                + " train on");

        String unreadable = migrated("unreadable");
        try (Connection owner = connect(unreadable, postgres.owner()); Statement statement = owner.createStatement()) {
            statement.execute("REVOKE SELECT ON salary_outcomes FROM " + postgres.reader().user());
        }
        Run refused = train(List.of("--from-database", unreadable, "--out", dir.resolve("m").toString()), reader());
        assertThat(refused.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(refused.err()).contains("error: " + unreadable + ": permission denied for table salary_outcomes:"
                + " grant user salary_reader SELECT on salary_predictions and salary_outcomes");

        String missing = postgres.jdbcUrl().replaceFirst("/[^/]*$", "/no_such_database");
        Run noDatabase = train(List.of("--from-database", missing, "--out", dir.resolve("m").toString()), reader());
        assertThat(noDatabase.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(noDatabase.err()).contains("error: " + missing + ": database \"no_such_database\" does not exist;"
                + " check the database name in the URL");

        String nobody = "jdbc:postgresql://127.0.0.1:" + freePort() + "/salary";
        Run noServer = train(List.of("--from-database", nobody, "--out", dir.resolve("m").toString()), reader());
        assertThat(noServer.status()).isEqualTo(TrainCommand.FAILED);
        assertThat(noServer.err()).contains("error: " + nobody + ": cannot connect: ")
                .contains("Is the server running").doesNotContain("\tat ");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    /** The trainer's digest and count of the rows {@code selected} keeps, recomputed by psql over those keys. */
    private void assertSelected(Path model, Predicate<Row> selected, int count) throws Exception {
        List<Row> rows = ROWS.stream().filter(selected).toList();
        assertThat(rows).hasSize(count);
        String keys = rows.stream().map(row -> "('" + row.key() + "', " + row.index() + ")").distinct()
                .collect(Collectors.joining(", "));
        Map<String, String> recorded = provenance(model);
        assertThat(recorded).containsEntry("from_database.rows", Integer.toString(count))
                .containsEntry("from_database.sha256", psqlDigest(" WHERE (outcome_key, instance_index) IN ("
                        + keys + ")"));
        assertThat(ModelLoader.load(model).metadata().trainingData().rows()).isEqualTo(count);
    }

    /**
     * The digest as docs/training.md tells a reader to recompute it: psql's unaligned output of the record's text
     * and the actual's bits, a tab between, a line each, through SHA-256.
     */
    private static String psqlDigest(String where) throws Exception {
        URI uri = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
        var command = new ProcessBuilder("psql", "--no-psqlrc", "-h", uri.getHost(), "-p",
                Integer.toString(uri.getPort()), "-U", postgres.reader().user(), "-d", uri.getPath().substring(1),
                "-v", "ON_ERROR_STOP=1", "-At", "-F", "\t", "-c", DIGEST_QUERY_ROWS + where + DIGEST_ORDER);
        command.environment().put("PGPASSWORD", postgres.reader().password());
        command.environment().put("PGCLIENTENCODING", "UTF8");
        command.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process psql = command.start();
        byte[] output = psql.getInputStream().readAllBytes();
        assertThat(psql.waitFor()).as("psql's exit status").isZero();
        assertThat(new String(output, UTF_8)).endsWith("\n");
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(output));
    }

    private static Map<String, String> provenance(Path model) throws Exception {
        return ModelLoader.load(model).metadata().provenance().options();
    }

    /** The model without what says where its rows came from, which is all that should differ. */
    private static JsonNode withoutSource(JsonNode model) {
        ObjectNode copy = model.deepCopy();
        copy.remove("provenance");
        ((ObjectNode) copy.get("training_data")).remove(List.of("file", "sha256"));
        return copy;
    }

    private static List<Row> sorted(List<Row> rows) {
        // Outcome keys are ASCII, where Java's order of strings is PostgreSQL's byte order, COLLATE "C".
        return rows.stream().sorted(Comparator.comparing(Row::key).thenComparingInt(Row::index)).toList();
    }

    private static String migrated(String name) throws Exception {
        String url = postgres.createDatabase(name);
        migrate(url);
        return url;
    }

    /**
     * The tables as the servers make them, as their owner; the reader may read them by the database's default
     * privileges.
     */
    private static void migrate(String url) {
        PostgresServer.Credentials owner = postgres.owner();
        Flyway.configure().dataSource(url, owner.user(), owner.password()).locations(RecordTables.MIGRATIONS)
                .table(RecordTables.HISTORY).load().migrate();
    }

    private static Connection connect(String url, PostgresServer.Credentials credentials) throws java.sql.SQLException {
        return PostgresServer.connect(url, credentials);
    }

    /** A prediction row as a server writes it, its record written by the log's own writer; an outcome if given. */
    private static void insert(Connection connection, String key, int index, Instant time, String version,
                               String line, Double actual) throws Exception {
        PredictionLine.Logged logged = PredictionLine.read(line);
        try (PreparedStatement prediction = connection.prepareStatement("INSERT INTO salary_predictions (outcome_key,"
                + " instance_index, predicted_at, server_id, model_name, model_version, model_sha256, estimate,"
                + " interval_low, interval_high, record) VALUES (?, ?, ?, 'replica-1', 'salary', ?, ?, ?, ?, ?,"
                + " ?::jsonb)")) {
            prediction.setString(1, key);
            prediction.setInt(2, index);
            prediction.setObject(3, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
            prediction.setString(4, version);
            prediction.setString(5, "9b2e".repeat(16));
            prediction.setDouble(6, logged.value());
            prediction.setDouble(7, logged.low());
            prediction.setDouble(8, logged.high());
            prediction.setString(9, line);
            prediction.executeUpdate();
        }
        if (actual == null) {
            return;
        }
        try (PreparedStatement outcome = connection.prepareStatement("INSERT INTO salary_outcomes (outcome_key,"
                + " instance_index, reported_at, actual, reporter, server_id, model_version, error, inside_interval)"
                + " VALUES (?, ?, ?, ?, 'hr-system', 'replica-2', ?, ?, ?)")) {
            outcome.setString(1, key);
            outcome.setInt(2, index);
            outcome.setObject(3, OffsetDateTime.ofInstant(time.plusSeconds(3600), ZoneOffset.UTC));
            outcome.setDouble(4, actual);
            outcome.setString(5, version);
            outcome.setDouble(6, actual - logged.value());
            outcome.setBoolean(7, actual >= logged.low() && actual <= logged.high());
            outcome.executeUpdate();
        }
    }

    /** A prediction log line as the server writes it, with the estimate of a fixed model. */
    private static String line(String key, int index, Instant time, String version, Map<String, ?> inputs)
            throws Exception {
        Model model = TestModels.model(version, 30000, 2500, 1000, 1500);
        Prediction prediction = model.predict(Map.of("experience", 5.0, "test_score", 8.0, "interview_score", 7.0));
        var text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            PredictionLine.write(json, new PredictionLine.Request(time, "request-" + key, key, "v1", "salary", version,
                    new ApprovalFields("unsigned", null, "9b2e".repeat(16))), index, FEATURES, inputs, "salary",
                    prediction);
        }
        return text.toString();
    }

    private static String key(SplittableRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var key = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return key.toString();
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The environment of a data scientist who reads the record as the read-only user. */
    private static Map<String, String> reader() {
        return Map.of("SALARY_DATABASE_USER", postgres.reader().user(), "SALARY_DATABASE_PASSWORD",
                postgres.reader().password());
    }

    private static Run train(List<String> args, Map<String, String> environment) {
        var all = new ArrayList<>(args);
        all.addAll(List.of("--schema", DataSchema.besideData(Csv.HIRING).toString()));
        return Run.train(all, environment);
    }
}
