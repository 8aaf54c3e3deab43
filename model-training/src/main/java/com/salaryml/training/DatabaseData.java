package com.salaryml.training;

import com.salaryml.artifact.records.PredictionLine;
import com.salaryml.artifact.records.RecordException;
import com.salaryml.artifact.records.RecordTables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Training data from the record in PostgreSQL: each logged prediction of the selection joined, in SQL, to the real
 * outcome reported for it. A prediction row's {@code record} is the very line the prediction log holds, so it is
 * read with the log's reader and its inputs checked against the schema as a log line's are; the outcome's
 * {@code actual} is checked as an outcomes file's is. A problem names the row by its outcome key and index.
 *
 * <p>The rows are read in one read-only, repeatable-read transaction, a page at a time: one snapshot, so the
 * count and the digest describe one state of the tables even while servers write to them.
 *
 * <p>The digest is SHA-256 over the rows in the query's order, each row as the UTF-8 bytes of its
 * {@code record::text}, a tab, the 16 lower-case hex digits of its {@code actual} as an IEEE 754 double
 * (big-endian, what PostgreSQL's {@code encode(float8send(actual), 'hex')} gives) and a line feed. Those are
 * bytes {@code psql} prints for the same rows, so anyone can recompute it (docs/training.md); and the number's
 * bits, unlike its decimal text, do not depend on a client's float formatting.
 */
final class DatabaseData {

    /** Rows fetched per round trip: few enough to keep memory flat, enough that latency does not dominate. */
    static final int FETCH_SIZE = 1_000;

    private static final int MAX_PROBLEMS = 20;
    /** How long to wait for the server to answer a connection, in seconds, before saying it cannot be reached. */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private DatabaseData() {
    }

    /**
     * What was read, and what the provenance records of it.
     *
     * @param dataset the training rows
     * @param query   the query's text, with {@code ?} for each bound value of the selection
     * @param rows    how many rows the query gave, before {@code --drop-incomplete} left any out
     * @param sha256  the digest of those rows, as the class comment defines it
     */
    record Read(Dataset dataset, String query, long rows, String sha256) {
    }

    /**
     * Reads the selection.
     *
     * @param user           the database user, from the environment
     * @param password       its password, from the environment; null to connect without one
     * @param dropIncomplete whether to leave out a row whose logged inputs miss one, as R's {@code lm} does
     * @throws DataException naming the URL and what to do when the database cannot be read, or every row at
     *                       fault by its outcome key and index
     */
    static Read read(DatabaseSelection selection, String user, String password, DataSchema schema,
                     boolean dropIncomplete) throws DataException {
        String query = selection.query();
        var problems = new ArrayList<String>();
        var rows = new ArrayList<double[]>();
        var target = new ArrayList<Double>();
        var dropped = new ArrayList<Long>();
        MessageDigest digest = sha256();
        long count = 0;
        try (Connection connection = connect(selection.url(), user, password)) {
            // pgjdbc pages through a result with a cursor only inside a transaction: without autocommit off it
            // would load every row at once.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement statement = connection.prepareStatement(query)) {
                statement.setFetchSize(FETCH_SIZE);
                List<Object> parameters = selection.parameters();
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        count++;
                        String key = result.getString(1);
                        int index = result.getInt(2);
                        String record = result.getString(3);
                        double actual = result.getDouble(4);
                        digest.update(record.getBytes(StandardCharsets.UTF_8));
                        digest.update((byte) '\t');
                        digest.update(HexFormat.of().toHexDigits(Double.doubleToRawLongBits(actual))
                                .getBytes(StandardCharsets.US_ASCII));
                        digest.update((byte) '\n');
                        String where = RecordTables.PREDICTIONS + " row outcome_key=" + HiringCsv.visible(key)
                                + ", index=" + index;
                        double[] inputs = row(key, index, record, actual, where, schema, dropIncomplete, problems);
                        if (inputs == null) {
                            continue;
                        }
                        if (dropIncomplete && Arrays.stream(inputs).anyMatch(Double::isNaN)) {
                            dropped.add(count);
                            continue;
                        }
                        rows.add(inputs);
                        target.add(actual);
                    }
                }
            } finally {
                // Nothing was written: ending the transaction only lets the snapshot go.
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new DataException(problem(e, selection, user, password != null));
        }
        if (problems.size() > MAX_PROBLEMS) {
            int more = problems.size() - MAX_PROBLEMS;
            problems.subList(MAX_PROBLEMS, problems.size()).clear();
            problems.add("... and " + more + " more problems");
        }
        if (!problems.isEmpty()) {
            throw new DataException(problems);
        }
        if (target.isEmpty()) {
            throw new DataException(selection.url() + ": " + (count == 0
                    ? "no logged prediction with a reported outcome matches the selection (" + selection.describe()
                    + "), so there is nothing to train on. Check the selection (--predicted-from, --predicted-to,"
                    + " --model-version), that the servers write to this database, and that their retention"
                    + " (salary.database.retention-days) has not deleted the rows"
                    : "each of the " + count + " rows " + selection.describe() + " misses a logged input, so"
                    + " --drop-incomplete leaves nothing to train on"));
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        long[] droppedRows = dropped.stream().mapToLong(Long::longValue).toArray();
        return new Read(dataset(selection.url(), sha256, schema, rows, target,
                new Dataset.Dropped(droppedRows, droppedRows.clone())), query, count, sha256);
    }

    /**
     * One row's inputs in schema order, checked as a log line's are, and its actual checked as an outcome's is;
     * null after adding the problems.
     */
    private static double[] row(String key, int index, String record, double actual, String where,
                                DataSchema schema, boolean dropIncomplete, List<String> problems) {
        PredictionLine.Logged logged;
        try {
            logged = PredictionLine.read(record);
        } catch (RecordException e) {
            problems.add(where + ": its record is not a prediction log line: " + e.getMessage());
            return null;
        }
        // The row's key is what the outcome joined on; a record that says otherwise was not written for this row.
        if (!key.equals(logged.outcomeKey()) || index != logged.index()) {
            problems.add(where + ": its record says outcome_key=" + (logged.outcomeKey() == null
                    ? "none (record version 1)" : HiringCsv.visible(logged.outcomeKey())) + ", index="
                    + logged.index() + "; the row and the line it holds must name the same prediction");
            return null;
        }
        double[] inputs = OutcomeData.inputs(logged, schema, dropIncomplete, where, problems);
        String targetProblem = HiringCsv.targetProblem(where + ", " + RecordTables.OUTCOMES + ".actual: ",
                schema.target(), schema.targetRange(), actual, Double.toString(actual));
        if (targetProblem != null) {
            problems.add(targetProblem);
            return null;
        }
        return inputs;
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        // Named in pg_stat_activity, so whoever runs the database sees who is reading.
        properties.setProperty("ApplicationName", "salary-trainer");
        // The driver itself, not DriverManager: under exec:java the driver's class loader is not the one
        // DriverManager trusts.
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not take this URL", "08001");
        }
        return connection;
    }

    /** What went wrong, naming the URL (which never holds a password) and what to do. */
    static String problem(SQLException e, DatabaseSelection selection, String user, boolean passwordGiven) {
        String url = selection.url();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String said = said(e);
        String check = "The user and password come from the environment: check " + TrainingOptions.DATABASE_USER
                + " (now \"" + user + "\") and " + TrainingOptions.DATABASE_PASSWORD
                + (passwordGiven ? "" : ", which is not set");
        return switch (state) {
            case "28P01", "28000" -> url + ": the server refused user " + user + ": " + said + ". " + check;
            case "08004" -> url + ": the server refused the connection: " + said + ". " + check;
            case "3D000" -> url + ": " + said + "; check the database name in the URL";
            case "42P01" -> url + ": " + said + ": the record's tables (" + RecordTables.PREDICTIONS + ", "
                    + RecordTables.OUTCOMES + ") are not there, so this database's schema is not migrated. The"
                    + " servers create them at start (salary.database.migrate=true), or migrate it as a user that"
                    + " may create tables (docs/database.md, Migrations)";
            case "42703" -> url + ": " + said + ": the record's tables are not at schema version "
                    + RecordTables.VERSION + ", which this trainer reads; migrate the database first";
            case "42501" -> url + ": " + said + ": grant user " + user + " SELECT on " + RecordTables.PREDICTIONS
                    + " and " + RecordTables.OUTCOMES;
            default -> state.startsWith("08")
                    ? url + ": cannot connect: " + said + ". Is the server running, and does the URL name its"
                    + " host, port and database?"
                    : url + ": reading the rows failed: " + said + " (SQL state " + state + ")";
        };
    }

    /**
     * What the server or the driver said, on one line: a server's own message without the driver's additions
     * (severity, position), or the driver's with its cause, which says what the network refused.
     */
    private static String said(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException server && server.getServerErrorMessage() != null
                && server.getServerErrorMessage().getMessage() != null) {
            return server.getServerErrorMessage().getMessage();
        }
        String message = String.valueOf(e.getMessage()).strip();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static Dataset dataset(String source, String sha256, DataSchema schema, List<double[]> rows,
                                   List<Double> target, Dataset.Dropped dropped) {
        int p = schema.features().size();
        double[][] columns = new double[p][target.size()];
        double[] targetColumn = new double[target.size()];
        for (int i = 0; i < target.size(); i++) {
            for (int j = 0; j < p; j++) {
                columns[j][i] = rows.get(i)[j];
            }
            targetColumn[i] = target.get(i);
        }
        return new Dataset(source, sha256, schema.features().names(), columns, targetColumn, dropped);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
