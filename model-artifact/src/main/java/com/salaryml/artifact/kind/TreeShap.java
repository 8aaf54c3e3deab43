package com.salaryml.artifact.kind;

import java.util.Arrays;

/**
 * Exact SHAP values of a tree ensemble in polynomial time: Algorithm 2 of Lundberg, Erion and Lee (2018),
 * "Consistent Individualized Feature Attribution for Tree Ensembles", with the nodes' cover as the
 * distribution of the training data.
 *
 * <p>The value of a feature set S is the tree's expected prediction when the features in S are known and the
 * others are not: at a split on a known feature the path follows x, at any other split it goes both ways,
 * each child weighted by its share of the parent's cover. A feature's SHAP value is its Shapley value for that
 * game; the values of an instance add up to its prediction minus the expected prediction with nothing known
 * (the baseline). Instead of enumerating the 2^M subsets, the algorithm walks each tree once, carrying along
 * the path, per distinct feature on it, the fraction of "zero" paths (feature unknown, cover-weighted) and of
 * "one" paths (feature known, following x) and the weights of every subset size: O(leaves · depth²) per tree.
 * A feature split on twice along a path is first removed from it ("unwound") and entered again, so it is
 * counted once.
 *
 * <p>Per leaf, what the walk adds up depends on x only through which of the leaf's distinct features x
 * satisfies all the leaf's conditions on (the "one" fractions, each 0 or 1); the "zero" fractions are products
 * of cover shares, fixed by the tree. So for a leaf with u distinct features there are only 2^u possible
 * contributions, and when u is small they are computed once, by the same extend and unwind on the leaf's path,
 * into a table (the precomputation of Yang's Fast TreeSHAP v2, 2021). An instance then costs, per leaf, u
 * range checks to find its row of the table and u additions. Trees with a leaf of more than
 * {@value #MAX_TABLE_FEATURES} distinct features, or beyond a memory budget of {@value #TABLE_BUDGET} table
 * entries for the model, are walked by Algorithm 2 for each instance. Both give the same values, to rounding.
 *
 * <p>Categorical splits change nothing in the algorithm, which asks of a split only which child x goes to. In the
 * tables, a leaf's conditions on a categorical feature are a set of levels instead of a range: the levels every
 * split on the path lets through towards the leaf, the intersection of the left levels or of the rest. They are
 * kept as a bitset beside the ranges (a numeric feature's lets every code through, a categorical feature's range
 * is unbounded), and only in a model with categorical splits: one without reads exactly what it read before.
 *
 * <p>Immutable and safe to share; each computation needs a {@link Scratch} of its own.
 */
final class TreeShap {

    // The one fraction of a path element is always 0 or 1 (a known feature's branch either is x's or is not),
    // so where the paper divides by it, this code, knowing it is 1, does not.
    //
    // One path element is four doubles in a row: its feature (-1 for the empty start), its zero fraction, its
    // one fraction and its subset weight. A node's whole path is then one short run of one array, copied to
    // its children with one loop.
    private static final int FEATURE = 0;
    private static final int ZERO = 1;
    private static final int ONE = 2;
    private static final int WEIGHT = 3;
    private static final int STRIDE = 4;

    /** The most distinct features a leaf's path may have for the leaf to get a table: 2^8 rows of 8. */
    static final int MAX_TABLE_FEATURES = 8;

    /** The most table entries (doubles) a model may hold: 16 MiB. */
    static final int TABLE_BUDGET = 1 << 21;

    /** {@code RECIPROCAL[k] = 1.0 / k}: the algorithm divides by small whole numbers all the time. */
    private static final double[] RECIPROCAL = new double[TreeEnsembleModel.MAX_DEPTH + 3];

    static {
        for (int k = 1; k < RECIPROCAL.length; k++) {
            RECIPROCAL[k] = 1.0 / k;
        }
    }

    private final FlatTrees trees;
    private final int features;
    /** Path elements needed for a tree of the greatest depth: each level copies the path of its parent. */
    private final int pathSize;

