package com.salaryml.artifact.kind;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.RandomTrees;
import com.salaryml.artifact.Seeds;
import com.salaryml.artifact.Seeds.Case;
import com.salaryml.artifact.schema.FeatureSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grid answers what walking the trees answers, to the bit: at random inputs, exactly on every threshold, one
 * step either side of it, at -0.0 and far outside every range; whether the SHAP values come from leaf tables, from
 * Algorithm 2 or from both.
 */
@ExtendWith(Seeds.Report.class)
class TreeGridTest {

    /** An ensemble over numeric features, and the SHAP budget its grid is filled with (-1: the default). */
    record Ensemble(int features, TreeEnsembleModel model, int budget) {
        @Override
        public String toString() {
            return features + " features, " + model.trees().size() + " trees, " + model.nodeCount() + " nodes, budget "
                    + budget;
        }
    }

    static Stream<Case<Ensemble>> ensembles() {
        // Small enough that a grid with every cell is quick to fill: up to 20 trees of depth 4 over 3 features.
        return Seeds.cases(List.of(), 120, random -> {
            int p = 1 + random.nextInt(3);
            int trees = 1 + random.nextInt(random.nextBoolean() ? 5 : 20);
            var list = new ArrayList<TreeEnsembleModel.Tree>();
            for (int t = 0; t < trees; t++) {
                list.add(RandomTrees.tree(random, 1.0 / trees, new int[p], 1 + random.nextInt(4),
                        0.5 + 0.5 * random.nextDouble()));
            }
            var model = new TreeEnsembleModel(random.nextBoolean() ? 0 : random.nextDouble(-1000, 50000), list);
            // Every tree tabled, none (Algorithm 2 alone), or a budget that runs out part of the way.
            int budget = switch (random.nextInt(3)) {
                case 0 -> -1;
                case 1 -> 0;
                default -> 4 * model.nodeCount();
            };
            return new Ensemble(p, model, budget);
        });
    }

    @ParameterizedTest
    @MethodSource("ensembles")
    void everyCellAnswersWhatWalkingTheTreesAnswersToTheBit(Case<Ensemble> ensemble) {
        Ensemble e = ensemble.value();
        FlatTrees trees = FlatTrees.of(e.model(), schema(e.features()));
        TreeShap shap = e.budget() < 0 ? new TreeShap(trees, e.features()) : new TreeShap(trees, e.features(), e.budget());
        TreeGrid grid = TreeGrid.of(trees, shap, e.features(), Integer.MAX_VALUE, Long.MAX_VALUE);
        assertThat(grid).isNotNull();

        var random = new SplittableRandom(ensemble.index());
        double[] walked = new double[e.features()];
        double[] read = new double[e.features()];
        var scratch = new TreeShap.Scratch(shap);
        int[] nodes = new int[trees.roots().length];
        for (double[] x : inputs(trees, e.features(), random)) {
            int cell = grid.cell(x, 0);
            assertThat(grid.value(cell)).as("value at %s", java.util.Arrays.toString(x))
                    .isEqualTo(trees.predict(x, 0, nodes));
            shap.contributions(x, walked, scratch);
            grid.contributions(cell, read);
            assertThat(read).as("SHAP values at %s", java.util.Arrays.toString(x)).isEqualTo(walked);
        }
    }

    /** Random inputs, then each feature on, just above and just below each threshold, and at the extremes. */
    private static List<double[]> inputs(FlatTrees trees, int p, SplittableRandom random) {
        var inputs = new ArrayList<double[]>();
        for (int i = 0; i < 200; i++) {
            inputs.add(input(random, p));
        }
        for (int i = 0; i < trees.child().length; i++) {
            if (trees.isLeaf(i)) {
                continue;
            }
            double t = trees.threshold()[i];
            for (double v : new double[] {t, Math.nextUp(t), Math.nextDown(t)}) {
                double[] x = input(random, p);
                x[trees.feature()[i]] = v;
                inputs.add(x);
            }
        }
        for (double v : new double[] {-0.0, 0.0, -1e300, 1e300}) {
            double[] x = input(random, p);
            x[random.nextInt(p)] = v;
            inputs.add(x);
        }
        return inputs;
    }

