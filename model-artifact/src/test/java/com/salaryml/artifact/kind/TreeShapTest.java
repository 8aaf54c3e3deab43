package com.salaryml.artifact.kind;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.RandomTrees;
import com.salaryml.artifact.Seeds.Case;
import com.salaryml.artifact.Seeds;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TreeSHAP, checked against the definition. A tree's value for a set S of known features is its expected
 * prediction when the features in S take x's values and the others are unknown: at a split on a known
 * feature follow x, at any other split average the children weighted by their cover. A feature's SHAP value
 * is its Shapley value in that game, computed here by brute force over all 2^M subsets, independently of the
 * polynomial algorithm. They must agree, and baseline plus contributions must give the prediction. Every
 * property is checked on ensembles of numeric splits alone and on ensembles that mix them with categorical
 * splits (a set of levels goes left), on categories of 2 to 100 levels.
 */
@ExtendWith(Seeds.Report.class)
class TreeShapTest {

    /**
     * Absolute, in the target's unit, for predictions of the order of 10,000 to 100,000 (leaf values up to
     * 20,000, base values up to 50,000): the rounding of a few hundred additions is far below it.
     */
    private static final double TOLERANCE = 1e-9;

    /**
     * A random ensemble over up to six features, up to six deep, and a random instance.
     *
     * @param features M, the number of features
     * @param levels   per feature, its number of levels; 0 for a number
     */
    record Ensemble(int features, int[] levels, double baseValue, TreeEnsembleModel model, double[] x) {
        @Override
        public String toString() {
            int nodes = model.nodeCount();
            return features + " features, levels " + java.util.Arrays.toString(levels) + ", "
                    + model.trees().size() + " trees, " + nodes + " nodes, x = " + java.util.Arrays.toString(x);
        }
    }

    static Stream<Case<Ensemble>> smallEnsembles() {
        return Seeds.cases(List.of(), 300, random -> small(random, new int[1 + random.nextInt(6)]));
    }

    /** As {@link #smallEnsembles}, each feature a category with probability 1/2, of 2 to 100 levels. */
    static Stream<Case<Ensemble>> mixedEnsembles() {
        return Seeds.cases(List.of(), 300, random -> {
            int[] levels = new int[1 + random.nextInt(6)];
            for (int f = 0; f < levels.length; f++) {
                levels[f] = random.nextBoolean() ? 0 : Seeds.pick(random, LEVEL_COUNTS);
            }
            return small(random, levels);
        });
    }

    /** Level counts to try: small ones, and around 64, where a bitset of levels takes its second word. */
    private static final List<Integer> LEVEL_COUNTS = List.of(2, 3, 5, 8, 63, 64, 65, 100);

    private static Ensemble small(SplittableRandom random, int[] levels) {
        int p = levels.length;
        int trees = 1 + random.nextInt(5);
        var list = new ArrayList<TreeEnsembleModel.Tree>();
        for (int t = 0; t < trees; t++) {
            double weight = random.nextBoolean() ? 0.1 : 1.0 / trees;
            list.add(RandomTrees.tree(random, weight, levels, 1 + random.nextInt(6), 0.5 + 0.5 * random.nextDouble()));
        }
        double base = random.nextBoolean() ? 0 : random.nextDouble(-1000, 50000);
        return new Ensemble(p, levels, base, new TreeEnsembleModel(base, list), input(random, levels));
    }

    @ParameterizedTest
    @MethodSource({"smallEnsembles", "mixedEnsembles"})
    void treeShapEqualsTheShapleyValuesByBruteForce(Case<Ensemble> ensemble) {
        Ensemble e = ensemble.value();
        Model model = model(e.levels(), e.model());
        Prediction prediction = model.predict(named(e.levels(), e.x()));

        double[] exact = bruteForceShapley(e.model(), e.x(), e.features());
        for (int f = 0; f < e.features(); f++) {
            assertThat(prediction.contributions().get(f).amount()).as("feature %d", f)
                    .isCloseTo(exact[f], org.assertj.core.api.Assertions.within(TOLERANCE));
        }
        assertThat(prediction.baseline()).isCloseTo(value(e.model(), e.x(), new boolean[e.features()]),
                org.assertj.core.api.Assertions.within(TOLERANCE));
    }

