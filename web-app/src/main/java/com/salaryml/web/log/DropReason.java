package com.salaryml.web.log;

import java.util.Locale;

/** Why prediction records never reached the record, as {@code salary_prediction_log_dropped_total{reason}} says. */
public enum DropReason {
    /** The queue had no room for the request's records: the writer fell behind, or the database is down. */
    QUEUE_FULL,
    /** Writing failed: a failing disk, or a database that refused the rows for good. */
    WRITE_FAILED,
    /** The writer thread died of an error while it held them. */
    WRITER_DIED,
    /** The app was stopping, and they could not be written in time. */
    CLOSING;

    /** The label value: {@code queue_full}, {@code write_failed}, {@code writer_died}, {@code closing}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
