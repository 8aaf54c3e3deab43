package com.salaryml.training;

import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.InvalidInputException;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.Predictor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a new model would change compared with the one it replaces, whichever families the two are: each
 * metric's change, the prediction interval's held-out coverage and width, and the training rows whose
 * prediction moves the most. The reviewer reads this before approving the new version.
 *
 * @param previousVersion   the version compared against
 * @param previousAlgorithm the algorithm that fitted it, e.g. {@code ols}
 * @param metrics           each metric's previous and new value, in display order
 * @param largestChanges    the rows whose prediction changes most, largest first
 * @param skippedRows       rows the previous model could not predict (outside its valid ranges)
 */
record ModelComparison(String previousVersion, String previousAlgorithm, List<MetricChange> metrics,
                       List<RowChange> largestChanges, int skippedRows) {

    static final int ROWS_SHOWN = 5;

    /**
     * One metric before and after; {@code null} where a model does not have it (an interval's coverage, for a
     * model without an interval or from a format-1 file).
     */
    record MetricChange(String name, Double previous, Double current) {
        Double change() {
            return previous == null || current == null ? null : current - previous;
        }
    }

    /**
     * One training row: its data line, its inputs (a number, a level's text, or null where it was missing and
     * the new model filled it in), and the two predictions.
     */
    record RowChange(int row, Map<String, Object> inputs, double previous, double current) {
        double change() {
            return current - previous;
        }
    }

    static ModelComparison compare(Predictor previous, Predictor current, Dataset data) {
        Metrics before = previous.metadata().metrics();
        Metrics after = current.metadata().metrics();
        CrossValidation cvBefore = before.crossValidation();
        CrossValidation cvAfter = after.crossValidation();
        var metrics = List.of(
                new MetricChange("R²", before.rSquared(), after.rSquared()),
                new MetricChange("adjusted R²", before.adjustedRSquared(), after.adjustedRSquared()),
                new MetricChange("RMSE", before.rmse(), after.rmse()),
                new MetricChange("MAE", before.mae(), after.mae()),
                new MetricChange("cross-validated R²", cvBefore.rSquared(), cvAfter.rSquared()),
                new MetricChange("cross-validated RMSE", cvBefore.rmse(), cvAfter.rmse()),
                new MetricChange("cross-validated MAE", cvBefore.mae(), cvAfter.mae()),
                new MetricChange("interval coverage", cvBefore.intervalCoverage(), cvAfter.intervalCoverage()),
                new MetricChange("interval mean width", cvBefore.intervalMeanWidth(), cvAfter.intervalMeanWidth()));
        var changes = new ArrayList<RowChange>();
        int skipped = 0;
        var predicted = current.predictColumns(data.columns());
        var features = current.metadata().schema().features();
        for (int i = 0; i < data.rows(); i++) {
            // As a caller would send them: a category by its level, a missing value as null.
            var inputs = new HashMap<String, Object>();
            for (int j = 0; j < data.features().size(); j++) {
                double value = data.columns()[j][i];
                inputs.put(data.features().get(j), Double.isNaN(value) ? null
                        : features.get(j).isCategorical() ? features.get(j).level((int) value) : (Object) value);
            }
            try {
                double old = previous.predict(inputs).value();
                changes.add(new RowChange(i + 1, java.util.Collections.unmodifiableMap(inputs), old,
                        predicted.value(i)));
            } catch (InvalidInputException e) {
                skipped++;
            }
        }
        changes.sort(Comparator.comparingDouble((RowChange change) -> -Math.abs(change.change())));
        return new ModelComparison(previous.metadata().version(), previous.metadata().algorithm(), metrics,
                List.copyOf(changes.subList(0, Math.min(ROWS_SHOWN, changes.size()))), skipped);
    }
}