    static Stream<Case<Ensemble>> largeEnsembles() {
        return Seeds.cases(List.of(), 40, random -> large(random, new int[3]));
    }

    /** As {@link #largeEnsembles}, over a number, a category of 100 levels and one of 3. */
    static Stream<Case<Ensemble>> largeMixedEnsembles() {
        return Seeds.cases(List.of(), 40, random -> large(random, new int[] {0, 100, 3}));
    }

    private static Ensemble large(SplittableRandom random, int[] levels) {
        int trees = 20 + random.nextInt(100);
        var list = new ArrayList<TreeEnsembleModel.Tree>();
        for (int t = 0; t < trees; t++) {
            list.add(RandomTrees.tree(random, 0.05, levels, 6, 0.9));
        }
        return new Ensemble(levels.length, levels, 50000, new TreeEnsembleModel(50000, list), input(random, levels));
    }

    /**
     * The model computes contributions from per-leaf tables where a leaf has few distinct features, and walks
     * the tree by Algorithm 2 where it has many or the tables would take too much memory. Both must give the
     * Shapley values; here every tree is walked, as if no table fitted.
     */
    @ParameterizedTest
    @MethodSource({"smallEnsembles", "mixedEnsembles"})
    void algorithm2AloneGivesTheShapleyValuesToo(Case<Ensemble> ensemble) {
        Ensemble e = ensemble.value();
        Model model = model(e.levels(), e.model());
        var walked = new TreeShap(FlatTrees.of(e.model(), model.metadata().schema()), e.features(), 0);
        double[] phi = new double[e.features()];
        walked.contributions(e.x(), phi, new TreeShap.Scratch(walked));

        double[] exact = bruteForceShapley(e.model(), e.x(), e.features());
        for (int f = 0; f < e.features(); f++) {
            assertThat(phi[f]).as("feature %d", f).isCloseTo(exact[f], org.assertj.core.api.Assertions.within(TOLERANCE));
        }
    }

    @ParameterizedTest
    @MethodSource({"largeEnsembles", "largeMixedEnsembles"})
    void tablesAndAlgorithm2AgreeTreeByTreeWhateverTheBudget(Case<Ensemble> ensemble) {
        Ensemble e = ensemble.value();
        FeatureSchema schema = model(e.levels(), e.model()).metadata().schema();
        FlatTrees flat = FlatTrees.of(e.model(), schema);
        // No table, every table, and a budget that runs out part of the way through the ensemble.
        var all = new TreeShap(flat, e.features());
        var none = new TreeShap(flat, e.features(), 0);
        var some = new TreeShap(flat, e.features(), 4 * e.model().nodeCount());
        int trees = e.model().trees().size();
        assertThat(all.tabledTrees()).isEqualTo(trees);
        assertThat(none.tabledTrees()).isZero();
        assertThat(some.tabledTrees()).isStrictlyBetween(0, trees);
        var shaps = List.of(none, all, some);
        double[][] phis = new double[shaps.size()][e.features()];
        for (int k = 0; k < shaps.size(); k++) {
            shaps.get(k).contributions(e.x(), phis[k], new TreeShap.Scratch(shaps.get(k)));
        }
        for (int k = 1; k < shaps.size(); k++) {
            for (int f = 0; f < e.features(); f++) {
                assertThat(phis[k][f]).as("budget %d, feature %d", k, f)
                        .isCloseTo(phis[0][f], org.assertj.core.api.Assertions.within(TOLERANCE));
            }
        }
    }

