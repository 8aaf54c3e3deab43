package com.salaryml.web.api;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.Answers;
import com.salaryml.web.http.NoModelFilter;
import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.InvalidInputException;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.http.JsonBodies;
import com.salaryml.web.serving.ModelExamples;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.artifact.records.PredictionJson;
import com.salaryml.web.serving.PredictionListener;
import com.salaryml.web.http.RequestIds;
import java.time.Instant;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/predict}: one instance or a batch of instances in, predictions with the model's name
 * and version out. Bad input is a 400 naming every field at fault; the wrong content type a 415; a body
 * over the limit a 413. Client input never causes a 500.
 */
public final class PredictServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String requestId = RequestIds.of(request);
            response.setHeader(RequestIds.HEADER, requestId);
            // One model for the whole request, however many swaps happen meanwhile.
            ModelRegistry.Loaded served = NoModelFilter.served(request);
            Predictor predictor = served.predictor();
            AppConfig config = AppContext.get(getServletContext(), AppConfig.class);
            byte[] body = ProblemException.readJson(request, config.maxBodyBytes(), "instances");
            PredictRequest parsed = PredictRequest.parse(body, config.maxBatch(),
                    ModelExamples.predictBody(predictor.metadata()));
            PredictionListener.Registry listeners = AppContext.get(getServletContext(), PredictionListener.Registry.class);
            ModelMetadata meta = predictor.metadata();
            if (parsed.batch()) {
                Predictions predictions = predictBatch(predictor, parsed);
                listeners.predicted(new PredictionEvent(Instant.now(), "v1", requestId, meta, served.approval(),
                        parsed.instances(), predictions));
                write(response, meta, json -> writeBatch(json, meta, predictions));
            } else {
                List<Prediction> predictions = predict(predictor, parsed);
                listeners.predicted(new PredictionEvent(Instant.now(), "v1", requestId, meta, served.approval(),
                        parsed.instances(), predictions));
                write(response, meta, json -> writeSingle(json, meta, predictions.get(0)));
            }
        } catch (ProblemException e) {
            e.problem().refuse(request, response);
        }
    }

    private static List<Prediction> predict(Predictor predictor, PredictRequest request) throws ProblemException {
        var errors = new ArrayList<>(request.typeErrors());
        Set<String> reported = new HashSet<>();
        request.typeErrors().forEach(error -> reported.add(error.field()));
        var predictions = new ArrayList<Prediction>(request.instances().size());
        for (int i = 0; i < request.instances().size(); i++) {
            Map<String, Double> instance = request.instances().get(i);
            try {
                predictions.add(predictor.predict(instance));
            } catch (InvalidInputException e) {
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
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return predictions;
    }

    /**
     * A batch goes column by column through the model: each instance is checked into a row of numbers, and
     * the whole batch is predicted in one pass with no object per instance.
     */
    static Predictions predictBatch(Predictor predictor, PredictRequest request) throws ProblemException {
        var schema = predictor.metadata().schema();
        int n = request.instances().size();
        double[][] columns = new double[schema.size()][n];
        var errors = new ArrayList<>(request.typeErrors());
        Set<String> reported = new HashSet<>();
        request.typeErrors().forEach(error -> reported.add(error.field()));
        for (int i = 0; i < n; i++) {
            try {
                double[] row = schema.check(request.instances().get(i));
                for (int f = 0; f < row.length; f++) {
                    columns[f][i] = row[f];
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

    /** Sends an answer, with the version of the model that made it in a header too. */
    private static void write(HttpServletResponse response, ModelMetadata meta, Json.Fields answer)
            throws IOException {
        Answers.madeBy(response, meta);
        Json.write(response, HttpServletResponse.SC_OK, answer);
    }

    /**
     * The fields of the answer to one instance: the prediction, then the unit and the model that made it. The
     * OpenAPI document's example answers are written here too, so they are what the API answers.
     */
    static void writeSingle(JsonGenerator json, ModelMetadata meta, Prediction prediction) throws IOException {
        PredictionJson.writeExplained(json, meta.target().name(), prediction, true);
        PredictionJson.writeWarnings(json, prediction.warnings());
        writeModel(json, meta);
    }

    /** The fields of the answer to a batch, as {@link #writeSingle} for one instance. */
    static void writeBatch(JsonGenerator json, ModelMetadata meta, Predictions predictions) throws IOException {
        PredictionJson.writePredictions(json, meta.target().name(), predictions);
        writeModel(json, meta);
    }

    private static void writeModel(JsonGenerator json, ModelMetadata meta) throws IOException {
        json.writeStringField("unit", meta.target().unit());
        json.writeStringField("model_name", meta.name());
        json.writeStringField("model_version", meta.version());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        String example = AppContext.get(getServletContext(), ModelRegistry.class).current()
                .map(predictor -> ModelExamples.predictBody(predictor.metadata()))
                .orElse("{\"feature\": value, ...}, with one field per input of the model");
        Problem.of(405, "Use POST with a JSON body such as " + example + ".").send(response);
    }
}
