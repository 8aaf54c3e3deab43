package com.salaryml.training;

import java.util.SplittableRandom;

/**
 * Which cross-validation fold each row is in. Both trainers shuffle rows into folds here, by the same seed, so
 * that they give the same cross-validated figures on the same data.
 */
public final class Folds {

    private Folds() {
    }

    /**
     * Each row's fold under seeded k-fold: the rows shuffled by {@code seed}, then dealt out in turn.
     *
     * @param n     the rows
     * @param folds k, at most {@code n}
     * @param seed  the shuffle's seed
     * @return each row's fold, from 0 to {@code folds - 1}, by the row's place in the data
     */
    public static int[] shuffled(int n, int folds, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        var random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] foldOf = new int[n];
        for (int i = 0; i < n; i++) {
            foldOf[order[i]] = i % folds;
        }
        return foldOf;
    }

    /**
     * Which rows are held out of a tree ensemble's one fit on large data ({@link FitSettings.Holdout}): 1 for each
     * of ⌈share · n⌉ rows drawn by {@code seed}, 0 for the others, by the rows' places. Both trainers draw them
     * here, so that the same data and seed hold out the same rows. Selection sampling (Knuth's algorithm S): one
     * pass, exactly that many rows, each set of them equally likely. One byte per row, not a boolean, because the
     * Spark trainer ships this very array to its tasks.
     *
     * @param n     the rows
     * @param share the share held out, greater than 0 and below 1
     * @param seed  the draw's seed, the cross-validation seed
     * @return 1 for a held-out row, 0 for a row the model is fitted on, by the row's place in the data
     */
    public static byte[] heldOut(long n, double share, long seed) {
        int rows = Math.toIntExact(n);
        long wanted = (long) Math.ceil(share * n - 1e-9);
        var random = new SplittableRandom(seed);
        byte[] bytes = new byte[rows];
        long chosen = 0;
        for (int i = 0; i < rows && chosen < wanted; i++) {
            if ((rows - i) * random.nextDouble() < wanted - chosen) {
                bytes[i] = 1;
                chosen++;
            }
        }
        return bytes;
    }

    /** Leave-one-out: each row its own fold. */
    static int[] leaveOneOut(int n) {
        int[] foldOf = new int[n];
        for (int i = 0; i < n; i++) {
            foldOf[i] = i;
        }
        return foldOf;
    }
}
