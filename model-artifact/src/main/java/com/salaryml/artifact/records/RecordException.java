package com.salaryml.artifact.records;

/**
 * A line of the prediction log or the outcomes file that is not a record this library reads. The message names
 * the field at fault, e.g. {@code 'index' must be a whole number from 0}; the caller adds the file and line.
 */
public final class RecordException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param problem what is wrong with the line, naming the field */
    public RecordException(String problem) {
        super(problem);
    }
}
