package com.salaryml.web.outcomes;

/**
 * Outcomes that could not be kept, so none of them was recorded: the outcomes file could not be written, or the
 * database could not be reached or refused the write. The caller may send them again.
 */
public final class OutcomesNotKeptException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unreachable;

    /**
     * @param unreachable whether the store could not be reached at all (a database that is down or restarting),
     *                    which passes by itself, so the caller is told when to try again
     */
    public OutcomesNotKeptException(String message, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    public boolean unreachable() {
        return unreachable;
    }
}
