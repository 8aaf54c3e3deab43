package com.salaryml.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import smile.base.cart.CART;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.regression.RegressionTree;

/**
 * Chooses gradient boosting's number of trees and depth by cross-validation within the rows it is given, as R's
 * {@code gbm(cv.folds = k)} with {@code gbm.perf(method = "cv")} chooses its number of trees. The rows are shuffled
 * into {@value #FOLDS} folds by the trees' seed. For each depth tried, boosting runs on every fold's training rows at
 * once, a tree at a time, and after each tree the squared errors on the folds' held-out rows are summed: the error
 * of that number of trees at that depth. The number of trees and depth with the least error are chosen (of equal
 * errors, the fewest trees and the shallowest).
 *
 * <p>Boosting overfits as trees are added, slowly at a small shrinkage but surely, and deep trees overfit small
 * data sooner. So the trees stop being added once the error has not fallen for {@link #patience} trees (trees
 * whose weights add up to {@value #PATIENCE_WEIGHT}), and depths are tried from a stump upwards until one is no
 * better than the one before: a search costs about as many trees as the best setting needs, not the most it may
 * choose. A forest's error only levels off as trees are added, so only boosting is searched.
 *
 * <p>The boosting here is Smile's {@code GradientTreeBoost.fit} with least squares, step for step: the same tree
 * ({@code RegressionTree}, given the residuals and each tree's subsample), the same start (the mean) and the same
 * updates, but each fold draws its subsamples from its own seeded generator, so that the folds can grow side by side
 * ({@code TreeSearchTest} checks it against Smile's staged predictions). The model that is published, or scored in
 * cross-validation, is then fitted by Smile itself with the settings chosen.
 *
 * <p>It sees only the rows it is given. For the published model those are all the rows; in cross-validation, each
 * fold's training rows, so that the fold being scored never shapes the settings its model is fitted with (nested
 * cross-validation), and the cross-validated error is that of the whole procedure, choice included. The error is
 * measured on the scale the model is fitted on (the log, for a log target), the one boosting minimises.
 */
final class TreeSearch {

    /** The folds the rows are split into to choose. */
    static final int FOLDS = 5;

    /** The most trees {@code gbm.trees=auto} may choose. */
    static final int MAX_TREES = 1000;

    /** The shallowest depth {@code gbm.max_depth=auto} tries: a stump, one split. */
    static final int MIN_DEPTH = 2;

    /** The deepest depth {@code gbm.max_depth=auto} may choose: five splits from root to leaf. */
    static final int MAX_DEPTH = 6;

    /** How much shrinkage the trees added without a lower error add up to when the search stops adding them. */
    static final double PATIENCE_WEIGHT = 5;

    private TreeSearch() {
    }

    /**
     * What a search chose.
     *
     * @param settings the settings with the chosen number of trees and depth, and nothing left to choose
     * @param error    the mean squared error of the chosen settings on the held-out folds, on the fitted scale
     */
    record Choice(TreeSettings settings, double error) {
    }

    /**
     * Chooses what {@code settings} leave to be chosen, from the rows of {@code frame}.
     *
     * @param settings gradient boosting's settings, with {@link TreeSettings#autoTrees()} or
     *                 {@link TreeSettings#autoDepth()} (else they are returned as they are)
     * @param formula  the response
     * @param frame    the rows to choose from, as the trees are fitted on them
     */
    static Choice choose(TreeSettings settings, Formula formula, DataFrame frame) {
        if (!settings.searched()) {
            return new Choice(settings, Double.NaN);
        }
        Formula bound = formula.expand(frame.schema());
        DataFrame x = bound.x(frame);
        double[] y = bound.y(frame).toDoubleArray();
        int n = y.length;
        int folds = Math.min(FOLDS, n);
        int[] foldOf = Folds.shuffled(n, folds, settings.seed());
        var parts = new Fold[folds];
        for (int fold = 0; fold < folds; fold++) {
            parts[fold] = new Fold(x, y, foldOf, fold);
        }
        int[] depths = settings.autoDepth() ? IntStream.rangeClosed(MIN_DEPTH, Math.max(MIN_DEPTH,
                settings.maxDepth())).toArray() : new int[] {settings.maxDepth()};
        int bestTrees = settings.trees();
        int bestDepth = depths[0];
        double best = Double.POSITIVE_INFINITY;
        for (int depth : depths) {
            double[] curve = staged(parts, settings, depth);
            double bestHere = Double.POSITIVE_INFINITY;
            // A fixed number of trees is scored there alone; otherwise every number the search reached.
            for (int t = settings.autoTrees() ? 0 : settings.trees() - 1; t < curve.length; t++) {
                if (curve[t] < bestHere) {
                    bestHere = curve[t];
                    if (bestHere < best) {
                        best = bestHere;
                        bestTrees = t + 1;
                        bestDepth = depth;
                    }
                }
            }
            if (bestHere > best) {
                break; // deeper trees were no better: deeper still will not be
            }
        }
        return new Choice(settings.fixed(bestTrees, bestDepth), best / n);
    }

    /**
     * How many trees without a lower error stop the search: as many as add up to {@value #PATIENCE_WEIGHT} in
     * shrinkage (50 at the default 0.1, 100 at 0.05), so that a smaller step waits longer.
     */
    static int patience(double shrinkage) {
        return (int) Math.ceil(PATIENCE_WEIGHT / shrinkage);
    }

