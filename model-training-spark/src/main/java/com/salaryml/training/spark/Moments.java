package com.salaryml.training.spark;

import java.io.Serializable;

/**
 * The sufficient statistics of least squares for a set of rows: how many, and the sums and cross products of
 * their features and target, taken about a fixed centre (the training means). Taken about a fixed centre they
 * add up across partitions and folds, and subtracting one fold's from the whole gives the rest's; centred, they
 * keep the digits that the raw sums of squares of salaries would lose.
 *
 * <p>Index 0 … p−1 are the features, p the target.
 */
final class Moments implements Serializable {
    private static final long serialVersionUID = 1L;

    final int size;
    long count;
    final double[] sums;
    /** The cross products, row-major, upper triangle filled. */
    final double[] products;

    Moments(int size) {
        this.size = size;
        this.sums = new double[size];
        this.products = new double[size * size];
    }

    void add(double[] centred) {
        count++;
        for (int a = 0; a < size; a++) {
            double za = centred[a];
            sums[a] += za;
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
        }
        for (int i = 0; i < products.length; i++) {
            sum.products[i] = products[i] + other.products[i];
        }
        return sum;
    }

    Moments minus(Moments other) {
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

    /** The p × p matrix of the features' {@link #centred} cross products, the first p of these columns. */
    double[][] crossProducts(int p) {
        double[][] s = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                s[a][b] = centred(a, b);
            }
        }
        return s;
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
