package com.salaryml.web.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

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

    /**
     * The JSON body of a native API request, read by {@link JsonBodies}; a body it refuses is this problem, with
     * the refusal's status and message: the one mapping of refused bodies for every endpoint of the native API.
     */
    public static byte[] readJson(HttpServletRequest request, int maxBytes, String unit)
            throws ProblemException, IOException {
        try {
            JsonBodies.requireJson(request);
            return JsonBodies.read(request, maxBytes, unit);
        } catch (JsonBodies.Refusal refusal) {
            throw new ProblemException(refusal.status(), refusal.getMessage());
        }
    }

    public Problem problem() {
        return problem;
    }
}
