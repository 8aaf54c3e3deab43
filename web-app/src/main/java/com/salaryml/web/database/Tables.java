package com.salaryml.web.database;

import com.salaryml.artifact.records.RecordTables;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the record's tables are there, at this app's version: brought there (or checked) by the prediction
 * writer before its first write, and tried again until they are, since the database may be down when the app
 * starts. Outcomes are refused, to be sent again, until then.
 */
final class Tables {

    private static final System.Logger LOG = System.getLogger(Tables.class.getName());

    private final Database database;
    private final boolean migrate;
    private volatile boolean ready;
    /** Why they are not ready, as last found; null while they are. */
    private volatile String problem = "they have not been checked yet";

    Tables(Database database, boolean migrate) {
        this.database = Objects.requireNonNull(database);
        this.migrate = migrate;
    }

    boolean ready() {
        return ready;
    }

    /** Why the tables cannot be used yet; empty once they can. */
    Optional<String> problem() {
        return ready ? Optional.empty() : Optional.of(problem);
    }

    /** Migrates or checks them, once; true once they are ready. */
    synchronized boolean ensure() {
        if (ready) {
            return true;
        }
        try {
            if (migrate) {
                int applied = Schema.migrate(database);
                LOG.log(Level.INFO, "The record''s tables in {0} are at version {1}{2}", database.describe(),
                        RecordTables.VERSION, applied == 0 ? "" : " (" + applied + " migration"
                                + (applied == 1 ? "" : "s") + " applied now)");
            } else {
                Schema.check(database);
                LOG.log(Level.INFO, "The record''s tables in {0} are at version {1}", database.describe(),
                        RecordTables.VERSION);
            }
            ready = true;
            problem = null;
            return true;
        } catch (Schema.SchemaException e) {
            String found = e.getMessage();
            if (!found.equals(problem)) {
                // Once per different reason, not at every retry.
                LOG.log(Level.ERROR, "The record cannot be written yet, and is tried again: " + found
                        + "; predictions are answered and their rows wait, outcomes are refused with 503");
            }
            problem = found;
            return false;
        }
    }
}
