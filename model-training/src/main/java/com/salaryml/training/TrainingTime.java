package com.salaryml.training;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * When a model is trained, as its provenance's {@code trained_at} and its JAR's entry times record it: now, or,
 * following the reproducible-builds convention (reproducible-builds.org/specs/source-date-epoch/), the time in the
 * environment variable {@code SOURCE_DATE_EPOCH}, so that two trainings of the same data give the same bytes. The
 * build sets it for the models it packages, from {@code project.build.outputTimestamp}; a data scientist's
 * retraining leaves it unset, so the model's age is the model's and not the build's.
 */
public final class TrainingTime {

    /** The environment variable that fixes the training time, in whole seconds since 1970-01-01T00:00:00Z. */
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    private TrainingTime() {
    }

    /** {@code SOURCE_DATE_EPOCH} is set, but not to a time. The message names the variable and what it holds. */
    public static final class InvalidSourceDateEpochException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidSourceDateEpochException(String message) {
            super(message);
        }
    }

    /**
     * The training time.
     *
     * @param environment the process's environment, or a test's
     * @param clock       the clock read when {@code SOURCE_DATE_EPOCH} is not set
     * @return {@code SOURCE_DATE_EPOCH}'s time if it is set, else the clock's, to the second
     * @throws InvalidSourceDateEpochException if {@code SOURCE_DATE_EPOCH} is set to anything but whole seconds
     */
    public static Instant of(Map<String, String> environment, Clock clock) throws InvalidSourceDateEpochException {
        String epoch = environment.get(SOURCE_DATE_EPOCH);
        // Empty is unset, as most tools that read the variable take it: `SOURCE_DATE_EPOCH= mvn ...` trains now.
        if (epoch == null || epoch.isEmpty()) {
            // To the second: the metric of the model's age and the JAR's entries count no finer.
            return clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        // The convention's form: a decimal integer, no sign, no fraction, no date. Eleven digits reach the year 5138,
        // which Instant holds; a longer number is a mistake, not a time.
        if (!epoch.matches("[0-9]{1,11}")) {
            throw new InvalidSourceDateEpochException("the environment variable " + SOURCE_DATE_EPOCH + " is \""
                    + HiringCsv.visible(epoch) + "\", which is not a time: it must be whole seconds since"
                    + " 1970-01-01T00:00:00Z, as `date -u +%s` prints them. It fixes the model's trained_at so that"
                    + " retraining gives the same bytes; unset it to record when the model is trained.");
        }
        return Instant.ofEpochSecond(Long.parseLong(epoch));
    }
}
