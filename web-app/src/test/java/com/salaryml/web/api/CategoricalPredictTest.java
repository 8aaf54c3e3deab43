package com.salaryml.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.ProblemException;
import com.salaryml.web.serving.ModelExamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/predict} for a model with categories, missing values filled in and a log target
 * ({@link TestModels#ACADEMIC}: rank refused when missing, discipline filled with its most frequent level B,
 * yrs_since_phd with its median 21): a category is a JSON string, a wrong type or level is a 400 naming the field
 * and the levels, and a missing value is filled in with a warning, single or in a batch.
 */
class CategoricalPredictTest {

    private static final Model MODEL = TestModels.ACADEMIC;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static PredictRequest parse(String body) throws ProblemException {
        return PredictRequest.parse(body.getBytes(StandardCharsets.UTF_8), 10,
                ModelExamples.predictBody(MODEL.metadata()), MODEL.metadata().schema());
    }

    private static List<Prediction> predict(String body) throws ProblemException {
        return PredictAnswers.predict(MODEL, parse(body));
    }

    private static List<FieldError> errors(String body) {
        var e = catchThrowableOfType(ProblemException.class, () -> {
            PredictRequest request = parse(body);
            if (request.batch()) {
                PredictAnswers.predictBatch(MODEL, request);
            } else {
                PredictAnswers.predict(MODEL, request);
            }
        });
        assertThat(e).as("a 400 for %s", body).isNotNull();
        assertThat(e.problem().status()).isEqualTo(400);
        return e.problem().errors();
    }

    @Test
    void aCategoryIsItsLevelAsAJsonString() throws ProblemException {
        Prediction prediction = predict("{\"rank\":\"Prof\",\"discipline\":\"A\",\"yrs_since_phd\":10}").get(0);

        assertThat(prediction.value())
                .isEqualTo(MODEL.predict(Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 10.0)).value())
                .isEqualTo(Math.exp(11.453125));
        assertThat(prediction.warnings()).isEmpty();
    }

    @Test
    void aNumberForACategoryIsRefusedNamingTheFieldAndItsLevels() {
        assertThat(errors("{\"rank\":2,\"discipline\":\"A\",\"yrs_since_phd\":10}")).containsExactly(
                new FieldError("rank", "must be one of AsstProf, AssocProf, Prof, was the number 2"));
    }

    @Test
    void anUndeclaredLevelIsRefusedNamingTheFieldAndItsLevels() {
        assertThat(errors("{\"rank\":\"Dean\",\"discipline\":\"a\",\"yrs_since_phd\":10}")).containsExactly(
                new FieldError("rank", "must be one of AsstProf, AssocProf, Prof, was \"Dean\""),
                new FieldError("discipline", "must be one of A, B, was \"a\""));
    }

    @Test
    void aCategoryOfAnotherJsonTypeIsRefusedNamingItsLevels() {
        assertThat(errors("{\"rank\":true,\"discipline\":[\"A\"],\"yrs_since_phd\":10}")).containsExactly(
                new FieldError("rank", "must be one of AsstProf, AssocProf, Prof, as a string, was a boolean"),
                new FieldError("discipline", "must be one of A, B, as a string, was an array"));
    }

    @Test
    void aMissingCategoryWhoseRuleIsRefuseIsRefusedListingItsLevels() {
        var required = new FieldError("rank", "is required (one of AsstProf, AssocProf, Prof)");

        assertThat(errors("{\"rank\":null,\"discipline\":\"A\",\"yrs_since_phd\":10}")).containsExactly(required);
        assertThat(errors("{\"discipline\":\"A\",\"yrs_since_phd\":10}")).containsExactly(required);
    }

    @Test
    void aStringForANumberIsStillATypeError() {
        assertThat(errors("{\"rank\":\"Prof\",\"discipline\":\"A\",\"yrs_since_phd\":\"10\"}")).containsExactly(
                new FieldError("yrs_since_phd", "must be a number, was a string"));
    }

    @Test
    void nullOrAnAbsentFieldIsFilledInWhereTheRuleAllowsAndTheAnswerSaysWithWhat() throws Exception {
        Prediction prediction = predict("{\"rank\":\"AsstProf\",\"yrs_since_phd\":null}").get(0);

        assertThat(prediction.value()).isEqualTo(Math.exp(11 + 0.125 + 0.0078125 * 21));
        JsonNode answer = written(prediction);
        assertThat(answer.get("warnings")).hasSize(2);
        assertThat(answer.get("warnings").get(0).get("feature").textValue()).isEqualTo("discipline");
        assertThat(answer.get("warnings").get(0).get("message").textValue())
                .isEqualTo("discipline was missing, so the most frequent level in training, B, was used in its place");
        assertThat(answer.get("warnings").get(1).get("feature").textValue()).isEqualTo("yrs_since_phd");
        assertThat(answer.get("warnings").get(1).get("message").textValue())
                .isEqualTo("yrs_since_phd was missing, so the training median, 21 years, was used in its place");
    }

    @Test
    void aLogTargetsAnswerSaysItsContributionsAreOnTheLogScale() throws Exception {
        JsonNode answer = written(predict("{\"rank\":\"Prof\",\"discipline\":\"A\",\"yrs_since_phd\":10}").get(0));

        assertThat(answer.get("contributions_scale").textValue()).isEqualTo("log");
        double sum = answer.get("baseline").doubleValue();
        for (String name : List.of("rank", "discipline", "yrs_since_phd")) {
            sum += answer.get("contributions").get(name).doubleValue();
        }
        assertThat(Math.exp(sum)).isEqualTo(answer.get("salary").doubleValue());
    }

    @Test
    void aBatchFillsInAndWarnsAsSingleInstancesDo() throws ProblemException {
        String first = "{\"rank\":\"Prof\",\"discipline\":\"A\",\"yrs_since_phd\":10}";
        String second = "{\"rank\":\"AssocProf\",\"discipline\":null}";

        var batch = PredictAnswers.predictBatch(MODEL, parse("{\"instances\":[" + first + "," + second + "]}"));

        assertThat(batch.get(0)).isEqualTo(predict(first).get(0));
        assertThat(batch.get(1)).isEqualTo(predict(second).get(0));
        assertThat(batch.warnings(1)).extracting(Prediction.Warning::feature)
                .containsExactly("discipline", "yrs_since_phd");
    }

    @Test
    void aBatchNamesTheInstanceOfABadLevel() {
        assertThat(errors("{\"instances\":[{\"rank\":\"Prof\"},{\"rank\":\"prof\"}]}")).containsExactly(
                new FieldError("instances[1].rank", "must be one of AsstProf, AssocProf, Prof, was \"prof\""));
    }

    @Test
    void listenersHearACategoryAsItsLevelAndAMissingValueAsNull() throws ProblemException {
        PredictRequest request = parse("{\"rank\":\"Prof\",\"discipline\":null}");

        var expected = new HashMap<String, Object>();
        expected.put("rank", "Prof");
        expected.put("discipline", null);
        assertThat(request.instances()).containsExactly(expected);
    }

    @Test
    void theExampleBodyGivesEachCategoryAsItsExampleLevel() {
        assertThat(ModelExamples.predictBody(MODEL.metadata()))
                .isEqualTo("{\"rank\":\"Prof\",\"discipline\":\"B\",\"yrs_since_phd\":10}");
    }

    private static JsonNode written(Prediction prediction) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            PredictAnswers.writeSingle(json, MODEL.metadata(), prediction, java.util.Optional.empty());
            json.writeEndObject();
        }
        return MAPPER.readTree(out.toByteArray());
    }
}
