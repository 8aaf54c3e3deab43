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
 * @param holdout   when a tree ensemble holds rows out of its one fit instead of cross-validating
 */
public record FitSettings(Algorithm algorithm, double lambda, int folds, long seed, TreeSettings gbm,
                          TreeSettings forest, int bins, Holdout holdout) {

    /** How many quantile bins the training distributions get unless told: deciles. */
    public static final int DEFAULT_BINS = 10;

    /**
     * When a tree ensemble is measured on rows held out of its one fit (split conformal) rather than by k-fold
     * cross-validation, which costs k more fits: on more than {@code aboveRows} rows. Both trainers honour it, and
     * hold out the same rows for the same seed ({@link Folds#heldOut}). Linear models are always cross-validated:
     * their folds cost a pass over the rows each, not a fit of hundreds of trees.
     *
     * @param aboveRows the most rows that are still cross-validated k-fold
     * @param share     the share of the rows held out, drawn with the cross-validation seed, greater than 0 and
     *                  below 1
     */
    public record Holdout(long aboveRows, double share) {

        /**
         * Up to 100,000 rows k-fold. Above, a tenth of the rows, at least 10,000,
         * calibrate the interval: its 95% quantile is then the 9,501st of 10,000 residuals or more, and its coverage
         * on new rows varies by about ±0.2 percentage points (a Beta distribution's standard deviation,
         * √(0.95 · 0.05 / 10,000)).
         */
        public static final Holdout DEFAULT = new Holdout(100_000, 0.1);

        public Holdout {
            if (aboveRows < 0) {
                throw new IllegalArgumentException("cv.holdout_above_rows must not be negative, was " + aboveRows);
            }
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException("cv.holdout_share must be above 0 and below 1, was " + share);
            }
        }

        /** Whether data of {@code rows} rows is measured on held-out rows. */
        public boolean appliesTo(long rows) {
            return rows > aboveRows;
        }
    }

    /** These settings with the default holdout. */
    public FitSettings(Algorithm algorithm, double lambda, int folds, long seed, TreeSettings gbm,
                       TreeSettings forest, int bins) {
        this(algorithm, lambda, folds, seed, gbm, forest, bins, Holdout.DEFAULT);
    }

    /**
     * These settings with the built-in defaults of both tree ensembles and of the bins.
     *
     * @param algorithm the family to fit
     * @param lambda    the penalty weight of ridge and the lasso
     * @param folds     k for k-fold cross-validation
     * @param seed      the seed that shuffles rows into folds
     */
    public FitSettings(Algorithm algorithm, double lambda, int folds, long seed) {
        this(algorithm, lambda, folds, seed, TreeSettings.GBM, TreeSettings.RANDOM_FOREST, DEFAULT_BINS, Holdout.DEFAULT);
    }

    /** The same settings for another algorithm. */
    FitSettings with(Algorithm other) {
        return new FitSettings(other, lambda, folds, seed, gbm, forest, bins, holdout);
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
