package com.salaryml.web.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.web.serving.OutcomeKey;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * How the V2 protocol spells this server and its inference answers, apart from HTTP: the servlet answers with
 * it, and the OpenAPI document writes its example answer with it.
 */
public final class InferAnswers {

    /** The server's name in the protocol's server metadata, and the first part of every model's platform. */
    static final String SERVER_NAME = "salaryml";

    private InferAnswers() {
    }

    /**
     * The fields of an inference answer: the model, the request's id if it sent one, the key its outcomes are
     * reported under when the app records them, and the one output tensor, named after the target. The OpenAPI
     * document's example answer is written here too.
     */
    public static void writeAnswer(JsonGenerator json, ModelMetadata meta, Optional<String> id,
                                   List<Prediction> predictions, Optional<OutcomeKey> outcomeKey) throws IOException {
        json.writeStringField("model_name", meta.name());
        json.writeStringField("model_version", meta.version());
        if (id.isPresent()) {
            json.writeStringField("id", id.get());
        }
        if (outcomeKey.isPresent()) {
            // The protocol's answer has no field of its own for it; its parameters object is where such go.
            json.writeObjectFieldStart("parameters");
            json.writeStringField("outcome_key", outcomeKey.get().text());
            json.writeEndObject();
        }
        json.writeArrayFieldStart("outputs");
        json.writeStartObject();
        json.writeStringField("name", meta.target().name());
        json.writeArrayFieldStart("shape");
        json.writeNumber(predictions.size());
        json.writeEndArray();
        json.writeStringField("datatype", "FP64");
        json.writeArrayFieldStart("data");
        for (Prediction prediction : predictions) {
            json.writeNumber(prediction.value());
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();
    }

    /**
     * The protocol's datatype of an input tensor: {@code BYTES} for a category, whose elements are its levels as
     * JSON strings, as the protocol sends text; {@code FP64} for a number.
     */
    public static String datatype(Feature feature) {
        return feature.isCategorical() ? "BYTES" : "FP64";
    }

    /**
     * The protocol's {@code platform}: this server's name and the kind of model, as the model file names it,
     * joined in the specification's {@code <project>_<format>} form (as in {@code tensorflow_savedmodel}), e.g.
     * {@code salaryml_linear} or {@code salaryml_tree_ensemble}. It is all a client learns of the kind.
     */
    public static String platform(ModelMetadata meta) {
        return SERVER_NAME + "_" + meta.kind();
    }
}
