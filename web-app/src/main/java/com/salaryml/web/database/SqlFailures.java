package com.salaryml.web.database;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/** What a failed statement says about the database: down for now, or refusing these rows for good. */
final class SqlFailures {

    private SqlFailures() {
    }

    /**
     * Whether the database could not be reached, or is shutting down, starting, out of connections or out of
     * resources: a state that passes, after which the same statement succeeds.
     */
    static boolean unreachable(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next instanceof SQLTransientException) {
                return true;
            }
            String state = next.getSQLState();
            // 08: connection exceptions; 57P01-03: shutdown, crash, cannot connect now; 53: out of resources.
            if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"))) {
                return true;
            }
            if (next.getCause() instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the rows themselves are wrong (class 22, data; class 23, integrity), so that sending them again
     * fails again. Anything else, a missing table or a missing grant included, an operator can put right, and the
     * rows wait for it.
     */
    static boolean refusedForGood(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** The message, with the SQL state, for the log. */
    static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")");
    }
}
