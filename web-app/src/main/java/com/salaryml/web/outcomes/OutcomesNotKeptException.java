package com.salaryml.web.outcomes;

/**
 * Outcomes that could not be kept, so none of them was recorded: the outcomes file could not be written, or the
 * database could not be reached or refused the write. The caller may send them again.
 */
public final class OutcomesNotKeptException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean temporary;

    /**
     * @param temporary whether the cause passes by itself (a database that is down or restarting, a prediction
     *                  whose row is still on its way to the database), so the caller is told when to try again
     */
    public OutcomesNotKeptException(String message, Throwable cause, boolean temporary) {
        super(message, cause);
        this.temporary = temporary;
    }

    public boolean temporary() {
        return temporary;
    }
}
