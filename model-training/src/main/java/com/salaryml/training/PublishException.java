package com.salaryml.training;

/** The model could not be written where it was asked to go; nothing was changed there. */
public final class PublishException extends Exception {

    private static final long serialVersionUID = 1L;

    PublishException(String message) {
        super(message);
    }

    PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
