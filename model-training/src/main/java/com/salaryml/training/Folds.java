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

    /** Leave-one-out: each row its own fold. */
    static int[] leaveOneOut(int n) {
        int[] foldOf = new int[n];
        for (int i = 0; i < n; i++) {
            foldOf[i] = i;
        }
        return foldOf;
    }
}
