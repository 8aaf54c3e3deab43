package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.math.MathEx;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;

/** Smile's tree ensembles, seeded: the same data and settings give the same trees, whatever ran before. */
class TreeEnsemblesTest {

    private static final Formula FORMULA = Formula.lhs(Fits.TARGET.name());
    private static final TreeSettings GBM = new TreeSettings(40, 6, 32, 5, 0.1, 0.7, 0, 42);
    private static final TreeSettings FOREST = new TreeSettings(40, 10, 64, 5, 1, 1, 0, 42);

    private static DataFrame frame;

    @BeforeAll
    static void data(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nonlinear.csv");
        GenerateCommand.write(file, 600, 3, GenerateCommand.Truth.NONLINEAR);
        frame = Trainer.frame(Fits.read(file), Fits.FEATURES, Fits.TARGET, null);
    }

    @Test
    void boostingTwiceGivesTheSameTreesEvenAfterOtherDraws() {
        TreeEnsembleModel first = boost(GBM);
        // Whatever this thread's generator did in between, the fit reseeds it.
        for (int i = 0; i < 1000; i++) {
            MathEx.random();
        }
        TreeEnsembleModel second = boost(GBM);

        assertSame(second, first);
    }

    @Test
    void aForestTwiceGivesTheSameTreesEvenWhenFittedConcurrently() {
        TreeEnsembleModel alone = forest(FOREST);
        // Two forests at once share the pool's threads, and so those threads' generators, tree by tree.
        var concurrent = IntStream.range(0, 2).mapToObj(i -> CompletableFuture.supplyAsync(() -> forest(FOREST)))
                .toList().stream().map(CompletableFuture::join).toList();

        for (TreeEnsembleModel ensemble : concurrent) {
            assertSame(ensemble, alone);
        }
    }

    @Test
    void aForestThatTriesFewerFeaturesPerSplitIsRepeatableToo() {
        var settings = new TreeSettings(30, 10, 64, 5, 1, 0.8, 1, 5);

        assertSame(forest(settings), forest(settings));
    }

    @Test
    void theSeedChangesTheTrees() {
        assertThat(fingerprint(boost(GBM))).isNotEqualTo(fingerprint(boost(new TreeSettings(40, 6, 32, 5, 0.1, 0.7,
                0, 43))));
        assertThat(fingerprint(forest(FOREST))).isNotEqualTo(fingerprint(forest(new TreeSettings(40, 10, 64, 5, 1,
                1, 0, 43))));
    }

    @Test
    void treeSeedsAreDistinctAndAboveOneAsSmileNeedsThem() {
        long[] seeds = TreeEnsembles.treeSeeds(42, 5000);

        assertThat(Arrays.stream(seeds).distinct().count()).isEqualTo(5000);
        assertThat(Arrays.stream(seeds).allMatch(seed -> seed > 1 && seed < Integer.MAX_VALUE)).isTrue();
        assertThat(TreeEnsembles.treeSeeds(42, 10)).containsExactly(Arrays.copyOf(seeds, 10));
    }

    private static TreeEnsembleModel boost(TreeSettings settings) {
        var model = (GradientTreeBoost) TreeEnsembles.fit(Algorithm.GBM, settings, FORMULA, frame);
        return TreeExport.boosting(model, settings.shrinkage(), frame, Fits.FEATURES.names());
    }

    private static TreeEnsembleModel forest(TreeSettings settings) {
        var model = (RandomForest) TreeEnsembles.fit(Algorithm.RANDOM_FOREST, settings, FORMULA, frame);
        return TreeExport.forest(model, Fits.FEATURES.names());
    }

    private static void assertSame(TreeEnsembleModel actual, TreeEnsembleModel expected) {
        assertThat(fingerprint(actual)).isEqualTo(fingerprint(expected));
    }

    /** Every number of every tree, in order, as text that shows where two ensembles differ. */
    private static List<String> fingerprint(TreeEnsembleModel ensemble) {
        var lines = new java.util.ArrayList<String>();
        lines.add("base " + Double.doubleToLongBits(ensemble.baseValue()));
        for (TreeEnsembleModel.Tree tree : ensemble.trees()) {
            lines.add(tree.weight() + " " + Arrays.toString(tree.feature()) + Arrays.toString(tree.threshold())
                    + Arrays.toString(tree.left()) + Arrays.toString(tree.right()) + Arrays.toString(tree.value())
                    + Arrays.toString(tree.cover()));
        }
        return lines;
    }
}
