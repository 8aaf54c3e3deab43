package com.salaryml.artifact;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Generated test cases from one seed, for every module's tests (through model-artifact's test JAR). The seed is
 * fixed, so every run and CI try the same cases; {@code
 * -Dsalary.seed=N} runs with another, and {@code -Dsalary.case=I} runs only case I of each generated test.
 * A test that takes a {@link Case} and registers {@link Report} fails with the seed, the case's index and
 * the properties that replay it in its message. Surefire hands {@code -D} properties to the test JVM as they
 * are.
 */
public final class Seeds {

    public static final String SEED_PROPERTY = "salary.seed";
    public static final String CASE_PROPERTY = "salary.case";

    /** Any number will do; it is fixed so that a red build stays red until the code changes. */
    public static final long DEFAULT_SEED = 20261127L;

    private Seeds() {
    }

    public static long seed() {
        String given = System.getProperty(SEED_PROPERTY, "").strip();
        try {
            return given.isEmpty() ? DEFAULT_SEED : Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a whole number, was " + given, e);
        }
    }

    /**
     * The {@code fixed} values first, as given, then {@code random} values drawn by {@code generator}. Each
     * drawn value gets a random stream of its own, split off in order, so a case is the same whatever the
     * cases before it consumed.
     */
    public static <T> Stream<Case<T>> cases(List<T> fixed, int random, Function<SplittableRandom, T> generator) {
        long seed = seed();
        var values = new ArrayList<T>(fixed);
        var root = new SplittableRandom(seed);
        for (int i = 0; i < random; i++) {
            values.add(generator.apply(root.split()));
        }
        String only = System.getProperty(CASE_PROPERTY, "").strip();
        return IntStream.range(0, values.size())
                .filter(i -> only.isEmpty() || Integer.toString(i + 1).equals(only))
                .mapToObj(i -> new Case<>(seed, i + 1, values.size(), values.get(i)));
    }

    /** Every value of {@code values} exactly once: for small sets that are tried exhaustively. */
    public static <T> Stream<Case<T>> all(List<T> values) {
        return cases(values, 0, random -> {
            throw new AssertionError("no random values");
        });
    }

    /** A random element of {@code values}. */
    public static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /**
     * One generated case.
     *
     * @param seed  the seed its values came from
     * @param index its place among the test's cases, from 1
     * @param count how many cases the test has
     * @param value what the test is given
     */
    public record Case<T>(long seed, int index, int count, T value) {

        /** What a failure says first: enough to run exactly this case again. */
        String replay(Class<?> test, Method method) {
            String properties = "-D" + SEED_PROPERTY + "=" + seed + " -D" + CASE_PROPERTY + "=" + index;
            // Surefire and Failsafe run a module's tests in its own folder, whose name is the module's.
            String module = Path.of("").toAbsolutePath().getFileName().toString();
            String selector = test.getSimpleName().endsWith("IT")
                    ? "-Dit.test=" + test.getSimpleName() + "#" + method.getName()
                    : "-Dtest=" + test.getSimpleName() + "#" + method.getName() + " -Dsurefire.failIfNoSpecifiedTests=false";
            return test.getSimpleName() + "#" + method.getName() + " case " + index + " of " + count + " (seed "
                    + seed + ") failed; replay it with " + properties + ", as in: mvn -B -pl " + module + " -am verify "
                    + properties + " " + selector;
        }

        @Override
        public String toString() {
            String shown = String.valueOf(value);
            return "case " + index + ": " + (shown.length() <= 120 ? shown : shown.substring(0, 120) + "\u2026");
        }
    }

    /** Puts the failing case's {@link Case#replay} in front of the failure's message. */
    public static final class Report implements InvocationInterceptor {

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                                ReflectiveInvocationContext<Method> invocationContext,
                                                ExtensionContext extensionContext) throws Throwable {
            try {
                invocation.proceed();
            } catch (Throwable failure) {
                Case<?> failed = invocationContext.getArguments().stream().filter(Case.class::isInstance)
                        .map(Case.class::cast).findFirst().orElse(null);
                if (failed == null || failure instanceof TestAbortedException) {
                    throw failure;
                }
                throw new AssertionError(failed.replay(extensionContext.getRequiredTestClass(),
                        extensionContext.getRequiredTestMethod()) + "\n" + failure.getMessage(), failure);
            }
        }
    }
}
