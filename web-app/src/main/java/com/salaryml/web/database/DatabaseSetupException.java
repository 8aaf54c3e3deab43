package com.salaryml.web.database;

/** The database named by {@code salary.database} cannot be used as configured; the message says what to change. */
public final class DatabaseSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    public DatabaseSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