    @ParameterizedTest
    @MethodSource({"smallEnsembles", "mixedEnsembles", "largeEnsembles", "largeMixedEnsembles"})
    void baselinePlusContributionsIsThePrediction(Case<Ensemble> ensemble) {
        Ensemble e = ensemble.value();
        Model model = model(e.levels(), e.model());
        Prediction prediction = model.predict(named(e.levels(), e.x()));

        double sum = prediction.baseline();
        for (var contribution : prediction.contributions()) {
            sum += contribution.amount();
        }
        assertThat(sum).isCloseTo(prediction.value(),
                org.assertj.core.api.Assertions.within(TOLERANCE));
        assertThat(prediction.value()).isEqualTo(value(e.model(), e.x(), all(e.features())));
    }

    /** Bit for bit: a batch steps down the trees by other loops than a single prediction, but to the same leaves. */
    @ParameterizedTest
    @MethodSource({"largeEnsembles", "largeMixedEnsembles"})
    void aBatchGivesEachInstanceTheContributionsASinglePredictionGives(Case<Ensemble> ensemble) {
        Ensemble e = ensemble.value();
        Model model = model(e.levels(), e.model());
        var random = new SplittableRandom(ensemble.index());
        // 50 step down the trees together; 5, too few for that, one by one.
        for (int n : new int[] {50, 5}) {
            batchAgreesWithSinglePredictions(e, model, random, n);
        }
    }

    private static void batchAgreesWithSinglePredictions(Ensemble e, Model model, SplittableRandom random, int n) {
        double[][] columns = new double[e.features()][n];
        for (int i = 0; i < n; i++) {
            double[] x = input(random, e.levels());
            for (int f = 0; f < e.features(); f++) {
                columns[f][i] = x[f];
            }
        }
        Predictions batch = model.predictColumns(columns);
        // The caller may reuse its arrays at once: contributions computed later must not see that.
        double[][] kept = new double[e.features()][];
        for (int f = 0; f < e.features(); f++) {
            kept[f] = columns[f].clone();
            java.util.Arrays.fill(columns[f], 0);
        }
        for (int i = 0; i < n; i++) {
            double[] x = new double[e.features()];
            for (int f = 0; f < e.features(); f++) {
                x[f] = kept[f][i];
            }
            assertThat(batch.get(i)).isEqualTo(model.predict(named(e.levels(), x)));
            assertThat(batch.value(i)).isEqualTo(value(e.model(), x, all(e.features())));
        }
    }

    @ParameterizedTest
    @MethodSource({"smallEnsembles", "mixedEnsembles"})
    void aFeatureNoTreeSplitsOnContributesNothing(Case<Ensemble> ensemble) {
        Ensemble e = ensemble.value();
        Prediction prediction = model(e.levels(), e.model()).predict(named(e.levels(), e.x()));
        for (int f = 0; f < e.features(); f++) {
            if (!splitsOn(e.model(), f)) {
                assertThat(prediction.contributions().get(f).amount()).as("feature %d", f).isZero();
            }
        }
    }

    // ---------------------------------------------------------------- the definition, by brute force

    /** φ_i = Σ over S ⊆ F∖{i} of |S|! (M − |S| − 1)! / M! · (v(S ∪ {i}) − v(S)). */
    static double[] bruteForceShapley(TreeEnsembleModel model, double[] x, int m) {
        double[] phi = new double[m];
        double[] factorial = new double[m + 1];
        factorial[0] = 1;
        for (int k = 1; k <= m; k++) {
            factorial[k] = factorial[k - 1] * k;
        }
        for (int i = 0; i < m; i++) {
            for (int subset = 0; subset < 1 << m; subset++) {
                if ((subset & 1 << i) != 0) {
                    continue;
                }
                boolean[] known = new boolean[m];
                int size = 0;
                for (int f = 0; f < m; f++) {
                    known[f] = (subset & 1 << f) != 0;
                    size += known[f] ? 1 : 0;
                }
                double without = value(model, x, known);
                known[i] = true;
                double with = value(model, x, known);
                phi[i] += factorial[size] * factorial[m - size - 1] / factorial[m] * (with - without);
            }
        }
        return phi;
    }

