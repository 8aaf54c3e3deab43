package com.salaryml.artifact.signing;

/** Thrown when the file of trusted approvers cannot be read; the message names the file and the problem. */
public final class TrustLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public TrustLoadException(String source, String problem) {
        super(source + ": " + problem);
    }
}
