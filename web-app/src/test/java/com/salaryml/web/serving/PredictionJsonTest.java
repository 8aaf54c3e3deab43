package com.salaryml.web.serving;

import com.salaryml.web.ModelFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.records.PredictionJson;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch's predictions, read from its columns, are spelled exactly as single predictions of the same inputs:
 * the same fields in the same order, with and without an interval, with and without range warnings.
 */
class PredictionJsonTest {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Three instances: the reference hire, a second one, and one with experience outside the training range. */
    private static final double[][] COLUMNS = {{2, 10, 30}, {9, 5, 9}, {6, 8, 6}};

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    static Stream<Model> models() {
        Model ols = ModelFiles.model("1.0.0", 0);
        ModelMetadata m = ols.metadata();
        // Ridge: no exact interval, so each prediction carries interval null and a note saying why.
        var ridge = new Model(m.toBuilder().algorithm("ridge").hyperparameters(Map.of("lambda", 1.0))
                .coefficientStats(List.of()).build(), ols.kind(), null);
        return Stream.of(ols, ridge);
    }

    @ParameterizedTest
    @MethodSource("models")
    void aBatchIsSpelledInstanceByInstanceAsSinglePredictionsAre(Model model) throws IOException {
        Predictions batch = model.predictColumns(COLUMNS);
        String written = json(json -> PredictionJson.writePredictions(json, "salary", batch));

        var singles = new ArrayList<String>();
        List<String> features = model.metadata().schema().names();
        for (int i = 0; i < COLUMNS[0].length; i++) {
            Map<String, Double> instance = new HashMap<>();
            for (int f = 0; f < features.size(); f++) {
                instance.put(features.get(f), COLUMNS[f][i]);
            }
            Prediction single = model.predict(instance);
            singles.add(json(json -> {
                PredictionJson.writeExplained(json, "salary", single, true);
                PredictionJson.writeWarnings(json, single.warnings());
            }));
        }
        String expected = "{\"predictions\":[" + String.join(",", singles) + "]}";
        assertThat(written).isEqualTo(expected);
        // The cases this is meant to cover are really there.
        String interval = model.metadata().algorithm().equals("ols") ? "\"level\":0.95"
                : "\"interval\":null,\"interval_note\":";
        assertThat(written).contains(interval).contains("\"warnings\":[{\"feature\":\"experience\"");
    }

    private static String json(Fields fields) throws IOException {
        var out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
        return out.toString();
    }
}