    /** Feature 0 from 0 to 50, the others from 0 to 10, a quarter of the time on a threshold RandomTrees draws. */
    private static double[] input(SplittableRandom random, int p) {
        double[] x = new double[p];
        for (int f = 0; f < p; f++) {
            x[f] = random.nextInt(4) == 0 ? RandomTrees.threshold(random, f) : random.nextDouble(0, f == 0 ? 50 : 10);
        }
        return x;
    }

    @Test
    void aGridTooLargeForItsMemoryOrItsWorkIsNotMade() {
        var random = new SplittableRandom(7);
        var list = new ArrayList<TreeEnsembleModel.Tree>();
        for (int t = 0; t < 10; t++) {
            list.add(RandomTrees.tree(random, 0.1, new int[3], 4, 0.9));
        }
        FlatTrees trees = FlatTrees.of(new TreeEnsembleModel(0, list), schema(3));
        TreeShap shap = new TreeShap(trees, 3);
        TreeGrid made = TreeGrid.of(trees, shap, 3, Integer.MAX_VALUE, Long.MAX_VALUE);
        assertThat(made).isNotNull();
        int doubles = made.cells() * 4;

        assertThat(TreeGrid.of(trees, shap, 3, doubles - 1, Long.MAX_VALUE)).isNull();
        assertThat(TreeGrid.of(trees, shap, 3, doubles, Long.MAX_VALUE)).isNotNull();
        long leaves = java.util.stream.IntStream.range(0, trees.child().length).filter(trees::isLeaf).count();
        assertThat(TreeGrid.of(trees, shap, 3, Integer.MAX_VALUE, made.cells() * leaves - 1)).isNull();
    }

    @Test
    void anEnsembleWithCategoricalSplitsIsWalked() {
        var random = new SplittableRandom(11);
        int[] levels = {0, 5};
        var list = new ArrayList<TreeEnsembleModel.Tree>();
        for (int t = 0; t < 20; t++) {
            list.add(RandomTrees.tree(random, 0.05, levels, 4, 0.9));
        }
        var model = new TreeEnsembleModel(0, list);
        Model served = TreeShapTest.model(levels, model);
        FlatTrees trees = FlatTrees.of(model, served.metadata().schema());
        assertThat(trees.rightLevels()).as("the random trees split on the category").isNotNull();
        assertThat(TreeGrid.of(trees, new TreeShap(trees, 2), 2)).isNull();
    }

    @Test
    void theModelServesFromItsGridTheValuesAndContributionsItWouldWalk() {
        var random = new SplittableRandom(3);
        var list = new ArrayList<TreeEnsembleModel.Tree>();
        for (int t = 0; t < 10; t++) {
            list.add(RandomTrees.tree(random, 0.1, new int[3], 4, 0.8));
        }
        var ensemble = new TreeEnsembleModel(40_000, list);
        Model model = TreeShapTest.model(3, ensemble);
        FlatTrees trees = FlatTrees.of(ensemble, model.metadata().schema());
        assertThat(new TreeScorer(ensemble, model.metadata().schema()).gridded()).isTrue();
        TreeShap shap = new TreeShap(trees, 3);
        for (int i = 0; i < 500; i++) {
            double[] x = input(random, 3);
            Map<String, Object> named = new LinkedHashMap<>();
            for (int f = 0; f < 3; f++) {
                named.put("f" + f, x[f]);
            }
            Prediction prediction = model.predict(named);
            assertThat(prediction.value()).isEqualTo(trees.predict(x, 0, new int[trees.roots().length]));
            double[] phi = new double[3];
            shap.contributions(x, phi, new TreeShap.Scratch(shap));
            for (int f = 0; f < 3; f++) {
                assertThat(prediction.contributions().get(f).amount()).isEqualTo(phi[f]);
            }
        }
    }

    private static FeatureSchema schema(int p) {
        return TreeShapTest.model(p, new TreeEnsembleModel(0, List.of(RandomTrees.tree(new SplittableRandom(1), 1,
                new int[p], 1, 0)))).metadata().schema();
    }
}