    // The leaf tables, for the trees that have them (tabled[t]). Tree t's leaves are firstLeaf[t] up to
    // firstLeaf[t + 1]; leaf l has distinct[l] features, whose indices and ranges (lower, upper] are at
    // firstRange[l] in rangeFeature, lower and upper, and whose 2^distinct[l] rows of distinct[l] contributions
    // start at firstEntry[l] in table: row r holds the contributions when x is inside exactly the ranges whose
    // bit is set in r. In a model with categorical splits, allowed holds for each range two words, the bitset of
    // the level codes the leaf's path lets through (all ones for a numeric feature); otherwise it is empty.
    private final boolean[] tabled;
    private final int[] firstLeaf;
    private final int[] distinct;
    private final int[] firstRange;
    private final int[] firstEntry;
    private final int[] rangeFeature;
    private final double[] lower;
    private final double[] upper;
    private final long[] allowed;
    private final double[] table;

    TreeShap(FlatTrees trees, int features) {
        this(trees, features, TABLE_BUDGET);
    }

    /** With at most {@code budget} table entries; 0 walks every tree by Algorithm 2 for every instance. */
    TreeShap(FlatTrees trees, int features, int budget) {
        this.trees = trees;
        this.features = features;
        int maxDepth = trees.maxDepth();
        // The root's path starts at 1; a node at depth d (d + 1 elements at most) starts d + 1 after its
        // parent's: 1 + Σ_{k=1..D} (k + 1) + D + 1 elements for depth D.
        this.pathSize = maxDepth * (maxDepth + 5) / 2 + 2;
        var tables = new Tables(trees, budget);
        this.tabled = tables.tabled;
        this.firstLeaf = tables.firstLeaf;
        this.distinct = tables.distinct.toArray();
        this.firstRange = tables.firstRange.toArray();
        this.firstEntry = tables.firstEntry.toArray();
        this.rangeFeature = tables.rangeFeature.toArray();
        this.lower = tables.lower.toArray();
        this.upper = tables.upper.toArray();
        this.allowed = tables.allowed.toArray();
        this.table = tables.table.toArray();
    }

    /** How many trees have leaf tables; the others are walked by Algorithm 2. */
    int tabledTrees() {
        int count = 0;
        for (boolean t : tabled) {
            count += t ? 1 : 0;
        }
        return count;
    }

    /** The paths' storage for one computation at a time. */
    static final class Scratch {
        final double[] path;

        Scratch(TreeShap shap) {
            path = new double[shap.pathSize * STRIDE];
        }
    }

    /** Writes the SHAP value of each feature at {@code x} (schema order) into {@code phi}. */
    void contributions(double[] x, double[] phi, Scratch scratch) {
        Arrays.fill(phi, 0, features, 0);
        int[] roots = trees.roots();
        double[] weights = trees.weights();
        // Two copies of one loop, so that a model without categorical splits runs exactly the code it ran before
        // they existed, reading no bitsets.
        if (trees.rightLevels() == null) {
            for (int t = 0; t < roots.length; t++) {
                if (!tabled[t]) {
                    recurse(x, phi, scratch.path, roots[t], 0, 0, 1, 1, -1, weights[t]);
                    continue;
                }
                for (int leaf = firstLeaf[t], end = firstLeaf[t + 1]; leaf < end; leaf++) {
                    int u = distinct[leaf];
                    int ranges = firstRange[leaf];
                    int row = 0;
                    for (int j = 0; j < u; j++) {
                        double value = x[rangeFeature[ranges + j]];
                        // Without a branch: whether x is inside a leaf's range is as good as random.
                        int inside = (value > lower[ranges + j] ? 1 : 0) & (value <= upper[ranges + j] ? 1 : 0);
                        row |= inside << j;
                    }
                    addRow(phi, leaf, ranges, u, row);
                }
            }
            return;
        }
        for (int t = 0; t < roots.length; t++) {
            if (!tabled[t]) {
                recurse(x, phi, scratch.path, roots[t], 0, 0, 1, 1, -1, weights[t]);
                continue;
            }
            for (int leaf = firstLeaf[t], end = firstLeaf[t + 1]; leaf < end; leaf++) {
                int u = distinct[leaf];
                int ranges = firstRange[leaf];
                int row = 0;
                for (int j = 0; j < u; j++) {
                    double value = x[rangeFeature[ranges + j]];
                    // Inside the range and one of the allowed levels. As FlatTrees.right: the word's index masked
                    // to 0 or 1, the shift by the low 6 bits; a numeric feature's words are all ones.
                    int code = (int) value;
                    int inside = (value > lower[ranges + j] ? 1 : 0) & (value <= upper[ranges + j] ? 1 : 0)
                            & (int) (allowed[((ranges + j) << 1) | ((code >>> 6) & 1)] >>> code);
                    row |= (inside & 1) << j;
                }
                addRow(phi, leaf, ranges, u, row);
            }
        }
    }

