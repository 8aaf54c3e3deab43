package com.salaryml.web.api;

import com.salaryml.web.config.AppContext;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.Answers;
import com.salaryml.web.http.ServedModelFilter;
import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.http.JsonBodies;
import com.salaryml.web.serving.ModelExamples;
import com.salaryml.web.outcomes.OutcomeRecording;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.OutcomeKey;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionListener;
import com.salaryml.web.http.RequestIds;
import java.time.Instant;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/predict}: one instance or a batch of instances in, predictions with the model's name
 * and version out. Bad input is a 400 naming every field at fault; the wrong content type a 415; a body
 * over the size limit, or a batch over {@code salary.max-batch}, a 413. Client input never causes a 500.
 */
public final class PredictServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String requestId = RequestIds.of(request);
            response.setHeader(RequestIds.HEADER, requestId);
            // One model for the whole request, however many swaps happen meanwhile.
            ModelRegistry.Loaded served = ServedModelFilter.served(request);
            Predictor predictor = served.predictor();
            AppConfig config = AppContext.get(getServletContext(), AppConfig.class);
            byte[] body = ProblemException.readJson(request, config.maxBodyBytes(), "instances");
            PredictRequest parsed = PredictRequest.parse(body, config.maxBatch(),
                    served.examples().predict(), predictor.metadata().schema());
            PredictionListener.Registry listeners = AppContext.get(getServletContext(), PredictionListener.Registry.class);
            ModelMetadata meta = predictor.metadata();
            // Issued by the server, never the caller's request id: see OutcomeKey for why.
            OutcomeKey key = OutcomeKey.random();
            Optional<OutcomeKey> shown = OutcomeRecording.shows(getServletContext(), key);
            if (parsed.batch()) {
                Predictions predictions = PredictAnswers.predictBatch(predictor, parsed);
                listeners.predicted(new PredictionEvent(Instant.now(), "v1", requestId, key, meta, served.approval(),
                        parsed.instances(), predictions));
                write(response, meta, json -> PredictAnswers.writeBatch(json, meta, predictions, shown));
            } else {
                List<Prediction> predictions = PredictAnswers.predict(predictor, parsed);
                listeners.predicted(new PredictionEvent(Instant.now(), "v1", requestId, key, meta, served.approval(),
                        parsed.instances(), predictions));
                write(response, meta, json -> PredictAnswers.writeSingle(json, meta, predictions.get(0), shown));
            }
        } catch (ProblemException e) {
            e.problem().refuse(request, response);
        }
    }

    /** Sends an answer, with the version of the model that made it in a header too. */
    private static void write(HttpServletResponse response, ModelMetadata meta, Json.Fields answer)
            throws IOException {
        Answers.madeBy(response, meta);
        Json.write(response, HttpServletResponse.SC_OK, answer);
    }

    /** How to call this endpoint, for a 405 (MethodsFilter): with a body for the model served now. */
    static String howToCall(ServletContext context) {
        String example = AppContext.get(context, ModelRegistry.class).current()
                .map(predictor -> ModelExamples.predictBody(predictor.metadata()))
                .orElse("{\"feature\": value, ...}, with one field per input of the model");
        return "Use POST with a JSON body such as " + example + ".";
    }
}
