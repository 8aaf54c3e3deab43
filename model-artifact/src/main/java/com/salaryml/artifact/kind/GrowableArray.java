package com.salaryml.artifact.kind;

import java.util.Arrays;

/** Growable primitive arrays, for building TreeSHAP's leaf tables without boxing every entry. */
final class GrowableArray {

    private GrowableArray() {
    }

    /** A growable array of ints. */
    static final class Ints {
        private int[] values = new int[64];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        void truncate(int newSize) {
            size = newSize;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable array of doubles. */
    static final class Doubles {
        private double[] values = new double[64];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        double get(int i) {
            return values[i];
        }

        void set(int i, double value) {
            values[i] = value;
        }

        int size() {
            return size;
        }

        void truncate(int newSize) {
            size = newSize;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable array of longs: bitsets of levels, two words each. */
    static final class Longs {
        private long[] values = new long[64];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        long get(int i) {
            return values[i];
        }

        void set(int i, long value) {
            values[i] = value;
        }

        void truncate(int newSize) {
            size = newSize;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
