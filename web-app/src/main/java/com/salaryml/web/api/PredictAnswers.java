package com.salaryml.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.records.PredictionJson;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.InvalidInputException;
import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.salaryml.web.serving.OutcomeKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code POST /api/v1/predict} predicts and answers, apart from HTTP: the servlet answers with it, and the
 * OpenAPI document writes its example answers with it, so the examples are what the API answers.
 */
final class PredictAnswers {

    private PredictAnswers() {
    }

    static List<Prediction> predict(Predictor predictor, PredictRequest request) throws ProblemException {
        // What a refusal needs is made only for one: a prediction that goes through allocates no error lists.
        List<FieldError> errors = request.typeErrors().isEmpty() ? null : new ArrayList<>(request.typeErrors());
        Set<String> reported = null;
        var predictions = new ArrayList<Prediction>(request.instances().size());
        for (int i = 0; i < request.instances().size(); i++) {
            Map<String, Object> instance = request.instances().get(i);
            try {
                predictions.add(predictor.predict(instance));
            } catch (InvalidInputException e) {
                if (reported == null) {
                    errors = errors == null ? new ArrayList<>() : errors;
                    reported = new HashSet<>();
                    for (FieldError error : request.typeErrors()) {
                        reported.add(error.field());
                    }
                }
                String prefix = request.batch() ? "instances[" + i + "]" : null;
                for (FieldError error : e.errors()) {
                    FieldError located = prefix == null ? error : error.under(prefix);
                    // A field already reported as "not a number" is not also "missing".
                    if (!reported.contains(located.field()) && !reported.contains(prefix)) {
                        errors.add(located);
                    }
                }
            }
        }
        if (errors != null && !errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return predictions;
    }

    /**
     * A batch goes column by column through the model: each instance is checked into a row of numbers, and
     * the whole batch is predicted in one pass with no object per instance. A value the check filled in goes to
     * the model as missing (NaN), so that the model fills it in again and warns of it, as for one instance.
     */
    static Predictions predictBatch(Predictor predictor, PredictRequest request) throws ProblemException {
        var schema = predictor.metadata().schema();
        int n = request.instances().size();
        double[][] columns = new double[schema.size()][n];
        var errors = new ArrayList<>(request.typeErrors());
        Set<String> reported = new HashSet<>();
        request.typeErrors().forEach(error -> reported.add(error.field()));
        BitSet filled = schema.features().stream().anyMatch(feature -> feature.missing().fills()) ? new BitSet() : null;
        for (int i = 0; i < n; i++) {
            try {
                if (filled != null) {
                    filled.clear();
                }
                double[] row = schema.check(request.instances().get(i), filled);
                for (int f = 0; f < row.length; f++) {
                    columns[f][i] = filled != null && filled.get(f) ? Double.NaN : row[f];
                }
            } catch (InvalidInputException e) {
                String prefix = "instances[" + i + "]";
                for (FieldError error : e.errors()) {
                    FieldError located = error.under(prefix);
                    if (!reported.contains(located.field()) && !reported.contains(prefix)) {
                        errors.add(located);
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return predictor.predictColumns(columns);
    }

    /**
     * The fields of the answer to one instance: the prediction, then the unit and the model that made it. The
     * OpenAPI document's example answers are written here too, so they are what the API answers.
     */
    static void writeSingle(JsonGenerator json, ModelMetadata meta, Prediction prediction,
                            Optional<OutcomeKey> outcomeKey) throws IOException {
        PredictionJson.writeExplained(json, meta.target().name(), prediction, true);
        PredictionJson.writeWarnings(json, prediction.warnings());
        writeModel(json, meta, outcomeKey);
    }

    /** The fields of the answer to a batch, as {@link #writeSingle} for one instance. */
    static void writeBatch(JsonGenerator json, ModelMetadata meta, Predictions predictions,
                           Optional<OutcomeKey> outcomeKey) throws IOException {
        PredictionJson.writePredictions(json, meta.target().name(), predictions);
        writeModel(json, meta, outcomeKey);
    }

    /** The model, and the key outcomes are reported under when the app records them; one key for a batch. */
    private static void writeModel(JsonGenerator json, ModelMetadata meta, Optional<OutcomeKey> outcomeKey)
            throws IOException {
        json.writeStringField("unit", meta.target().unit());
        json.writeStringField("model_name", meta.name());
        json.writeStringField("model_version", meta.version());
        if (outcomeKey.isPresent()) {
            json.writeStringField("outcome_key", outcomeKey.get().text());
        }
    }
}
