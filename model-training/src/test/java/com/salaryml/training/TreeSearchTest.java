package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.GradientTreeBoost;

/** Choosing gradient boosting's number of trees and depth by cross-validation within the training rows. */
class TreeSearchTest {

    private static final Formula FORMULA = Formula.lhs("y");

    /** Auto trees and depth, as the defaults have them, at boosting's default shrinkage. */
    private static final TreeSettings AUTO = TreeSettings.GBM;

    @TempDir
    Path dir;

    /**
     * The search's boosting is Smile's, tree for tree: with every row in every tree (no subsample, so no draws), its
     * held-out predictions after each tree are Smile's staged predictions of GradientTreeBoost fitted on the same rows.
     */
    @Test
    void theSearchBoostsAsSmileDoesTreeForTree() {
        DataFrame frame = frame(300, 1, true);
        DataFrame x = FORMULA.expand(frame.schema()).x(frame);
        double[] y = FORMULA.y(frame).toDoubleArray();
        int[] foldOf = Folds.shuffled(300, 5, 7);
        var fold = new TreeSearch.Fold(x, y, foldOf, 2);
        var settings = new TreeSettings(40, 4, 32, 5, 0.1, 1, 0, 42);
        var boosting = new TreeSearch.Boosting(fold, settings, 2);

        int[] train = java.util.stream.IntStream.range(0, 300).filter(i -> foldOf[i] != 2).toArray();
        int[] test = java.util.stream.IntStream.range(0, 300).filter(i -> foldOf[i] == 2).toArray();
        GradientTreeBoost smile = GradientTreeBoost.fit(FORMULA, frame.of(train), Loss.ls(), 40, 4, 32, 5, 0.1, 1);
        double[][] staged = smile.test(frame.of(test));

        for (int t = 0; t < 40; t++) {
            boosting.addTree(4);
            assertThat(boosting.heldOut()).as("after tree " + (t + 1)).isEqualTo(staged[t]);
        }
    }

    /**
     * Where there is nothing to learn, more trees only fit the noise: the search stops early. Where there is, it
     * keeps adding trees while they help.
     */
    @Test
    void noiseGetsFewTreesAndSignalMany() {
        TreeSearch.Choice noise = TreeSearch.choose(AUTO, FORMULA, frame(300, 3, false));
        TreeSearch.Choice signal = TreeSearch.choose(AUTO, FORMULA, frame(300, 3, true));

        assertThat(noise.settings().searched()).isFalse();
        assertThat(noise.settings().trees()).isLessThan(20);
        assertThat(signal.settings().trees()).isGreaterThan(4 * noise.settings().trees());
        assertThat(signal.settings().maxDepth()).isBetween(TreeSearch.MIN_DEPTH, TreeSearch.MAX_DEPTH);
    }

    /** A number fixes the trees: only the depth is chosen, scored at that number of trees. */
    @Test
    void aFixedNumberOfTreesIsKeptAndOnlyTheDepthChosen() {
        var settings = new TreeSettings(30, 5, 32, 5, 0.1, 0.7, 0, 42, false, true);

        TreeSearch.Choice choice = TreeSearch.choose(settings, FORMULA, frame(200, 5, true));

        assertThat(choice.settings().trees()).isEqualTo(30);
        assertThat(choice.settings().maxDepth()).isBetween(2, 5);
        assertThat(choice.settings().autoDepth()).isFalse();
    }

    /** The folds grow in parallel; the choice is the same whichever threads grow them. */
    @Test
    void theChoiceIsTheSameOnOneThreadAsOnMany() throws Exception {
        DataFrame frame = frame(250, 9, true);

        TreeSearch.Choice many = TreeSearch.choose(AUTO, FORMULA, frame);
        TreeSearch.Choice one;
        var pool = new ForkJoinPool(1);
        try {
            one = pool.submit(() -> TreeSearch.choose(AUTO, FORMULA, frame)).get();
        } finally {
            pool.shutdown();
        }

        assertThat(one).isEqualTo(many);
    }

    /**
     * Nested: each cross-validation fold chooses its settings from its own training rows. Change the targets of
     * the rows one fold holds out, and that fold's predictions do not move, though every other fold's do (its model
     * trains on those rows).
     */
    @Test
    void theFoldBeingScoredNeverShapesItsModelsSettings() throws Exception {
        Path csv = AcademicData.write(dir, "academic.csv", AcademicData.lines(150, 8, false),
                AcademicData.IMPUTING_SCHEMA);
        DataSchema schema = DataSchema.read(DataSchema.besideData(csv));
        Dataset data = HiringCsv.read(csv, CsvFormat.DEFAULT, schema);
        var settings = new FitSettings(Algorithm.GBM, 1.0, 5, 42);
        HeldOut before = CrossValidator.crossValidate(data, Declared.of(schema), settings, false);

        double[] changed = data.target().clone();
        for (int i = 0; i < changed.length; i++) {
            if (before.foldOf()[i] == 0) {
                changed[i] *= 3;
            }
        }
        HeldOut after = CrossValidator.crossValidate(new Dataset(data.file(), data.sha256(), data.features(),
                data.columns(), changed), Declared.of(schema), settings, false);

        int moved = 0;
        for (int i = 0; i < changed.length; i++) {
            if (before.foldOf()[i] == 0) {
                assertThat(after.predicted()[i]).as("row " + i + ", held out").isEqualTo(before.predicted()[i]);
            } else if (after.predicted()[i] != before.predicted()[i]) {
                moved++;
            }
        }
        assertThat(moved).isGreaterThan(changed.length / 2);
    }

    /** Two numbers in [0, 10] and a response: a bend and a step in them plus noise, or noise alone. */
    private static DataFrame frame(int n, long seed, boolean signal) {
        var random = new SplittableRandom(seed);
        double[][] table = new double[n][3];
        for (int i = 0; i < n; i++) {
            double a = 10 * random.nextDouble();
            double b = 10 * random.nextDouble();
            double noise = random.nextDouble() + random.nextDouble() - 1;
            table[i] = new double[] {a, b, (signal ? 5 * Math.sin(a / 2) + (b > 6 ? 3 : 0) : 0) + noise};
        }
        return DataFrame.of(table, "a", "b", "y");
    }
}
