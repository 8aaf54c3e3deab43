package com.salaryml.artifact.kind;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.FieldPathException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The parameters of a tree ensemble: {@code prediction = baseValue + Σ trees[t].weight · (leaf of tree t
 * that x reaches)}. The model kind {@value ModelKind#TREE_ENSEMBLE}; gradient boosting and random forests
 * both produce this one shape.
 *
 * <ul>
 *   <li>Gradient boosting (Smile's {@code GradientTreeBoost}, least squares): {@code baseValue} is the initial
 *       value b, and every tree's weight is the shrinkage.</li>
 *   <li>Random forest: {@code baseValue} is 0, and every tree's weight is 1 / the number of trees.</li>
 * </ul>
 *
 * <p>Put it in a {@link Model} to predict. There each feature's contribution is its exact SHAP value
 * (TreeSHAP, computed from the nodes' cover), relative to the ensemble's expected value over the training
 * data, {@link #expectedValue()}.
 *
 * <p>The limits below bound what a model file can make a server hold and compute; a file beyond them is
 * refused when it is read, and a model beyond them cannot be built.
 *
 * @param baseValue the ensemble's constant term; finite
 * @param trees     the trees, at least one and at most {@value #MAX_TREES}, with at most {@value #MAX_NODES}
 *                  nodes in all
 */
public record TreeEnsembleModel(double baseValue, List<Tree> trees) implements ModelKind {

    /** The most trees an ensemble may have. */
    public static final int MAX_TREES = 10_000;

    /** The most nodes an ensemble may have, over all its trees. */
    public static final int MAX_NODES = 250_000;

    /** The most nodes one tree may have. */
    public static final int MAX_NODES_PER_TREE = 32_767;

    /** The deepest a tree may be: the most splits from the root to a leaf. */
    public static final int MAX_DEPTH = 64;

    /**
     * @throws IllegalArgumentException naming the field, e.g. {@code trees: has 0 trees}, if a limit is broken
     */
    public TreeEnsembleModel {
        Objects.requireNonNull(trees, "trees");
        if (!Double.isFinite(baseValue)) {
            throw new FieldPathException("base_value", "must be finite, was " + baseValue);
        }
        if (trees.isEmpty()) {
            throw new FieldPathException("trees", "is empty; an ensemble has at least one tree");
        }
        if (trees.size() > MAX_TREES) {
            throw new FieldPathException("trees", "has " + trees.size() + " trees; at most " + MAX_TREES
                    + " are allowed");
        }
        long nodes = 0;
        for (int t = 0; t < trees.size(); t++) {
            Tree tree = trees.get(t);
            if (tree == null) {
                throw new FieldPathException("trees[" + t + "]", "is null");
            }
            nodes += tree.size();
        }
        if (nodes > MAX_NODES) {
            throw new FieldPathException("trees", "have " + nodes + " nodes in all; at most " + MAX_NODES
                    + " are allowed");
        }
        trees = List.copyOf(trees);
    }

    @Override
    public String kind() {
        return TREE_ENSEMBLE;
    }

    /** The means are not needed: a tree ensemble's baseline is its cover-weighted expected value. */
    @Override
    public Scorer scorer(FeatureSchema schema, double[] means) {
        return new TreeScorer(this, schema);
    }

    @Override
    public <R> R match(Cases<R> cases) {
        return cases.treeEnsemble(this);
    }

    /** How many nodes all the trees have together. */
    public int nodeCount() {
        int nodes = 0;
        for (Tree tree : trees) {
            nodes += tree.size();
        }
        return nodes;
    }

    /**
     * Whether some tree has a categorical split: such a model needs model file format 3, which spells a split's
     * levels.
     */
    public boolean hasCategoricalSplits() {
        for (Tree tree : trees) {
            if (tree.hasCategoricalSplits()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ensemble's expected prediction over the training data, as the nodes' cover describes it:
     * {@code baseValue + Σ weight · E[tree]}, where a tree's expectation at a split is its children's,
     * weighted by their cover. This is what TreeSHAP's contributions are relative to: the baseline.
     */
    public double expectedValue() {
        double expected = baseValue;
        for (Tree tree : trees) {
            expected += tree.weight() * tree.expectedValue();
        }
        return expected;
    }

    /**
     * One regression tree, as flat arrays indexed by node. Node 0 is the root. An internal node {@code i} is a
     * split of one of two sorts:
     * <ul>
     *   <li>a <b>numeric</b> split ({@code leftLevels[i]} empty) sends {@code x} to {@code left[i]} when
     *       {@code x[feature[i]] <= threshold[i]} and to {@code right[i]} otherwise;</li>
     *   <li>a <b>categorical</b> split ({@code leftLevels[i]} not empty), on a categorical feature, sends
     *       {@code x} to {@code left[i]} when {@code x[feature[i]]}, a level's code, is one of
     *       {@code leftLevels[i]}, and to {@code right[i]} otherwise. This is Smile's nominal split
     *       ({@code x == level} to the true branch: one level goes left) and Spark MLlib's categorical split (any
     *       set of categories goes left) alike. Its threshold is unused and 0.</li>
     * </ul>
     * A leaf has {@code left[i] == right[i] == feature[i] == }{@value #LEAF}, no left levels, and predicts
     * {@code value[i]}.
     *
     * <p>The structure is checked when the tree is built, so that no file and no trainer can make a scorer
     * loop, recurse without bound or read outside an array:
     * <ul>
     *   <li>every child's index is greater than its parent's, so there is no cycle;</li>
     *   <li>every node but the root has exactly one parent, so every node is reachable from the root and no
     *       subtree is shared;</li>
     *   <li>at most {@value TreeEnsembleModel#MAX_DEPTH} splits lead from the root to any leaf, and there are at
     *       most {@value TreeEnsembleModel#MAX_NODES_PER_TREE} nodes;</li>
     *   <li>weight, thresholds and leaf values are finite; an internal node's value, and a leaf's or a
     *       categorical split's threshold, are unused and must be 0;</li>
     *   <li>a categorical split's left levels are level codes, from 0 to {@value Feature#MAX_LEVELS} − 1, in
     *       increasing order, each once; a leaf has none;</li>
     *   <li>every cover is positive and finite, and an internal node's cover is the sum of its children's
     *       (to within 1e-9 of it, relatively), as it is for a count of training rows.</li>
     * </ul>
     * What needs the schema is checked by {@link Model}, which knows it: that each feature index names a
     * feature; that a categorical split is on a categorical feature, its left levels codes of that feature's
     * levels and not all of them (some level must go right); and that a numeric split is not on a categorical
     * feature, whose codes are names, not an order a threshold could cut. Arrays are copied in, and the accessors
     * return copies; the per-node accessors do not copy, but for {@link #leftLevels(int)}.
     *
     * @param weight     what the tree's leaf value is multiplied by; finite
     * @param feature    per node, the index of the feature it splits on (schema order), or {@value #LEAF}
     * @param threshold  per node, a numeric split's value; 0 for a categorical split and a leaf
     * @param leftLevels per node, a categorical split's levels that go left, as codes (indices into the
     *                   feature's {@link Feature#levels()}) in increasing order; empty for a numeric split and a
     *                   leaf
     * @param left       per node, the child for {@code x <= threshold} (or {@code x} one of the left levels), or
     *                   {@value #LEAF}
     * @param right      per node, the other child, or {@value #LEAF}
     * @param value      per node, the leaf's prediction; 0 for an internal node
     * @param cover      per node, how many training rows (or how much training weight) reached it; positive
     */
    public record Tree(double weight, int[] feature, double[] threshold, int[][] leftLevels, int[] left, int[] right,
                       double[] value, double[] cover) {

        /** What {@code feature}, {@code left} and {@code right} hold for a leaf. */
        public static final int LEAF = -1;

        /** The left levels of a numeric split and a leaf: none. Shared, since it is empty. */
        private static final int[] NO_LEVELS = new int[0];

        /**
         * A tree whose splits are all numeric: {@code x[feature] <= threshold} goes left.
         *
         * @throws IllegalArgumentException naming the node and field, if the tree breaks a rule above
         */
        public Tree(double weight, int[] feature, double[] threshold, int[] left, int[] right, double[] value,
                    double[] cover) {
            this(weight, feature, threshold, noLevels(feature == null ? 0 : feature.length), left, right, value,
                    cover);
        }

        /** How far an internal node's cover may be from the sum of its children's, relative to it. */
        public static final double COVER_TOLERANCE = 1e-9;

        /**
         * @throws IllegalArgumentException naming the node and field, e.g. {@code nodes[17].left: 12 is not
         *                                  after node 17}, if the tree breaks a rule above
         */
        public Tree {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(leftLevels, "leftLevels");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(cover, "cover");
            int n = feature.length;
            if (threshold.length != n || leftLevels.length != n || left.length != n || right.length != n
                    || value.length != n || cover.length != n) {
                throw new FieldPathException("nodes", "the arrays must have one entry per node, but feature has "
                        + n + ", threshold " + threshold.length + ", left_levels " + leftLevels.length + ", left "
                        + left.length + ", right " + right.length + ", value " + value.length + " and cover "
                        + cover.length);
            }
            if (n == 0) {
                throw new FieldPathException("nodes", "is empty; a tree has at least its root");
            }
            if (n > MAX_NODES_PER_TREE) {
                throw new FieldPathException("nodes", "has " + n + " nodes; a tree may have at most "
                        + MAX_NODES_PER_TREE);
            }
            if (!Double.isFinite(weight)) {
                throw new FieldPathException("weight", "must be finite, was " + weight);
            }
            feature = feature.clone();
            threshold = threshold.clone();
            leftLevels = copy(leftLevels);
            left = left.clone();
            right = right.clone();
            value = value.clone();
            cover = cover.clone();
            TreeStructure.check(feature, threshold, leftLevels, left, right, value, cover);
        }

        /** Every node without left levels: the tree of numeric splits only. */
        private static int[][] noLevels(int n) {
            int[][] levels = new int[n][];
            Arrays.fill(levels, NO_LEVELS);
            return levels;
        }

        /** A deep copy, every empty entry the shared {@link #NO_LEVELS}; a null entry is kept for the check. */
        private static int[][] copy(int[][] levels) {
            int[][] copy = new int[levels.length][];
            for (int i = 0; i < levels.length; i++) {
                copy[i] = levels[i] == null ? null : levels[i].length == 0 ? NO_LEVELS : levels[i].clone();
            }
            return copy;
        }

        /** A builder for a tree of this weight, node by node. */
        public static Builder builder(double weight) {
            return new Builder(weight);
        }

        /**
         * Builds a {@link Tree} node by node, for a trainer that walks a tree of its own or a reader that reads
         * one: add each node, numbered from 0 in the order added, then name each split's children. For example,
         * depth first:
         * <pre>{@code
         * var builder = Tree.builder(0.1);
         * int root = builder.split(0, 5.5, 100);             // x[0] <= 5.5 goes left
         * builder.children(root, builder.leaf(-3.0, 60), builder.leaf(4.5, 40));
         * Tree tree = builder.build();
         * }</pre>
         * A categorical split names the codes of its levels that go left instead of a threshold:
         * {@code builder.split(1, new int[] {0, 2}, 100)} sends levels 0 and 2 of feature 1 left, the rest right.
         * {@link #build()} checks the whole tree, as the record's constructor does. A builder is not thread-safe;
         * the tree it builds is immutable.
         */
        public static final class Builder {

            /** A split's child before {@link #children} names it. */
            private static final int UNSET = -2;

            private final double weight;
            private int size;
            private int[] feature = new int[8];
            private double[] threshold = new double[8];
            private int[][] leftLevels = new int[8][];
            private int[] left = new int[8];
            private int[] right = new int[8];
            private double[] value = new double[8];
            private double[] cover = new double[8];

            private Builder(double weight) {
                this.weight = weight;
            }

            /** Adds a leaf that predicts {@code value}; returns its index. */
            public int leaf(double value, double cover) {
                int i = add(LEAF, 0, NO_LEVELS, value, cover);
                left[i] = LEAF;
                right[i] = LEAF;
                return i;
            }

            /**
             * Adds a split, {@code x[feature] <= threshold} to the left; returns its index. Name its children with
             * {@link #children} before building.
             */
            public int split(int feature, double threshold, double cover) {
                int i = add(feature, threshold, NO_LEVELS, 0, cover);
                left[i] = UNSET;
                right[i] = UNSET;
                return i;
            }

            /**
             * Adds a categorical split: {@code x[feature]} one of {@code leftLevels} (level codes, in increasing
             * order, at least one) goes left, any other level right; returns its index. Name its children with
             * {@link #children} before building.
             */
            public int split(int feature, int[] leftLevels, double cover) {
                Objects.requireNonNull(leftLevels, "leftLevels");
                if (leftLevels.length == 0) {
                    throw new FieldPathException("nodes[" + size + "].left_levels", "is empty; a categorical split"
                            + " sends at least one level left");
                }
                int i = add(feature, 0, leftLevels.clone(), 0, cover);
                left[i] = UNSET;
                right[i] = UNSET;
                return i;
            }

            /** Names the children of split {@code node}; each must be added after it, before or after this call. */
            public Builder children(int node, int left, int right) {
                if (node < 0 || node >= size || this.left[node] == LEAF) {
                    throw new FieldPathException("nodes[" + node + "]", "is not a split of this builder");
                }
                this.left[node] = left;
                this.right[node] = right;
                return this;
            }

            /** How many nodes have been added. */
            public int size() {
                return size;
            }

            /**
             * The tree of the nodes added.
             *
             * @throws IllegalArgumentException if a split has no children named, or the tree breaks a rule of
             *                                  {@link Tree}
             */
            public Tree build() {
                for (int i = 0; i < size; i++) {
                    if (left[i] == UNSET) {
                        throw new FieldPathException("nodes[" + i + "]", "is a split whose children were never named");
                    }
                }
                return new Tree(weight, Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size),
                        Arrays.copyOf(leftLevels, size), Arrays.copyOf(left, size), Arrays.copyOf(right, size),
                        Arrays.copyOf(value, size), Arrays.copyOf(cover, size));
            }

            private int add(int feature, double threshold, int[] leftLevels, double value, double cover) {
                if (size == MAX_NODES_PER_TREE + 1) {
                    throw new FieldPathException("nodes", "has more than " + MAX_NODES_PER_TREE
                            + " nodes; a tree may have at most " + MAX_NODES_PER_TREE);
                }
                if (size == this.feature.length) {
                    int grown = 2 * size;
                    this.feature = Arrays.copyOf(this.feature, grown);
                    this.threshold = Arrays.copyOf(this.threshold, grown);
                    this.leftLevels = Arrays.copyOf(this.leftLevels, grown);
                    this.left = Arrays.copyOf(this.left, grown);
                    this.right = Arrays.copyOf(this.right, grown);
                    this.value = Arrays.copyOf(this.value, grown);
                    this.cover = Arrays.copyOf(this.cover, grown);
                }
                this.feature[size] = feature;
                this.threshold[size] = threshold;
                this.leftLevels[size] = leftLevels;
                this.value[size] = value;
                this.cover[size] = cover;
                return size++;
            }
        }

        /** A tree of one leaf: predicts {@code value} everywhere. */
        public static Tree leaf(double weight, double value, double cover) {
            return new Tree(weight, new int[] {LEAF}, new double[] {0}, new int[][] {NO_LEVELS}, new int[] {LEAF},
                    new int[] {LEAF}, new double[] {value}, new double[] {cover});
        }

        /** How many nodes. */
        public int size() {
            return feature.length;
        }

        /** Whether node {@code node} is a leaf. */
        public boolean isLeaf(int node) {
            return left[node] == LEAF;
        }

        /** The most splits from the root to a leaf: 0 for a single leaf. */
        public int depth() {
            int[] depth = new int[size()];
            int deepest = 0;
            for (int i = 0; i < depth.length; i++) {
                if (!isLeaf(i)) {
                    depth[left[i]] = depth[i] + 1;
                    depth[right[i]] = depth[i] + 1;
                }
                deepest = Math.max(deepest, depth[i]);
            }
            return deepest;
        }

        /** Whether split {@code node} splits by levels rather than by a threshold. */
        public boolean isCategorical(int node) {
            return leftLevels[node].length > 0;
        }

        /**
         * Whether split {@code node} sends {@code x} to its left child: {@code x <= threshold} for a numeric split,
         * {@code x} one of the left levels' codes for a categorical one.
         *
         * @param x the value of the node's feature: for a categorical split, a level's code
         */
        public boolean goesLeft(int node, double x) {
            int[] levels = leftLevels[node];
            return levels.length == 0 ? x <= threshold[node] : x == Math.rint(x) && x >= 0
                    && x <= Integer.MAX_VALUE && Arrays.binarySearch(levels, (int) x) >= 0;
        }

        /** The leaf that {@code x} (schema order; a category as its level's code) reaches. */
        public int leafOf(double[] x) {
            int node = 0;
            while (left[node] != LEAF) {
                node = goesLeft(node, x[feature[node]]) ? left[node] : right[node];
            }
            return node;
        }

        /** The tree's prediction at {@code x}, without its weight. */
        public double predict(double[] x) {
            return value[leafOf(x)];
        }

        /** The tree's expected prediction over the training data, each split weighted by its children's cover. */
        public double expectedValue() {
            double[] expected = new double[size()];
            // Children come after their parents, so backwards every child is done before its parent.
            for (int i = expected.length - 1; i >= 0; i--) {
                expected[i] = isLeaf(i) ? value[i]
                        : (cover[left[i]] * expected[left[i]] + cover[right[i]] * expected[right[i]]) / cover[i];
            }
            return expected[0];
        }

        /** The split feature of node {@code node}, or {@value #LEAF}. */
        public int feature(int node) {
            return feature[node];
        }

        /** The split value of node {@code node}; 0 for a categorical split and a leaf. */
        public double threshold(int node) {
            return threshold[node];
        }

        /**
         * The codes of the levels that categorical split {@code node} sends left, in increasing order; empty for a
         * numeric split and a leaf. A copy.
         */
        public int[] leftLevels(int node) {
            return leftLevels[node].length == 0 ? NO_LEVELS : leftLevels[node].clone();
        }

        /** The child of node {@code node} for {@code x <= threshold} or a left level, or {@value #LEAF}. */
        public int left(int node) {
            return left[node];
        }

        /** The other child of node {@code node}, or {@value #LEAF}. */
        public int right(int node) {
            return right[node];
        }

        /** The prediction of leaf {@code node}; 0 for an internal node. */
        public double value(int node) {
            return value[node];
        }

        /** The cover of node {@code node}. */
        public double cover(int node) {
            return cover[node];
        }

        @Override
        public int[] feature() {
            return feature.clone();
        }

        @Override
        public double[] threshold() {
            return threshold.clone();
        }

        @Override
        public int[][] leftLevels() {
            int[][] copy = new int[leftLevels.length][];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = leftLevels[i].clone();
            }
            return copy;
        }

        /** Whether some split is categorical. */
        public boolean hasCategoricalSplits() {
            for (int[] levels : leftLevels) {
                if (levels.length > 0) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int[] left() {
            return left.clone();
        }

        @Override
        public int[] right() {
            return right.clone();
        }

        @Override
        public double[] value() {
            return value.clone();
        }

        @Override
        public double[] cover() {
            return cover.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Tree that
                    && Double.compare(weight, that.weight) == 0
                    && Arrays.equals(feature, that.feature)
                    && Arrays.equals(threshold, that.threshold)
                    && Arrays.deepEquals(leftLevels, that.leftLevels)
                    && Arrays.equals(left, that.left)
                    && Arrays.equals(right, that.right)
                    && Arrays.equals(value, that.value)
                    && Arrays.equals(cover, that.cover);
        }

        @Override
        public int hashCode() {
            return Objects.hash(weight, Arrays.hashCode(feature), Arrays.hashCode(threshold),
                    Arrays.deepHashCode(leftLevels), Arrays.hashCode(left), Arrays.hashCode(right),
                    Arrays.hashCode(value), Arrays.hashCode(cover));
        }

        @Override
        public String toString() {
            return "Tree[weight=" + weight + ", " + size() + " nodes, depth " + depth() + "]";
        }
    }
}
