package com.salaryml.training;

import com.salaryml.artifact.InvalidInputException;
import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Predictor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a new model would change compared with the one it replaces: each metric's change, and the training
 * rows whose prediction moves the most. The reviewer reads this before approving the new version.
 *
 * @param previousVersion the version compared against
 * @param metrics         each metric's previous and new value, in display order
 * @param largestChanges  the rows whose prediction changes most, largest first
 * @param skippedRows     rows the previous model could not predict (outside its valid ranges)
 */
record ModelComparison(String previousVersion, List<MetricChange> metrics, List<RowChange> largestChanges,
                       int skippedRows) {

    static final int ROWS_SHOWN = 5;

    record MetricChange(String name, double previous, double current) {
        double change() {
            return current - previous;
        }
    }

    /** One training row: its data line, its inputs, and the two predictions. */
    record RowChange(int row, Map<String, Double> inputs, double previous, double current) {
        double change() {
            return current - previous;
        }
    }

    static ModelComparison compare(Predictor previous, Model current, Dataset data) {
        Metrics before = previous.metadata().metrics();
        Metrics after = current.metadata().metrics();
        var metrics = List.of(
                new MetricChange("R²", before.rSquared(), after.rSquared()),
                new MetricChange("adjusted R²", before.adjustedRSquared(), after.adjustedRSquared()),
                new MetricChange("RMSE", before.rmse(), after.rmse()),
                new MetricChange("MAE", before.mae(), after.mae()),
                new MetricChange("cross-validated R²", before.crossValidation().rSquared(),
                        after.crossValidation().rSquared()),
                new MetricChange("cross-validated RMSE", before.crossValidation().rmse(),
                        after.crossValidation().rmse()),
                new MetricChange("cross-validated MAE", before.crossValidation().mae(),
                        after.crossValidation().mae()));
        var changes = new ArrayList<RowChange>();
        int skipped = 0;
        double[] predicted = Trainer.predictAll(data, ((LinearModel) current.kind()).intercept(),
                ((LinearModel) current.kind()).coefficients());
        for (int i = 0; i < data.rows(); i++) {
            var inputs = new HashMap<String, Double>();
            for (int j = 0; j < data.features().size(); j++) {
                inputs.put(data.features().get(j), data.columns()[j][i]);
            }
            try {
                double old = previous.predict(inputs).value();
                changes.add(new RowChange(i + 1, Map.copyOf(inputs), old, predicted[i]));
            } catch (InvalidInputException e) {
                skipped++;
            }
        }
        changes.sort(Comparator.comparingDouble((RowChange change) -> -Math.abs(change.change())));
        return new ModelComparison(previous.metadata().version(), metrics,
                List.copyOf(changes.subList(0, Math.min(ROWS_SHOWN, changes.size()))), skipped);
    }
}
