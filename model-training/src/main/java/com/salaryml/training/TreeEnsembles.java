package com.salaryml.training;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.formula.Formula;
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

    /** Fits gradient boosting or a random forest on {@code frame}, whose response is the formula's left side. */
    static DataFrameRegression fit(Algorithm algorithm, TreeSettings settings, Formula formula, DataFrame frame) {
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
     * One seed per tree, distinct, from 2 (Smile ignores seeds of 1 and below) to below 2³¹ − 1 (its Mersenne
     * twister takes a seed modulo that, so larger seeds could collide).
     */
    static long[] treeSeeds(long seed, int trees) {
        return new SplittableRandom(seed).ints(2, Integer.MAX_VALUE).distinct().limit(trees).asLongStream()
                .toArray();
    }
}