    /** Adds row {@code row} of leaf {@code leaf}'s table to the contributions of its {@code u} features. */
    private void addRow(double[] phi, int leaf, int ranges, int u, int row) {
        int entry = firstEntry[leaf] + row * u;
        for (int j = 0; j < u; j++) {
            phi[rangeFeature[ranges + j]] += table[entry + j];
        }
    }

    /**
     * Visits {@code node}, whose path holds {@code depth} distinct features before this step. The path of the
     * parent starts at element {@code parentStart}; this node's starts right after it.
     */
    private void recurse(double[] x, double[] phi, double[] path, int node, int depth, int parentStart,
                         double parentZero, double parentOne, int parentFeature, double treeWeight) {
        int start = parentStart + depth + 1;
        int from = parentStart * STRIDE;
        int to = start * STRIDE;
        for (int k = 0, end = (depth + 1) * STRIDE; k < end; k++) {
            path[to + k] = path[from + k];
        }
        extend(path, to, depth, parentZero, parentOne, parentFeature);

        int[] child = trees.child();
        int left = child[node];
        if (left == node) {
            double scaled = trees.value()[node] * treeWeight;
            // Element 0 is the empty start of the path, not a feature.
            for (int i = 1; i <= depth; i++) {
                int e = to + i * STRIDE;
                double w = unwoundSum(path, to, depth, i);
                phi[(int) path[e + FEATURE]] += w * (path[e + ONE] - path[e + ZERO]) * scaled;
            }
            return;
        }

        int split = trees.feature()[node];
        int hot = left;
        int cold = left + 1;
        if (trees.goesRight(node, x[split])) {
            hot = left + 1;
            cold = left;
        }
        double[] share = trees.share();
        double hotZero = share[hot];
        double coldZero = share[cold];
        double incomingZero = 1;
        double incomingOne = 1;

        // A feature already on the path is taken off it and entered again with this split's fractions.
        int k = 1;
        while (k <= depth && path[to + k * STRIDE + FEATURE] != split) {
            k++;
        }
        if (k <= depth) {
            incomingZero = path[to + k * STRIDE + ZERO];
            incomingOne = path[to + k * STRIDE + ONE];
            unwind(path, to, depth, k);
            depth--;
        }
        recurse(x, phi, path, hot, depth + 1, start, hotZero * incomingZero, incomingOne, split, treeWeight);
        recurse(x, phi, path, cold, depth + 1, start, coldZero * incomingZero, 0, split, treeWeight);
    }

    /** Adds a feature with its zero and one fractions to the path of {@code depth} elements at {@code o}. */
    static void extend(double[] path, int o, int depth, double zero, double one, int feature) {
        int e = o + depth * STRIDE;
        path[e + FEATURE] = feature;
        path[e + ZERO] = zero;
        path[e + ONE] = one;
        path[e + WEIGHT] = depth == 0 ? 1 : 0;
        double share = RECIPROCAL[depth + 1];
        for (int i = depth - 1; i >= 0; i--) {
            int w = o + i * STRIDE + WEIGHT;
            path[w + STRIDE] += one * path[w] * (i + 1) * share;
            path[w] = zero * path[w] * (depth - i) * share;
        }
    }

