package com.salaryml.web.database;

import com.salaryml.web.outcomes.LiveErrors;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live figures of the whole fleet, read from {@code salary_outcomes}, so that every replica reports the same:
 * per model version, the newest {@code window} outcomes, no reporter holding more than its share beside others
 * (as {@link LiveErrors} keeps them on one replica). Read at most once per {@code salary.database.figures-seconds}
 * and reused in between; while the database cannot be read, the last figures read are kept.
 *
 * <p>The share: among the version's reporters, each one's newest outcomes are taken, at most {@code maxShare} of
 * the window each, and the window is the largest count up to {@code window} that they can fill that way. A
 * reporter alone fills the whole window; a flood beside others moves the figures by at most its share.
 */
final class FleetFigures {

    private static final System.Logger LOG = System.getLogger(FleetFigures.class.getName());

    private static final String TOTALS = "SELECT model_version, reporter, count(*) FROM salary_outcomes"
            + " GROUP BY model_version, reporter ORDER BY model_version, reporter";
    private static final String NEWEST = "SELECT reported_at, error, inside_interval FROM salary_outcomes"
            + " WHERE model_version = ? AND reporter = ? ORDER BY reported_at DESC, outcome_key DESC,"
            + " instance_index DESC LIMIT ?";

    /** One outcome as the window holds it. */
    private record Row(Instant at, double error, byte inside, String reporter) {
    }

    private final Database database;
    private final int window;
    private final double maxShare;
    private final Duration maxAge;
    private final Clock clock;
    private List<LiveErrors.Figures> last = List.of();
    private Instant readAt;
    private boolean failing;

    FleetFigures(Database database, int window, double maxShare, Duration maxAge, Clock clock) {
        this.database = database;
        this.window = window;
        this.maxShare = maxShare;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The figures, read again if the last read is older than the setting allows. */
    synchronized List<LiveErrors.Figures> figures() {
        Instant now = clock.instant();
        if (readAt != null && Duration.between(readAt, now).compareTo(maxAge) < 0) {
            return last;
        }
        try {
            last = read();
            if (failing) {
                LOG.log(Level.INFO, "The fleet''s live figures are read from {0} again", database.describe());
                failing = false;
            }
        } catch (SQLException e) {
            if (!failing) {
                LOG.log(Level.WARNING, "The fleet's live figures cannot be read from " + database.describe()
                        + ", so the last ones read are reported until they can: " + SqlFailures.describe(e));
                failing = true;
            }
        }
        // Also after a failure: a scrape every few seconds must not wait on a database that is down each time.
        readAt = now;
        return last;
    }

    /** Drops the figures read, so the next call reads them again: after this replica recorded outcomes. */
    synchronized void stale() {
        readAt = null;
    }

    private List<LiveErrors.Figures> read() throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setReadOnly(true);
            Map<String, Map<String, Long>> totals = new TreeMap<>();
            try (PreparedStatement statement = connection.prepareStatement(TOTALS);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    totals.computeIfAbsent(rows.getString(1), version -> new TreeMap<>())
                            .put(rows.getString(2), rows.getLong(3));
                }
            }
            var all = new ArrayList<LiveErrors.Figures>(totals.size());
            for (Map.Entry<String, Map<String, Long>> version : totals.entrySet()) {
                all.add(figures(connection, version.getKey(), version.getValue()));
            }
            return all;
        }
    }

    private LiveErrors.Figures figures(Connection connection, String version, Map<String, Long> totals)
            throws SQLException {
        Map<String, List<Row>> newest = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(NEWEST)) {
            for (String reporter : totals.keySet()) {
                statement.setString(1, version);
                statement.setString(2, reporter);
                statement.setInt(3, window);
                var own = new ArrayList<Row>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        boolean inside = rows.getBoolean(3);
                        byte covered = rows.wasNull() ? -1 : (byte) (inside ? 1 : 0);
                        own.add(new Row(rows.getTimestamp(1).toInstant(), rows.getDouble(2), covered, reporter));
                    }
                }
                newest.put(reporter, own);
            }
        }
        List<Row> held = window(newest);
        double[] errors = new double[held.size()];
        byte[] inside = new byte[held.size()];
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < held.size(); i++) {
            errors[i] = held.get(i).error();
            inside[i] = held.get(i).inside();
            counts.merge(held.get(i).reporter(), 1, Integer::sum);
        }
        var reporters = new ArrayList<LiveErrors.Reporter>(totals.size());
        long total = 0;
        for (Map.Entry<String, Long> reporter : totals.entrySet()) {
            reporters.add(new LiveErrors.Reporter(reporter.getKey(), counts.getOrDefault(reporter.getKey(), 0),
                    reporter.getValue()));
            total += reporter.getValue();
        }
        return LiveErrors.summarize(version, errors, inside, total, reporters);
    }

    /** The window: the largest size up to {@code window} the reporters fill with at most their share each. */
    private List<Row> window(Map<String, List<Row>> newest) {
        int available = newest.values().stream().mapToInt(List::size).sum();
        int size = Math.min(window, available);
        int cap = size;
        if (newest.size() > 1) {
            for (; size > 0; size--) {
                cap = Math.max(1, (int) Math.floor(maxShare * size + 1e-9));
                int fill = 0;
                for (List<Row> own : newest.values()) {
                    fill += Math.min(own.size(), cap);
                }
                if (fill >= size) {
                    break;
                }
            }
        }
        var taken = new ArrayList<Row>();
        for (List<Row> own : newest.values()) {
            taken.addAll(own.subList(0, Math.min(own.size(), cap)));
        }
        taken.sort(Comparator.comparing(Row::at).reversed());
        return taken.subList(0, Math.min(size, taken.size()));
    }
}
