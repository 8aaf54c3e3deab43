package com.salaryml.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the tree benchmark from rotting: it runs once, briefly, in the build, and its model is the one it
 * claims to be. Not a timed test; the figures are thrown away (docs/benchmarks.md has the real runs).
 */
class TreeEnsembleBenchmarkSmokeTest {

    @Test
    void theSyntheticGbmIsThreeHundredFullTreesOfDepthSix() {
        var model = TreeEnsembleBenchmark.gbm(new SplittableRandom(1));
        var trees = ((TreeEnsembleModel) model.kind()).trees();

        assertThat(trees).hasSize(300).allSatisfy(tree -> {
            assertThat(tree.depth()).isEqualTo(6);
            assertThat(tree.size()).isEqualTo(127);
        });
        Prediction prediction = model.predict(java.util.Map.of("experience", 2.0, "test_score", 9.0,
                "interview_score", 6.0));
        double sum = prediction.baseline();
        for (var contribution : prediction.contributions()) {
            sum += contribution.amount();
        }
        assertThat(sum).isCloseTo(prediction.value(), within(1e-6));
        assertThat(prediction.interval().method()).isEqualTo("conformal");
    }

    @Test
    void everyTreeBenchmarkRunsAndProducesAScore() throws Exception {
        var options = new OptionsBuilder()
                .include(TreeEnsembleBenchmark.class.getSimpleName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .output(Path.of("target", "jmh-tree-smoke.txt").toString())
                .build();
        var results = new Runner(options).run();
        assertThat(results).extracting(r -> r.getParams().getBenchmark())
                .anyMatch(name -> name.endsWith("valueAndInterval"))
                .anyMatch(name -> name.endsWith("batchOfColumnsWithContributionsPerRow"));
        for (RunResult result : results) {
            assertThat(result.getPrimaryResult().getScore()).as(result.getParams().getBenchmark()).isPositive();
        }
    }
}
