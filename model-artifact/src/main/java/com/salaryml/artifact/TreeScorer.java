package com.salaryml.artifact;

/**
 * Scores a {@link TreeEnsembleModel}: {@code value = baseValue + Σ weight · leaf}, the trees in order, over the
 * trees copied into flat arrays ({@link FlatTrees}). Contributions are exact SHAP values, by {@link TreeShap};
 * the baseline is the ensemble's cover-weighted expected value.
 */
final class TreeScorer implements Scorer {

    /** How many instances of a batch go through each tree before the next: their values stay in cache. */
    private static final int BLOCK = 512;

    private final FlatTrees trees;
    private final double baseline;
    private final TreeShap shap;

    /**
     * @throws IllegalArgumentException naming the node, if a split's feature index is not a feature of the schema
     */
    TreeScorer(TreeEnsembleModel model, FeatureSchema schema) {
        this.trees = FlatTrees.of(model, schema);
        this.baseline = model.expectedValue();
        this.shap = new TreeShap(trees, schema.size());
    }

    @Override
    public double baseline() {
        return baseline;
    }

    @Override
    public double predict(double[] x, double[] contributions) {
        double[] weights = trees.weights();
        double[] value = trees.value();
        double sum = trees.baseValue();
        for (int t = 0; t < weights.length; t++) {
            sum += weights[t] * value[trees.leafOf(t, x)];
        }
        if (contributions != null) {
            shap.contributions(x, contributions, new TreeShap.Scratch(shap));
        }
        return sum;
    }

    @Override
    public void predictColumns(double[][] columns, int n, double[] values, double[][] contributions) {
        int[] roots = trees.roots();
        double[] weights = trees.weights();
        int[] feature = trees.feature();
        double[] threshold = trees.threshold();
        int[] left = trees.left();
        int[] right = trees.right();
        double[] value = trees.value();
        java.util.Arrays.fill(values, 0, n, trees.baseValue());
        // Tree by tree over a block of instances: one tree's nodes stay in cache while a block goes through it,
        // and each instance still adds its trees' values in tree order, as predict does.
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            for (int t = 0; t < roots.length; t++) {
                int root = roots[t];
                double weight = weights[t];
                for (int i = from; i < to; i++) {
                    int node = root;
                    while (left[node] >= 0) {
                        node = columns[feature[node]][i] <= threshold[node] ? left[node] : right[node];
                    }
                    values[i] += weight * value[node];
                }
            }
        }
        if (contributions != null) {
            contributionColumns(columns, n, contributions);
        }
    }

    @Override
    public boolean contributionsAreCostly() {
        return true;
    }

    @Override
    public void contributionColumns(double[][] columns, int n, double[][] contributions) {
        int p = columns.length;
        double[] x = new double[p];
        double[] phi = new double[p];
        var scratch = new TreeShap.Scratch(shap);
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < p; f++) {
                x[f] = columns[f][i];
            }
            shap.contributions(x, phi, scratch);
            for (int f = 0; f < p; f++) {
                contributions[f][i] = phi[f];
            }
        }
    }
}
