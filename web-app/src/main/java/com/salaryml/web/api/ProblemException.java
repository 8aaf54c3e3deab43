package com.salaryml.web.api;

/** Ends a request with a {@link Problem}; thrown where the request is found to be at fault. */
final class ProblemException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    ProblemException(int status, String detail) {
        this(Problem.of(status, detail));
    }

    Problem problem() {
        return problem;
    }
}
