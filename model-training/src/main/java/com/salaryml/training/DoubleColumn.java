package com.salaryml.training;

import java.util.Arrays;

/** A growable array of doubles; a boxed list would cost 20 bytes a value at a million rows. */
final class DoubleColumn {
    private double[] values = new double[1024];
    private int size;

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
