package com.salaryml.web.http;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The parts of the app that can stop working while it still predicts, such as the prediction log. While one
 * has a problem, {@code /health/ready} says DEGRADED and names it, but stays 200: the predictions are right and
 * the instance should keep its traffic, while the operator learns of the problem from the answer, the part's
 * metrics and their alerts (docs/operations.md). Parts register here at start-up; the health check asks them
 * at every request, so the answer is always current.
 */
public final class Degradations {

    /** Why a part is not working now, in words without paths or exceptions; empty while it works. */
    @FunctionalInterface
    public interface Check {
        Optional<String> problem();
    }

    /** Ordered by name, so that the answer lists the parts in the same order every time. */
    private final Map<String, Check> checks = new ConcurrentSkipListMap<>();

    /** Asks {@code check} about {@code part} at every health check; {@code part} names it in the answer. */
    public void watch(String part, Check check) {
        checks.put(part, check);
    }

    /** Each part that has a problem now, with the problem, in the order of their names. */
    public Map<String, String> current() {
        var problems = new TreeMap<String, String>();
        checks.forEach((part, check) -> check.problem().ifPresent(problem -> problems.put(part, problem)));
        return problems;
    }
}