    /** Takes element {@code k} off the path of {@code depth + 1} elements at {@code o}: the inverse of extend. */
    private static void unwind(double[] path, int o, int depth, int k) {
        double one = path[o + k * STRIDE + ONE];
        double zero = path[o + k * STRIDE + ZERO];
        double inverseZero = 1 / zero;
        double share = RECIPROCAL[depth + 1];
        double next = path[o + depth * STRIDE + WEIGHT];
        for (int i = depth - 1; i >= 0; i--) {
            int w = o + i * STRIDE + WEIGHT;
            if (one != 0) {
                double kept = path[w];
                path[w] = next * (depth + 1) * RECIPROCAL[i + 1];
                next = kept - path[w] * zero * (depth - i) * share;
            } else {
                path[w] = path[w] * (depth + 1) * inverseZero * RECIPROCAL[depth - i];
            }
        }
        for (int i = k; i < depth; i++) {
            int e = o + i * STRIDE;
            path[e + FEATURE] = path[e + STRIDE + FEATURE];
            path[e + ZERO] = path[e + STRIDE + ZERO];
            path[e + ONE] = path[e + STRIDE + ONE];
        }
    }

    /** The total weight of the path with element {@code k} unwound, without changing the path. */
    static double unwoundSum(double[] path, int o, int depth, int k) {
        double one = path[o + k * STRIDE + ONE];
        double zero = path[o + k * STRIDE + ZERO];
        double share = RECIPROCAL[depth + 1];
        double next = path[o + depth * STRIDE + WEIGHT];
        double total = 0;
        if (one != 0) {
            for (int i = depth - 1; i >= 0; i--) {
                double part = next * (depth + 1) * RECIPROCAL[i + 1];
                total += part;
                next = path[o + i * STRIDE + WEIGHT] - part * zero * (depth - i) * share;
            }
        } else {
            // zero > 0: every cover is positive, so no fraction of a path is 0.
            double scale = (depth + 1) / zero;
            for (int i = depth - 1; i >= 0; i--) {
                total += path[o + i * STRIDE + WEIGHT] * scale * RECIPROCAL[depth - i];
            }
        }
        return total;
    }

    /** Builds the leaf tables, tree by tree, within a budget. */
    private static final class Tables {
        final boolean[] tabled;
        final int[] firstLeaf;
        final GrowableArray.Ints distinct = new GrowableArray.Ints();
        final GrowableArray.Ints firstRange = new GrowableArray.Ints();
        final GrowableArray.Ints firstEntry = new GrowableArray.Ints();
        final GrowableArray.Ints rangeFeature = new GrowableArray.Ints();
        final GrowableArray.Doubles lower = new GrowableArray.Doubles();
        final GrowableArray.Doubles upper = new GrowableArray.Doubles();
        final GrowableArray.Longs allowed = new GrowableArray.Longs();
        final GrowableArray.Doubles table = new GrowableArray.Doubles();

        private final FlatTrees trees;
        private final int budget;
        // The splits from the root down to the node being visited: the node, its feature and threshold, whether
        // the path went right, and the share of the child it went to.
        private final int[] stepNode;
        private final int[] stepFeature;
        private final double[] stepThreshold;
        private final boolean[] stepRight;
        private final double[] stepShare;
        private final double[] path;
        private boolean fits;

