package com.salaryml.training;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The acceptance thresholds a model must meet before it is packaged as deployable. They judge the
 * cross-validated metrics, because on small data the fit to the training rows flatters every model.
 *
 * @param minCvR2   the lowest acceptable cross-validated R²
 * @param maxCvRmse the highest acceptable cross-validated RMSE, in the target's unit
 */
public record ApprovalGate(double minCvR2, double maxCvRmse) {

    /** The thresholds the model misses, each naming the metric, its value and the threshold; empty if it passes. */
    List<String> failures(CrossValidation cv) {
        var failures = new ArrayList<String>();
        if (cv.rSquared() < minCvR2) {
            failures.add(String.format(Locale.ROOT, "cross-validated R² is %.4f, below the minimum %s"
                    + " (gate.min_cv_r2)", cv.rSquared(), Numbers.plain(minCvR2)));
        }
        if (cv.rmse() > maxCvRmse) {
            failures.add(String.format(Locale.ROOT, "cross-validated RMSE is %.2f, above the maximum %s"
                    + " (gate.max_cv_rmse)", cv.rmse(), Numbers.plain(maxCvRmse)));
        }
        return failures;
    }
}
