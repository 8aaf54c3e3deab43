package com.salaryml.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
        BenchmarkSmokeTest.runsOnceWithAScore(TreeEnsembleBenchmark.class, "jmh-tree-smoke.txt", "valueAndInterval",
                "batchOfColumnsWithContributionsPerRow");
    }
}