        Tables(FlatTrees trees, int budget) {
            this.trees = trees;
            this.budget = budget;
            int count = trees.roots().length;
            this.tabled = new boolean[count];
            this.firstLeaf = new int[count + 1];
            int maxDepth = trees.maxDepth();
            stepNode = new int[maxDepth + 1];
            stepFeature = new int[maxDepth + 1];
            stepThreshold = new double[maxDepth + 1];
            stepRight = new boolean[maxDepth + 1];
            stepShare = new double[maxDepth + 1];
            path = new double[(MAX_TABLE_FEATURES + 1) * STRIDE];
            for (int t = 0; t < count; t++) {
                firstLeaf[t] = distinct.size();
                int leaves = distinct.size();
                int ranges = rangeFeature.size();
                int entries = table.size();
                fits = true;
                visit(trees.roots()[t], 0, trees.weights()[t]);
                tabled[t] = fits;
                if (!fits) {
                    // Walked by Algorithm 2 instead: forget what this tree added.
                    distinct.truncate(leaves);
                    firstRange.truncate(leaves);
                    firstEntry.truncate(leaves);
                    rangeFeature.truncate(ranges);
                    lower.truncate(ranges);
                    upper.truncate(ranges);
                    if (trees.rightLevels() != null) {
                        allowed.truncate(2 * ranges);
                    }
                    table.truncate(entries);
                }
            }
            firstLeaf[count] = distinct.size();
        }

        private void visit(int node, int depth, double treeWeight) {
            if (!fits) {
                return;
            }
            int left = trees.child()[node];
            if (left == node) {
                leaf(node, depth, treeWeight);
                return;
            }
            stepNode[depth] = node;
            stepFeature[depth] = trees.feature()[node];
            stepThreshold[depth] = trees.threshold()[node];
            stepRight[depth] = false;
            stepShare[depth] = trees.share()[left];
            visit(left, depth + 1, treeWeight);
            stepRight[depth] = true;
            stepShare[depth] = trees.share()[left + 1];
            visit(left + 1, depth + 1, treeWeight);
        }

        /**
         * The leaf's distinct features, their ranges (or sets of levels) and zero fractions, and its 2^u rows of
         * contributions.
         */
        private void leaf(int node, int depth, double treeWeight) {
            int start = rangeFeature.size();
            long[] levels = trees.rightLevels();
            var zero = new double[depth];
            int u = 0;
            for (int s = 0; s < depth; s++) {
                int j = 0;
                while (j < u && rangeFeature.get(start + j) != stepFeature[s]) {
                    j++;
                }
                if (j == u) {
                    if (u == MAX_TABLE_FEATURES) {
                        fits = false;
                        return;
                    }
                    rangeFeature.add(stepFeature[s]);
                    lower.add(Double.NEGATIVE_INFINITY);
                    upper.add(Double.POSITIVE_INFINITY);
                    if (levels != null) {
                        allowed.add(-1L);
                        allowed.add(-1L);
                    }
                    zero[u++] = 1;
                }
                if (trees.isCategorical(stepNode[s])) {
                    // The levels this split lets through towards the leaf: its right levels, or all the others.
                    for (int w = 0; w < 2; w++) {
                        long right = levels[2 * stepNode[s] + w];
                        int at = 2 * (start + j) + w;
                        allowed.set(at, allowed.get(at) & (stepRight[s] ? right : ~right));
                    }
                } else if (stepRight[s]) {
                    lower.set(start + j, Math.max(lower.get(start + j), stepThreshold[s]));
                } else {
                    upper.set(start + j, Math.min(upper.get(start + j), stepThreshold[s]));
                }
                zero[j] *= stepShare[s];
            }
            int rows = 1 << u;
            if ((long) table.size() + (long) rows * u > budget) {
                fits = false;
                return;
            }
            distinct.add(u);
            firstRange.add(start);
            firstEntry.add(table.size());
            double scaled = trees.value()[node] * treeWeight;
            for (int row = 0; row < rows; row++) {
                // The leaf's path as Algorithm 2 would hold it there: the empty start, then each feature with
                // its zero fraction and, for this row, its one fraction.
                extend(path, 0, 0, 1, 1, -1);
                for (int j = 0; j < u; j++) {
                    extend(path, 0, j + 1, zero[j], (row >> j & 1), rangeFeature.get(start + j));
                }
                for (int j = 0; j < u; j++) {
                    double one = row >> j & 1;
                    table.add(unwoundSum(path, 0, u, j + 1) * (one - zero[j]) * scaled);
                }
            }
        }
    }
}
