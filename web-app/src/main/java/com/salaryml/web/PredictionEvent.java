package com.salaryml.web;

import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The predictions one request produced, as metrics and the prediction log see them.
 *
 * @param time        when the predictions were made
 * @param endpoint    which API made them: {@code page}, {@code v1} or {@code v2}
 * @param requestId   the request's id: the caller's {@code X-Request-Id} or V2 {@code id}, else a generated one
 * @param model       the model that made every one of them
 * @param inputs      the inputs, one map per instance, in request order
 * @param predictions the predictions, in the same order
 */
public record PredictionEvent(Instant time, String endpoint, String requestId, ModelMetadata model,
                              List<Map<String, Double>> inputs, List<Prediction> predictions) {
}
