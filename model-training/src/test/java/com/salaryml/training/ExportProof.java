package com.salaryml.training;

import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import smile.base.cart.CART;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;

/**
 * The proof that a tree ensemble with categorical features survives the hand-off: written as a model file and loaded
 * back through {@link ModelLoader}, the artifact's scorer predicts what Smile predicts, on every training row (given
 * with its gaps, which the loaded model fills in as training did) and on seeded random rows that take every level of
 * every category, and its TreeSHAP contributions equal Smile's and add up to the prediction.
 */
final class ExportProof {

    /**
     * The largest differences found, each relative to the prediction.
     *
     * @param trainingRows Smile's prediction against the loaded model's, on the training rows
     * @param randomRows   the same on the random rows
     * @param shap         the loaded model's contributions against Smile's SHAP values, on the fitted scale
     * @param sum          baseline plus contributions against the prediction, on the fitted scale
     * @param levels       the (feature, level) pairs the random rows took, as "feature=level"
     */
    record Result(double trainingRows, double randomRows, double shap, double sum, Set<String> levels) {
    }

    private ExportProof() {
    }

    static Result prove(Trainer.Fitted fitted, Dataset data, Path dir, int randomRows, int shapRows, long seed)
            throws Exception {
        Path file = dir.resolve(fitted.model().metadata().algorithm() + "-proof.json");
        Files.write(file, ModelFormat.write(fitted.model()));
        Predictor loaded = ModelLoader.load(file);
        FeatureSchema schema = fitted.model().metadata().schema();
        Target target = fitted.model().metadata().target();

        DataFrame frame = fitted.frame();
        double[] smile = new double[data.rows()];
        for (int i = 0; i < smile.length; i++) {
            smile[i] = target.transform().invert(fitted.library().predict(frame.get(i)));
        }
        double training = worst(loaded.predictColumns(data.columns()), smile);

        List<Feature> features = schema.features();
        var random = new SplittableRandom(seed);
        double[][] columns = new double[features.size()][randomRows];
        var levels = new HashSet<String>();
        for (int i = 0; i < randomRows; i++) {
            for (int j = 0; j < features.size(); j++) {
                Feature feature = features.get(j);
                if (feature.isCategorical()) {
                    // The first rows take the levels in turn, so that every level is taken whatever the seed.
                    int code = i < feature.levels().size() ? i : random.nextInt(feature.levels().size());
                    columns[j][i] = code;
                    levels.add(feature.name() + "=" + feature.level(code));
                } else {
                    columns[j][i] = feature.min() + random.nextDouble() * (feature.max() - feature.min());
                }
            }
        }
        DataFrame randomFrame = TreeEnsembles.frame(schema, columns, target.name(), new double[randomRows], null);
        double[] smileRandom = new double[randomRows];
        for (int i = 0; i < randomRows; i++) {
            smileRandom[i] = target.transform().invert(fitted.library().predict(randomFrame.get(i)));
        }
        double atRandom = worst(loaded.predictColumns(columns), smileRandom);

        double worstShap = 0;
        double worstSum = 0;
        for (int i = 0; i < shapRows; i++) {
            var inputs = new LinkedHashMap<String, Object>();
            for (int j = 0; j < features.size(); j++) {
                Feature feature = features.get(j);
                inputs.put(feature.name(), feature.isCategorical() ? feature.level((int) columns[j][i]) : columns[j][i]);
            }
            Prediction prediction = loaded.predict(inputs);
            double onFittedScale = target.transform().apply(prediction.value());
            double[] expected = smileShap(fitted, randomFrame.get(i));
            double sum = prediction.baseline();
            for (int j = 0; j < features.size(); j++) {
                double ours = prediction.contributions().get(j).amount();
                worstShap = Math.max(worstShap, Math.abs(ours - expected[j]) / Math.abs(onFittedScale));
                sum += ours;
            }
            worstSum = Math.max(worstSum, TreeExport.relativeError(sum, onFittedScale));
        }
        return new Result(training, atRandom, worstShap, worstSum, levels);
    }

    /**
     * Smile's SHAP values: a forest's own; for boosting each tree's times the shrinkage, summed (Smile 3.1.1's
     * {@code GradientTreeBoost.shap} averages them instead, see {@code TreeEnsembleProofTest}).
     */
    private static double[] smileShap(Trainer.Fitted fitted, Tuple x) {
        if (fitted.library() instanceof RandomForest forest) {
            return forest.shap(x);
        }
        var boosting = (GradientTreeBoost) fitted.library();
        double shrinkage = fitted.model().metadata().hyperparameters().get("shrinkage");
        Tuple predictors = boosting.formula().x(x);
        double[] sum = new double[predictors.length()];
        for (CART tree : boosting.trees()) {
            double[] phi = tree.shap(predictors);
            for (int j = 0; j < sum.length; j++) {
                sum[j] += shrinkage * phi[j];
            }
        }
        return sum;
    }

    private static double worst(Predictions loaded, double[] smile) {
        double worst = 0;
        for (int i = 0; i < smile.length; i++) {
            worst = Math.max(worst, TreeExport.relativeError(loaded.value(i), smile[i]));
        }
        return worst;
    }
}
