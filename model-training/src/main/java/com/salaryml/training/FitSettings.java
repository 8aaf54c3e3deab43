package com.salaryml.training;

/**
 * How a model is to be fitted and cross-validated: the algorithm, and the settings of every algorithm, so that
 * the same settings can fit each family in turn for a comparison. Both trainers, Smile's and Spark's, take them
 * from {@link TrainingOptions#fit()}.
 *
 * @param algorithm the family to fit
 * @param lambda    the penalty weight of ridge and the lasso
 * @param folds     k for k-fold cross-validation
 * @param seed      the seed that shuffles rows into folds
 * @param gbm       the settings of gradient boosting
 * @param forest    the settings of a random forest
 * @param bins      how many quantile bins each training distribution gets in the model file
 */
public record FitSettings(Algorithm algorithm, double lambda, int folds, long seed, TreeSettings gbm,
                          TreeSettings forest, int bins) {

    /** How many quantile bins the training distributions get unless told: deciles. */
    public static final int DEFAULT_BINS = 10;

    /**
     * These settings with the built-in defaults of both tree ensembles and of the bins.
     *
     * @param algorithm the family to fit
     * @param lambda    the penalty weight of ridge and the lasso
     * @param folds     k for k-fold cross-validation
     * @param seed      the seed that shuffles rows into folds
     */
    public FitSettings(Algorithm algorithm, double lambda, int folds, long seed) {
        this(algorithm, lambda, folds, seed, TreeSettings.GBM, TreeSettings.RANDOM_FOREST, DEFAULT_BINS);
    }

    /** The same settings for another algorithm. */
    FitSettings with(Algorithm other) {
        return new FitSettings(other, lambda, folds, seed, gbm, forest, bins);
    }

    /**
     * The tree settings of the algorithm.
     *
     * @return {@link #gbm()} or {@link #forest()}
     * @throws IllegalStateException if the algorithm is not a tree ensemble
     */
    public TreeSettings trees() {
        return switch (algorithm) {
            case GBM -> gbm;
            case RANDOM_FOREST -> forest;
            default -> throw new IllegalStateException(algorithm.id + " has no tree settings");
        };
    }
}
