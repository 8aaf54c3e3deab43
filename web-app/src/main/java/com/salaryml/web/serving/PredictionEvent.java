package com.salaryml.web.serving;

import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The predictions one request produced, as metrics and the prediction log see them. A batch is held in its
 * columnar form; {@link #predictions()} turns it into objects only for a listener that asks.
 */
public final class PredictionEvent {

    private final Instant time;
    private final String endpoint;
    private final String requestId;
    private final OutcomeKey outcomeKey;
    private final ModelMetadata model;
    private final ApprovalStatus approval;
    private final List<? extends Map<String, ?>> inputs;
    private final Predictions batch;
    private volatile List<Prediction> predictions;

    /**
     * @param time        when the predictions were made
     * @param endpoint    which API made them: {@code page}, {@code v1} or {@code v2}
     * @param requestId   the request's id: the caller's {@code X-Request-Id} or V2 {@code id}, else a generated one
     * @param outcomeKey  the key the server issued for the request's outcomes; see {@link OutcomeKey}
     * @param model       the model that made every one of them
     * @param approval    that model's approval: who approved it, or that it is served without one (development)
     * @param inputs      the inputs, one map per instance, in request order, as {@link #inputs()} describes
     * @param predictions the predictions, in the same order
     */
    public PredictionEvent(Instant time, String endpoint, String requestId, OutcomeKey outcomeKey,
                           ModelMetadata model, ApprovalStatus approval, List<? extends Map<String, ?>> inputs,
                           List<Prediction> predictions) {
        this(time, endpoint, requestId, outcomeKey, model, approval, inputs, null, List.copyOf(predictions));
    }

    /** As the other constructor, with a newly issued outcome key: for a caller that does not show the key. */
    public PredictionEvent(Instant time, String endpoint, String requestId, ModelMetadata model,
                           ApprovalStatus approval, List<? extends Map<String, ?>> inputs, List<Prediction> predictions) {
        this(time, endpoint, requestId, OutcomeKey.random(), model, approval, inputs, predictions);
    }

    /** A batch predicted column by column. */
    public PredictionEvent(Instant time, String endpoint, String requestId, OutcomeKey outcomeKey,
                           ModelMetadata model, ApprovalStatus approval, List<? extends Map<String, ?>> inputs,
                           Predictions batch) {
        this(time, endpoint, requestId, outcomeKey, model, approval, inputs, Objects.requireNonNull(batch), null);
    }

    private PredictionEvent(Instant time, String endpoint, String requestId, OutcomeKey outcomeKey,
                            ModelMetadata model, ApprovalStatus approval, List<? extends Map<String, ?>> inputs,
                            Predictions batch, List<Prediction> predictions) {
        this.time = Objects.requireNonNull(time);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.requestId = Objects.requireNonNull(requestId);
        this.outcomeKey = Objects.requireNonNull(outcomeKey);
        this.model = Objects.requireNonNull(model);
        this.approval = Objects.requireNonNull(approval);
        this.inputs = inputs;
        this.batch = batch;
        this.predictions = predictions;
    }

    public Instant time() {
        return time;
    }

    public String endpoint() {
        return endpoint;
    }

    public String requestId() {
        return requestId;
    }

    /** The key the request's outcomes are reported under, with each instance's index; never the request id. */
    public OutcomeKey outcomeKey() {
        return outcomeKey;
    }

    public ModelMetadata model() {
        return model;
    }

    public ApprovalStatus approval() {
        return approval;
    }

    /**
     * The inputs, one map per instance, in request order: a {@link Number} for a numeric feature, the level's text
     * for a categorical one, no entry (or null) for a value the request left missing and the model filled in.
     */
    public List<? extends Map<String, ?>> inputs() {
        return inputs;
    }

    /** How many instances were predicted. */
    public int size() {
        return batch != null ? batch.size() : predictions.size();
    }

    /** The range warnings of instance {@code i}, without building the other predictions. */
    public List<Prediction.Warning> warnings(int i) {
        return batch != null ? batch.warnings(i) : predictions.get(i).warnings();
    }

    /** The predicted value of instance {@code i}, without building the other predictions. */
    public double value(int i) {
        return batch != null ? batch.value(i) : predictions.get(i).value();
    }

    /** Every prediction, in request order. */
    public List<Prediction> predictions() {
        List<Prediction> list = predictions;
        if (list == null) {
            list = List.copyOf(batch.toList());
            predictions = list;
        }
        return list;
    }
}