    /** v(S): the ensemble's expected prediction with the features marked {@code known} set to x's values. */
    static double value(TreeEnsembleModel model, double[] x, boolean[] known) {
        double sum = model.baseValue();
        for (TreeEnsembleModel.Tree tree : model.trees()) {
            sum += tree.weight() * expected(tree, 0, x, known);
        }
        return sum;
    }

    private static double expected(TreeEnsembleModel.Tree tree, int node, double[] x, boolean[] known) {
        if (tree.isLeaf(node)) {
            return tree.value(node);
        }
        int f = tree.feature(node);
        if (known[f]) {
            // Written out, not Tree.goesLeft: the definition, independently of the code under test.
            boolean left = tree.isCategorical(node)
                    ? java.util.stream.IntStream.of(tree.leftLevels(node)).anyMatch(level -> level == x[f])
                    : x[f] <= tree.threshold(node);
            return expected(tree, left ? tree.left(node) : tree.right(node), x, known);
        }
        int left = tree.left(node);
        int right = tree.right(node);
        return (tree.cover(left) * expected(tree, left, x, known) + tree.cover(right) * expected(tree, right, x, known))
                / tree.cover(node);
    }

    // ---------------------------------------------------------------- helpers

    private static boolean splitsOn(TreeEnsembleModel model, int feature) {
        for (TreeEnsembleModel.Tree tree : model.trees()) {
            for (int i = 0; i < tree.size(); i++) {
                if (tree.feature(i) == feature) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean[] all(int m) {
        boolean[] known = new boolean[m];
        java.util.Arrays.fill(known, true);
        return known;
    }

    /**
     * A random input: a number, feature 0 from 0 to 50 and the others from 0 to 10, often exactly on a threshold;
     * a category, the code of a random level.
     */
    private static double[] input(SplittableRandom random, int[] levels) {
        double[] x = new double[levels.length];
        for (int f = 0; f < levels.length; f++) {
            if (levels[f] > 0) {
                x[f] = random.nextInt(levels[f]);
            } else {
                x[f] = random.nextInt(5) == 0 ? RandomTrees.threshold(random, f)
                        : random.nextDouble(0, f == 0 ? 50 : 10);
            }
        }
        return x;
    }

    /** The instance as a caller names it: a number as itself, a category as its level's name. */
    private static Map<String, Object> named(int[] levels, double[] x) {
        var values = new LinkedHashMap<String, Object>();
        for (int f = 0; f < x.length; f++) {
            values.put("f" + f, levels[f] > 0 ? level((int) x[f]) : (Object) x[f]);
        }
        return values;
    }

    private static String level(int code) {
        return "level " + code;
    }

    /** A gbm model over numeric features f0 … f(p−1), f0 from 0 to 50 and the others from 0 to 10. */
    static Model model(int p, TreeEnsembleModel trees) {
        return model(new int[p], trees);
    }

    /**
     * A gbm model over features f0, f1, …: where {@code levels[f]} is 0 a number, f0 from 0 to 50 and the others
     * from 0 to 10; otherwise a category of that many levels, "level 0", "level 1", ….
     */
    static Model model(int[] levels, TreeEnsembleModel trees) {
        var features = new ArrayList<Feature>();
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int f = 0; f < levels.length; f++) {
            if (levels[f] > 0) {
                var names = java.util.stream.IntStream.range(0, levels[f]).mapToObj(TreeShapTest::level).toList();
                features.add(Feature.categorical("f" + f, "Feature " + f, names, null, Missing.REFUSE));
                long[] rows = new long[levels[f]];
                java.util.Arrays.fill(rows, 1);
                stats.put("f" + f, FeatureStats.ofLevels(rows));
                continue;
            }
            double max = f == 0 ? 50 : 10;
            features.add(new Feature("f" + f, "units", "Feature " + f, 0, max));
            stats.put("f" + f, new FeatureStats(0, max, max / 2, max / 4));
        }
        var metadata = TestModels.salary("1.0.0", "gbm").name("synthetic").schema(new FeatureSchema(features))
                .trainingData(new TrainingData("synthetic.csv", TestModels.SHA256, 100, stats)).build();
        return new Model(metadata, trees, null);
    }
}
