package com.salaryml.training.spark;

import java.io.Serializable;

/**
 * The sufficient statistics of least squares for a set of rows: how many, and the sums and cross products of
 * their features and target, taken about a fixed centre (the training means). Taken about a fixed centre they
 * add up across partitions and folds, and subtracting one fold's from the whole gives the rest's; centred, they
 * keep the digits that the raw sums of squares of salaries would lose.
 *
 * <p>Index 0 … p−1 are the design's columns, p the target. Each column's least and greatest centred value are
 * kept too: whether a column varies over a fit's rows decides whether the fit can estimate its coefficient.
 */
final class Moments implements Serializable {
    private static final long serialVersionUID = 1L;

    final int size;
    long count;
    final double[] sums;
    /** The cross products, row-major, upper triangle filled. */
    final double[] products;
    /** Each column's least and greatest centred value over these rows; ±infinity for no rows. */
    final double[] min;
    final double[] max;

    Moments(int size) {
        this.size = size;
        this.sums = new double[size];
        this.products = new double[size * size];
        this.min = new double[size];
        this.max = new double[size];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    void add(double[] centred) {
        count++;
        for (int a = 0; a < size; a++) {
            double za = centred[a];
            sums[a] += za;
            min[a] = Math.min(min[a], za);
            max[a] = Math.max(max[a], za);
            int base = a * size;
            for (int b = a; b < size; b++) {
                products[base + b] += za * centred[b];
            }
        }
    }

    Moments plus(Moments other) {
        var sum = new Moments(size);
        sum.count = count + other.count;
        for (int a = 0; a < size; a++) {
            sum.sums[a] = sums[a] + other.sums[a];
            sum.min[a] = Math.min(min[a], other.min[a]);
            sum.max[a] = Math.max(max[a], other.max[a]);
        }
        for (int i = 0; i < products.length; i++) {
            sum.products[i] = products[i] + other.products[i];
        }
        return sum;
    }

    /**
     * These rows but those of fold {@code fold}, given every fold's moments: the sums by subtraction, each column's
     * range from the other folds'.
     */
    Moments without(Moments[] perFold, int fold) {
        Moments rest = minus(perFold[fold]);
        for (int a = 0; a < size; a++) {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (int f = 0; f < perFold.length; f++) {
                if (f != fold) {
                    low = Math.min(low, perFold[f].min[a]);
                    high = Math.max(high, perFold[f].max[a]);
                }
            }
            rest.min[a] = low;
            rest.max[a] = high;
        }
        return rest;
    }

    /** Whether column {@code a} takes more than one value over these rows. */
    boolean varies(int a) {
        return min[a] != max[a];
    }

    /** Column {@code a}'s least value, given the centre the values were taken about. */
    double least(int a, double[] centre) {
        return centre[a] + min[a];
    }

    private Moments minus(Moments other) {
        var difference = new Moments(size);
        difference.count = count - other.count;
        for (int a = 0; a < size; a++) {
            difference.sums[a] = sums[a] - other.sums[a];
        }
        for (int i = 0; i < products.length; i++) {
            difference.products[i] = products[i] - other.products[i];
        }
        return difference;
    }

    /** The matrix of the {@link #centred} cross products of the columns {@code kept}. */
    double[][] crossProducts(int[] kept) {
        double[][] s = new double[kept.length][kept.length];
        for (int a = 0; a < kept.length; a++) {
            for (int b = 0; b < kept.length; b++) {
                s[a][b] = centred(kept[a], kept[b]);
            }
        }
        return s;
    }

    /** The first p columns' indices: all of the design's. */
    static int[] all(int p) {
        int[] all = new int[p];
        for (int j = 0; j < p; j++) {
            all[j] = j;
        }
        return all;
    }

    /** Σ (zₐ − z̄ₐ)(z_b − z̄_b) over these rows: the cross product about their own means. */
    double centred(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        return products[low * size + high] - sums[low] * sums[high] / count;
    }

    /** The mean of column {@code a}, given the centre the sums were taken about. */
    double mean(int a, double[] centre) {
        return centre[a] + sums[a] / count;
    }
}
