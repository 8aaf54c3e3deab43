package com.salaryml.web.http;

/** Ends a request with a {@link Problem}; thrown where the request is found to be at fault. */
public final class ProblemException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public ProblemException(int status, String detail) {
        this(Problem.of(status, detail));
    }

    public Problem problem() {
        return problem;
    }
}
