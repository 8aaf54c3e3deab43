package com.salaryml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmark harness from rotting: every benchmark runs once, briefly, in the build. These are not
 * timed tests; the figures they produce are thrown away. The real runs are by hand (docs/benchmarks.md).
 * The HTTP harness needs the built WAR, so LoadServerIT checks it after packaging.
 */
class BenchmarkSmokeTest {

    @Test
    void everyJmhBenchmarkRunsAndProducesAScore() throws Exception {
        runsOnceWithAScore(PredictorBenchmark.class, "jmh-smoke.txt", "single", "batchOfColumnsPerRow");
    }

    /**
     * Runs every benchmark of {@code benchmark} once, briefly, in this JVM, and checks that the named ones ran
     * and every one produced a positive score. JMH's report of a smoke run says nothing worth a screen of the
     * build's output, so it goes to {@code target/<report>}.
     */
    static void runsOnceWithAScore(Class<?> benchmark, String report, String... expected) throws Exception {
        var options = new OptionsBuilder()
                .include(benchmark.getSimpleName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .output(Path.of("target", report).toString())
                .build();
        var results = new Runner(options).run();
        for (String name : expected) {
            assertThat(results).extracting(r -> r.getParams().getBenchmark()).anyMatch(run -> run.endsWith(name));
        }
        for (RunResult result : results) {
            assertThat(result.getPrimaryResult().getScore()).as(result.getParams().getBenchmark()).isPositive();
        }
    }
}
