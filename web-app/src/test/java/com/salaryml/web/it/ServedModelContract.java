package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.schema.UnitFormat;
import com.salaryml.web.ExampleModels;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built WAR, unchanged, serving a model that a data scientist trained on data with a fourth input
 * (data/examples/hiring-education.csv and its schema file): the page, the native API, V2 and the OpenAPI
 * document all follow the model, none of them knowing its inputs in advance. Subclasses say which container and
 * which model file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServedModelContract extends DeployedContract {

    static final List<String> INPUTS = ExampleModels.INPUTS;

    /** The model as the loader reads it from the same file: what the app should answer, computed beside it. */
    Predictor model;
    /** The instance the tests send: the schema file's example values. */
    final Map<String, Double> instance = instance(2, 9, 6, 4);

    /**
     * The example models the contract is run with: each in every container, so what the model is stays here and
     * a container's test class says only which container.
     *
     * @param file           the model file the app is told to serve
     * @param intervalMethod how the model's intervals are computed, as the API names it
     * @param platform       the V2 platform the app names for this model
     */
    enum Served {
        LINEAR(ExampleModels::linear, "ols-exact", "salaryml_linear"),
        GBM(ExampleModels::gbm, "conformal", "salaryml_tree_ensemble");

        private final java.util.function.Supplier<Path> file;
        private final String intervalMethod;
        private final String platform;

        Served(java.util.function.Supplier<Path> file, String intervalMethod, String platform) {
            this.file = file;
            this.intervalMethod = intervalMethod;
            this.platform = platform;
        }
    }

    private final Served served;

    ServedModelContract(Served served) {
        this.served = served;
    }

    /** The model file the app is told to serve. */
    final Path modelFile() {
        return served.file.get();
    }

    /** The V2 platform the app names for this model. */
    final String platform() {
        return served.platform;
    }

    /** How the model's intervals are computed, as the API names it. */
    final String intervalMethod() {
        return served.intervalMethod;
    }

    @BeforeAll
    void deploy() throws Exception {
        model = ExampleModels.load(modelFile());
        assertThat(model.metadata().schema().names()).as("the model's inputs").isEqualTo(INPUTS);
        app = container().deploy(Container.builtWar(), "/salary", Map.of("salary.model", modelFile().toString()));
    }

    // ---------------------------------------------------------------- the page

    @Test
    void thePageHasOneFieldPerInputAndShowsTheEstimate() throws Exception {
        var empty = http.get(at(""));
        assertThat(empty.status()).isEqualTo(200);
        assertThat(fields(empty.body())).isEqualTo(INPUTS);
        assertThat(empty.body()).contains("<label for=\"education_years\">Education years</label>",
                "Years of education after school, 0 to 12 years");

        var reply = http.get(at("?experience=2&test_score=9&interview_score=6&education_years=4"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("<p class=\"estimate\" id=\"estimate\">"
                + UnitFormat.of("USD").format(model.predict(instance).value()) + "</p>");
        assertThat(Pattern.compile("<rect class=\"bar-").matcher(reply.body()).results().count()).isEqualTo(4);
        assertThat(reply.header("X-Model-Version")).isEqualTo(model.metadata().version());
    }

    @Test
    void thePageAsksForTheFourthInputWhenItIsMissing() throws Exception {
        var reply = http.get(at("?experience=2&test_score=9&interview_score=6"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("id=\"education_years-error\"", "Enter a number from 0 to 12 years.");
    }

    // ---------------------------------------------------------------- the native API

    @Test
    void theApiPredictsWithTheFourInputsAndExplainsEachOne() throws Exception {
        var reply = http.postJson(at("api/v1/predict"), json(instance));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode answer = reply.json();
        double expected = model.predict(instance).value();
        assertThat(answer.get("salary").doubleValue()).isEqualTo(expected);
        assertThat(names(answer.get("contributions"))).isEqualTo(INPUTS);
        double sum = answer.get("baseline").doubleValue();
        for (String input : INPUTS) {
            sum += answer.get("contributions").get(input).doubleValue();
        }
        assertThat(sum).as("baseline plus contributions").isCloseTo(expected, within(1e-6 * Math.abs(expected)));
        assertThat(answer.get("interval").get("low").doubleValue()).isLessThan(expected);
        assertThat(answer.get("interval").get("high").doubleValue()).isGreaterThan(expected);
        assertThat(answer.get("interval").get("method").textValue()).isEqualTo(intervalMethod());
        assertThat(answer.get("interval").get("level").doubleValue()).isEqualTo(0.95);
        assertThat(answer.get("warnings")).isEmpty();
        assertThat(answer.get("model_version").textValue()).isEqualTo(model.metadata().version());
    }

    @Test
    void theApiAcceptsExactlyTheModelsInputs() throws Exception {
        var withoutFourth = new LinkedHashMap<>(instance);
        withoutFourth.remove("education_years");
        var withAnother = new LinkedHashMap<>(instance);
        withAnother.put("age", 30.0);

        JsonNode missing = http.postJson(at("api/v1/predict"), json(withoutFourth)).json();
        JsonNode unknown = http.postJson(at("api/v1/predict"), json(withAnother)).json();

        assertThat(missing.get("status").intValue()).isEqualTo(400);
        assertThat(missing.get("errors").toString()).isEqualTo("[{\"field\":\"education_years\",\"message\":\"is"
                + " required (0 to 12 years)\"}]");
        assertThat(unknown.get("errors").toString()).isEqualTo("[{\"field\":\"age\",\"message\":\"is not an input"
                + " of this model; the inputs are experience, test_score, interview_score, education_years\"}]");
    }

    @Test
    void aBatchIsPredictedAsEachOfItsInstancesAndWarnsOutsideTheTrainingRange() throws Exception {
        var beyond = new LinkedHashMap<>(instance);
        beyond.put("experience", 45.0);

        var reply = http.postJson(at("api/v1/predict"), "{\"instances\":[" + json(instance) + "," + json(beyond)
                + "]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode predictions = reply.json().get("predictions");
        assertThat(predictions.get(0).get("salary").doubleValue()).isEqualTo(model.predict(instance).value());
        assertThat(predictions.get(1).get("salary").doubleValue()).isEqualTo(model.predict(beyond).value());
        assertThat(predictions.get(1).get("warnings").get(0).get("feature").textValue()).isEqualTo("experience");
    }

    @Test
    void theErrorMessagesExampleIsTheServedModels() throws Exception {
        String detail = http.get(at("api/v1/predict")).json().get("detail").textValue();

        assertThat(detail).startsWith("Use POST with a JSON body such as {\"experience\":")
                .contains("\"education_years\":");
    }

    // ---------------------------------------------------------------- V2

    @Test
    void v2DescribesFourInputTensorsAndThePlatformOfTheModelsKind() throws Exception {
        JsonNode metadata = http.get(at("v2/models/salary")).json();

        assertThat(metadata.get("platform").textValue()).isEqualTo(platform());
        var inputs = new ArrayList<String>();
        metadata.get("inputs").forEach(input -> inputs.add(input.get("name").textValue()));
        assertThat(inputs).isEqualTo(INPUTS);
        assertThat(metadata.get("outputs").get(0).get("name").textValue()).isEqualTo("salary");
    }

    @Test
    void v2InfersFromFourTensorsAndRefusesThreeNamingTheMissingOne() throws Exception {
        var tensors = new ArrayList<String>();
        for (String input : INPUTS) {
            tensors.add("{\"name\":\"" + input + "\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":["
                    + instance.get(input) + "]}");
        }

        var reply = http.postJson(at("v2/models/salary/infer"), "{\"inputs\":[" + String.join(",", tensors) + "]}");
        var three = http.postJson(at("v2/models/salary/infer"), "{\"inputs\":["
                + String.join(",", tensors.subList(0, 3)) + "]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("outputs").get(0).get("data").get(0).doubleValue())
                .isEqualTo(model.predict(instance).value());
        assertThat(three.status()).isEqualTo(400);
        assertThat(three.json().get("error").textValue()).isEqualTo("input 'education_years' is missing; the model"
                + " takes experience, test_score, interview_score, education_years.");
    }

    // ---------------------------------------------------------------- the OpenAPI document

    @Test
    void theOpenApiDocumentNamesTheFourInputsAndItsExamplesAreAnswered() throws Exception {
        var document = OpenApiDocument.servedBy(http, app.base());
        JsonNode instanceSchema = document.root().path("components").path("schemas").path("Instance");

        assertThat(names(instanceSchema.path("properties"))).isEqualTo(INPUTS);
        assertThat(instanceSchema.path("properties").path("education_years").path("maximum").doubleValue())
                .isEqualTo(12.0);
        assertThat(OpenApiContract.examplesAnswered(http, app, document)).isEqualTo(4);
        V2ProtocolContract.assertAsDocumented(document, "/api/v1/model", http.get(at("api/v1/model")));
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, Double> instance(double experience, double test, double interview, double education) {
        var values = new LinkedHashMap<String, Double>();
        values.put("experience", experience);
        values.put("test_score", test);
        values.put("interview_score", interview);
        values.put("education_years", education);
        return values;
    }

    static String json(Map<String, Double> values) {
        var fields = new ArrayList<String>();
        values.forEach((name, value) -> fields.add("\"" + name + "\":" + value));
        return "{" + String.join(",", fields) + "}";
    }

    private static List<String> names(JsonNode object) {
        var names = new ArrayList<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The names of the form's number fields, in page order. */
    private static List<String> fields(String html) {
        var names = new ArrayList<String>();
        var matcher = Pattern.compile("<input type=\"number\"[^>]* name=\"([^\"]+)\"").matcher(html);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
