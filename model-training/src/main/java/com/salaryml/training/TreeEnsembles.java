package com.salaryml.training;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.measure.NominalScale;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.vector.BaseVector;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;
import smile.math.MathEx;
import smile.regression.DataFrameRegression;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;

/**
 * Fits Smile's tree ensembles so that the same data and settings always give the same trees.
 *
 * <p>Smile 3.1.1 draws its random numbers from {@link MathEx}'s generator, one per thread, and a full reseed
 * ({@link MathEx#setSeed}) resets both of that generator's streams.
 * <ul>
 * <li>Least-squares gradient boosting builds its trees one after the other on the calling thread, and its
 *     only random draw is the subsample of rows for each tree. Seeding the calling thread's generator just
 *     before the fit makes those draws repeatable. (Each tree looks for its best split over the features in a
 *     parallel stream; that search draws nothing, and the best of equal scores is the first in feature order,
 *     whichever thread computes it.)</li>
 * <li>A random forest builds its trees in a parallel stream, so which thread builds which tree is left to
 *     chance. Smile therefore takes one seed per tree and reseeds the building thread's generator with it
 *     before the tree's bootstrap sample, but only for seeds above 1: its default seeds are negative, so by
 *     default nothing is seeded. We pass our own seeds, distinct and above 1, derived from the configured one.
 *     A tree is then built start to finish without another tree's draws in between: when each split
 *     chooses among fewer features than there are, the draw of those features and the whole split search run
 *     on the tree's own thread, without waiting on other tasks (the only moment a pool thread could take up
 *     another tree); when each split tries all features (our default), the search runs in parallel, but all
 *     of the tree's draws (its bootstrap sample) are over by then. The trees are collected in seed order,
 *     whichever finishes first.</li>
 * </ul>
 * Training twice, in one JVM or in two, writes byte-identical model files: {@code TreeEnsemblesTest},
 * {@code TreeTrainingTest} and {@code TrainCommandProcessTest} check it.
 */
final class TreeEnsembles {

    private TreeEnsembles() {
    }

    /**
     * A fitted ensemble and the settings it was fitted with: as given, or as cross-validation chose them.
     *
     * @param model    Smile's ensemble
     * @param settings the settings it was fitted with, nothing left to choose
     */
    record Chosen(DataFrameRegression model, TreeSettings settings) {
    }

    /**
     * Chooses what the settings leave to cross-validation from the rows of {@code frame} alone ({@link TreeSearch}),
     * then fits gradient boosting or a random forest on them with the settings chosen.
     */
    static Chosen fitChoosing(Algorithm algorithm, TreeSettings settings, Formula formula, DataFrame frame) {
        if (settings.searched() && algorithm != Algorithm.GBM) {
            // The configuration refuses auto for a forest (TrainingConfig); only boosting's search exists.
            throw new IllegalArgumentException(algorithm.id + " chooses no settings by cross-validation: " + settings);
        }
        TreeSettings fitted = settings.searched() ? TreeSearch.choose(settings, formula, frame).settings() : settings;
        return new Chosen(fit(algorithm, fitted, formula, frame), fitted);
    }

    /**
     * Fits gradient boosting or a random forest on {@code frame}, whose response is the formula's left side, with
     * settings that leave nothing to choose.
     */
    static DataFrameRegression fit(Algorithm algorithm, TreeSettings settings, Formula formula, DataFrame frame) {
        if (settings.searched()) {
            throw new IllegalArgumentException("the settings leave the number of trees or the depth to choose: "
                    + settings);
        }
        return switch (algorithm) {
            case GBM -> boost(settings, formula, frame);
            case RANDOM_FOREST -> forest(settings, formula, frame);
            default -> throw new IllegalArgumentException(algorithm.id + " is not a tree ensemble");
        };
    }

    static GradientTreeBoost boost(TreeSettings settings, Formula formula, DataFrame frame) {
        MathEx.setSeed(settings.seed());
        return GradientTreeBoost.fit(formula, frame, Loss.ls(), settings.trees(), settings.maxDepth(),
                settings.maxNodes(), settings.nodeSize(), settings.shrinkage(), settings.subsample());
    }

    static RandomForest forest(TreeSettings settings, Formula formula, DataFrame frame) {
        int features = frame.ncol() - 1;
        if (settings.mtry() > features) {
            throw new IllegalArgumentException("random_forest.mtry is " + settings.mtry() + ", but there are only "
                    + features + " features to choose from");
        }
        int mtry = settings.mtry() == 0 ? features : settings.mtry();
        return RandomForest.fit(formula, frame, settings.trees(), mtry, settings.maxDepth(),
                settings.maxNodes(), settings.nodeSize(), settings.subsample(),
                LongStream.of(treeSeeds(settings.seed(), settings.trees())));
    }

    /**
     * The rows as the trees are fitted on them: a number as a double column, a category as an int column of its
     * level codes with Smile's {@link NominalScale} of the schema's levels, in the schema's order, so that Smile's
     * code for a level is ours (its scale numbers the levels from 0 as given). Smile's regression tree splits such
     * a column by level ({@code x == level} to the true branch) rather than by a threshold on the codes, whose
     * order means nothing.
     *
     * @param schema  the features, in the order of {@code columns}
     * @param columns one array per feature, every missing cell already filled in: a category as its level's code
     * @param target  the response's name
     * @param y       the response, on the scale it is fitted on
     * @param rows    the rows to take, or {@code null} for all
     */
    static DataFrame frame(FeatureSchema schema, double[][] columns, String target, double[] y, int[] rows) {
        int n = rows == null ? y.length : rows.length;
        var vectors = new BaseVector<?, ?, ?>[columns.length + 1];
        for (int j = 0; j < columns.length; j++) {
            Feature feature = schema.features().get(j);
            double[] column = columns[j];
            if (feature.isCategorical()) {
                int[] codes = new int[n];
                for (int i = 0; i < n; i++) {
                    codes[i] = code(column[rows == null ? i : rows[i]], feature);
                }
                var scale = new NominalScale(feature.levels().toArray(String[]::new));
                vectors[j] = IntVector.of(new StructField(feature.name(), DataTypes.IntegerType, scale), codes);
            } else {
                vectors[j] = DoubleVector.of(feature.name(), pick(column, rows, n));
            }
        }
        vectors[columns.length] = DoubleVector.of(target, pick(y, rows, n));
        return DataFrame.of(vectors);
    }

    /** A level's code as Smile reads it; a NaN (a gap not filled in) or a code outside the levels is a bug here. */
    private static int code(double value, Feature feature) {
        if (!(value >= 0 && value < feature.levels().size() && value == Math.rint(value))) {
            throw new IllegalArgumentException(value + " is no level code of " + feature.name());
        }
        return (int) value;
    }

    private static double[] pick(double[] column, int[] rows, int n) {
        if (rows == null) {
            return column;
        }
        double[] picked = new double[n];
        for (int i = 0; i < n; i++) {
            picked[i] = column[rows[i]];
        }
        return picked;
    }

    /**
     * One seed per tree, distinct, from 2 (Smile ignores seeds of 1 and below) to below 2³¹ − 1 (its Mersenne
     * twister takes a seed modulo that, so larger seeds could collide).
     */
    static long[] treeSeeds(long seed, int trees) {
        return new SplittableRandom(seed).ints(2, Integer.MAX_VALUE).distinct().limit(trees).asLongStream()
                .toArray();
    }
}