    /**
     * Boosting at this depth on every fold's training rows side by side: the held-out squared error summed over
     * the folds after each tree, until it has not fallen for {@link #patience} trees (when the number of trees is
     * chosen) or the most trees are reached.
     */
    static double[] staged(Fold[] parts, TreeSettings settings, int depth) {
        var boosting = new Boosting[parts.length];
        for (int fold = 0; fold < parts.length; fold++) {
            boosting[fold] = new Boosting(parts[fold], settings, fold);
        }
        int patience = settings.autoTrees() ? patience(settings.shrinkage()) : Integer.MAX_VALUE;
        double[] curve = new double[settings.trees()];
        double best = Double.POSITIVE_INFINITY;
        int bestAt = 0;
        int t = 0;
        double[] errors = new double[boosting.length];
        for (; t < curve.length && t - bestAt < patience; t++) {
            // The folds are independent, each with its own generator and data, so they may grow in parallel; their
            // errors are summed in fold order, so the sum is the same whichever thread finishes first.
            IntStream.range(0, boosting.length).parallel().forEach(fold -> errors[fold] = boosting[fold].addTree(depth));
            for (double error : errors) {
                curve[t] += error;
            }
            if (curve[t] < best) {
                best = curve[t];
                bestAt = t;
            }
        }
        return Arrays.copyOf(curve, t);
    }

    /** One fold: its training rows, which boosting fits, and its held-out rows, which score it. */
    static final class Fold {
        final DataFrame train;
        final double[] trainY;
        /** The training and held-out rows as Smile's trees read them, made once rather than once per tree. */
        final Tuple[] trainRows;
        final Tuple[] testRows;
        final double[] testY;
        /** The training rows' order by each numeric column, as Smile's trees need it; computed once per fold. */
        final int[][] order;

        Fold(DataFrame x, double[] y, int[] foldOf, int fold) {
            int[] inside = IntStream.range(0, foldOf.length).filter(i -> foldOf[i] == fold).toArray();
            int[] outside = IntStream.range(0, foldOf.length).filter(i -> foldOf[i] != fold).toArray();
            this.train = x.of(outside);
            this.trainY = Arrays.stream(outside).mapToDouble(i -> y[i]).toArray();
            this.trainRows = rows(train);
            this.testRows = rows(x.of(inside));
            this.testY = Arrays.stream(inside).mapToDouble(i -> y[i]).toArray();
            this.order = CART.order(train);
        }

        private static Tuple[] rows(DataFrame frame) {
            return IntStream.range(0, frame.nrow()).mapToObj(frame::get).toArray(Tuple[]::new);
        }
    }

    /**
     * Least-squares boosting on one fold, a tree at a time, as {@code GradientTreeBoost.fit} does it: start from the
     * mean, fit each tree to the residuals on a subsample of the rows drawn without replacement, and subtract its
     * predictions times the shrinkage.
     */
    static final class Boosting {
        private static final StructField RESIDUAL = new StructField("residual", DataTypes.DoubleType);

        private final Fold fold;
        private final TreeSettings settings;
        private final Loss loss = Loss.ls();
        private final double[] residual;
        private final double[] heldOut;
        private final int[] permutation;
        private final int[] samples;
        private final int subsample;
        private final SplittableRandom random;

        Boosting(Fold fold, TreeSettings settings, int index) {
            this.fold = fold;
            this.settings = settings;
            double b = loss.intercept(fold.trainY);
            this.residual = loss.residual();
            this.heldOut = new double[fold.testY.length];
            Arrays.fill(heldOut, b);
            int n = fold.trainY.length;
            this.permutation = IntStream.range(0, n).toArray();
            this.samples = new int[n];
            this.subsample = (int) Math.round(n * settings.subsample());
            // Every depth draws the same subsamples, so that depths are compared on the same draws.
            this.random = new SplittableRandom(settings.seed() * 31 + index);
        }

        /** Adds a tree; returns the held-out squared error after it. */
        double addTree(int depth) {
            int n = permutation.length;
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = swap;
            }
            Arrays.fill(samples, 0);
            for (int i = 0; i < subsample; i++) {
                samples[permutation[i]]++;
            }
            var tree = new RegressionTree(fold.train, loss, RESIDUAL, depth, settings.maxNodes(), settings.nodeSize(),
                    fold.train.ncol(), samples, fold.order);
            double shrinkage = settings.shrinkage();
            for (int i = 0; i < n; i++) {
                residual[i] -= shrinkage * tree.predict(fold.trainRows[i]);
            }
            double squared = 0;
            for (int k = 0; k < heldOut.length; k++) {
                heldOut[k] += shrinkage * tree.predict(fold.testRows[k]);
                double error = fold.testY[k] - heldOut[k];
                squared += error * error;
            }
            return squared;
        }

        /** The held-out rows' predictions so far. */
        double[] heldOut() {
            return heldOut.clone();
        }
    }

    /**
     * The hyperparameters a model file records for a search, beside the settings chosen: how many folds chose, and
     * the most trees and deepest trees they could choose; none if nothing was searched.
     */
    static Map<String, Double> recorded(TreeSettings requested) {
        var recorded = new LinkedHashMap<String, Double>();
        if (requested.searched()) {
            recorded.put("search_folds", (double) FOLDS);
            if (requested.autoTrees()) {
                recorded.put("search_max_trees", (double) requested.trees());
            }
            if (requested.autoDepth()) {
                recorded.put("search_max_depth", (double) requested.maxDepth());
            }
        }
        return recorded;
    }
}
