package com.salaryml.artifact;

import com.salaryml.artifact.kind.TreeEnsembleModel;
import java.util.ArrayList;
import java.util.SplittableRandom;

/**
 * Random, valid tree ensembles for tests: random shapes, splits on random features at thresholds inside the
 * features' ranges, or by random sets of levels on categorical features, integer covers that add up (as Smile's
 * node sizes do), leaf values of either sign.
 */
public final class RandomTrees {

    private RandomTrees() {
    }

    /** A node of a tree being grown: a leaf when {@code left} is null; a categorical split when it has levels. */
    private record Node(int feature, double threshold, int[] leftLevels, Node left, Node right, double value,
                        double cover) {
    }

    /**
     * A tree over {@code features} numeric features, at most {@code maxDepth} deep: the root splits, and each node
     * below it splits with probability {@code splitChance}. Nodes are numbered depth first.
     */
    public static TreeEnsembleModel.Tree tree(SplittableRandom random, double weight, int features, int maxDepth,
                                       double splitChance) {
        return tree(random, weight, new int[features], maxDepth, splitChance);
    }

    /**
     * A tree over features with {@code levels[f]} levels each (0 for a number): a split on a category sends a
     * random non-empty proper subset of its levels left, a split on a number has a threshold as above.
     */
    public static TreeEnsembleModel.Tree tree(SplittableRandom random, double weight, int[] levels, int maxDepth,
                                              double splitChance) {
        var builder = TreeEnsembleModel.Tree.builder(weight);
        add(builder, grow(random, levels, 0, maxDepth, splitChance));
        return builder.build();
    }

    private static Node grow(SplittableRandom random, int[] levels, int depth, int maxDepth, double splitChance) {
        boolean split = depth < maxDepth && (depth == 0 || random.nextDouble() < splitChance);
        if (!split) {
            return new Node(0, 0, null, null, null, Math.round(random.nextDouble(-20000, 20000) * 8) / 8.0,
                    1 + random.nextInt(30));
        }
        int f = random.nextInt(levels.length);
        int[] left = levels[f] == 0 ? null : leftLevels(random, levels[f]);
        double threshold = levels[f] == 0 ? threshold(random, f) : 0;
        Node low = grow(random, levels, depth + 1, maxDepth, splitChance);
        Node high = grow(random, levels, depth + 1, maxDepth, splitChance);
        return new Node(f, threshold, left, low, high, 0, low.cover() + high.cover());
    }

    /**
     * A random non-empty proper subset of {@code count} levels, in increasing order: often one level (Smile's
     * nominal split), otherwise each level with a random probability.
     */
    public static int[] leftLevels(SplittableRandom random, int count) {
        if (random.nextInt(3) == 0) {
            return new int[] {random.nextInt(count)};
        }
        double chance = 0.1 + 0.8 * random.nextDouble();
        while (true) {
            int[] chosen = java.util.stream.IntStream.range(0, count).filter(c -> random.nextDouble() < chance)
                    .toArray();
            if (chosen.length > 0 && chosen.length < count) {
                return chosen;
            }
        }
    }

    private static int add(TreeEnsembleModel.Tree.Builder builder, Node node) {
        if (node.left() == null) {
            return builder.leaf(node.value(), node.cover());
        }
        int split = node.leftLevels() == null ? builder.split(node.feature(), node.threshold(), node.cover())
                : builder.split(node.feature(), node.leftLevels(), node.cover());
        int left = add(builder, node.left());
        int right = add(builder, node.right());
        builder.children(split, left, right);
        return split;
    }

    /**
     * A threshold inside the valid range of feature {@code feature} (0 to 50 for feature 0, as experience;
     * 0 to 10 for the others, as scores), on a grid of quarters offset by an eighth, so that inputs can hit it.
     */
    public static double threshold(SplittableRandom random, int feature) {
        double max = feature == 0 ? 50 : 10;
        return Math.floor(random.nextDouble(0, max) * 4) / 4.0 + 0.125;
    }

    /** An ensemble of {@code trees} random trees with weight {@code 1 / trees}: a random forest's shape. */
    public static TreeEnsembleModel forest(SplittableRandom random, int trees, int features, int maxDepth, double splitChance) {
        var list = new ArrayList<TreeEnsembleModel.Tree>();
        for (int t = 0; t < trees; t++) {
            list.add(tree(random, 1.0 / trees, features, maxDepth, splitChance));
        }
        return new TreeEnsembleModel(0, list);
    }

    /** A random input inside the salary schema's valid ranges, often on a threshold's grid. */
    public static double[] input(SplittableRandom random) {
        double[] x = new double[3];
        for (int f = 0; f < 3; f++) {
            double max = f == 0 ? 50 : 10;
            x[f] = random.nextInt(4) == 0 ? threshold(random, f) : random.nextDouble(0, max);
        }
        return x;
    }
}
