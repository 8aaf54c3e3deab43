package com.salaryml.web.api;

import com.salaryml.web.ExampleModels;
import com.salaryml.web.ModelFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.schema.Feature;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The OpenAPI document the app generates for the model it serves ({@code OpenApi}), for the default model and for
 * the example model with a fourth input: a real OpenAPI parser accepts it, it documents every address web.xml
 * maps, so a new servlet cannot ship undocumented, and it names exactly the served model's inputs, output and
 * unit, which its template never names.
 */
class OpenApiDocumentTest {

    private static final Path TEMPLATE = Path.of("src/main/resources/com/salaryml/web/api/openapi-template.json");
    private static final Path WEB_XML = Path.of("src/main/webapp/WEB-INF/web.xml");
    private static final String JAKARTA_EE = "https://jakarta.ee/xml/ns/jakartaee";

    /** What {@code /v2/*} serves: the Open Inference Protocol's REST paths. */
    private static final List<String> V2_PATHS = List.of(
            "/v2",
            "/v2/health/live",
            "/v2/health/ready",
            "/v2/models/{model_name}",
            "/v2/models/{model_name}/versions/{model_version}",
            "/v2/models/{model_name}/ready",
            "/v2/models/{model_name}/versions/{model_version}/ready",
            "/v2/models/{model_name}/infer",
            "/v2/models/{model_name}/versions/{model_version}/infer");

    static Stream<Predictor> models() {
        return Stream.of(ModelFiles.model("1.0.0", 0), ExampleModels.load(ExampleModels.linear()),
                ModelFiles.withTarget("scales", "weight", "kg"), TestModels.ACADEMIC, TestModels.ACADEMIC_GBM);
    }

    @ParameterizedTest
    @MethodSource("models")
    void anOpenApiParserReadsTheDocumentWithoutAComplaint(Predictor model) {
        var options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(model), null, options);

        assertThat(result.getMessages()).as("parser messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api).isNotNull();
        assertThat(api.getOpenapi()).startsWith("3.1.");
        assertThat(api.getInfo().getTitle()).isNotBlank();
        // Relative, so the document is right under any context path.
        assertThat(api.getServers()).singleElement()
                .satisfies(server -> assertThat(server.getUrl()).isEqualTo("."));
    }

    /** Every input, and nothing else, wherever the document lists inputs; the output under the target's name. */
    @ParameterizedTest
    @MethodSource("models")
    void theDocumentNamesExactlyTheServedModelsInputsAndOutput(Predictor model) throws IOException {
        JsonNode root = new ObjectMapper().readTree(document(model));
        List<String> inputs = model.metadata().schema().names();
        String target = model.metadata().target().name();
        JsonNode schemas = root.path("components").path("schemas");

        assertThat(names(schemas.path("Instance").path("required"))).isEqualTo(model.metadata().schema().features()
                .stream().filter(feature -> !feature.missing().fills()).map(Feature::name).toList());
        assertThat(fieldNames(schemas.path("Instance").path("properties"))).isEqualTo(inputs);
        assertThat(fieldNames(schemas.path("Prediction").path("properties").path("contributions").path("properties")))
                .isEqualTo(inputs);
        assertThat(names(schemas.path("V2InputTensor").path("properties").path("name").path("enum"))).isEqualTo(inputs);
        assertThat(names(schemas.path("Prediction").path("required"))).contains(target);
        assertThat(schemas.path("V2OutputTensor").path("properties").path("name").path("const").asText()).isEqualTo(target);
        var pageParameters = new ArrayList<String>();
        root.path("paths").path("/").path("get").path("parameters").forEach(p -> pageParameters.add(p.path("name").asText()));
        assertThat(pageParameters).isEqualTo(inputs);
        JsonNode single = root.at("/paths/~1api~1v1~1predict/post/requestBody/content/application~1json/examples/single/value");
        assertThat(fieldNames(single)).isEqualTo(inputs);
        JsonNode answer = root.at("/paths/~1api~1v1~1predict/post/responses/200/content/application~1json/examples/single/value");
        assertThat(answer.path(target).isNumber()).as("the estimate under " + target).isTrue();
        assertThat(answer.path("unit").asText()).isEqualTo(model.metadata().target().unit());
        assertThat(fieldNames(answer.path("contributions"))).isEqualTo(inputs);
        JsonNode tensors = root.at("/components/requestBodies/V2InferRequest/content/application~1json/examples/two/value/inputs");
        var tensorNames = new ArrayList<String>();
        tensors.forEach(tensor -> tensorNames.add(tensor.path("name").asText()));
        assertThat(tensorNames).isEqualTo(inputs);
        assertThat(root.path("info").path("summary").asText()).contains(target).contains(inputs.get(inputs.size() - 1));
    }

    /** The example answer is the model's own, through the code that writes the API's answers. */
    @Test
    void theExampleAnswerIsWhatTheModelPredictsForTheExample() throws IOException {
        Predictor model = ModelFiles.model("1.0.0", 0);
        JsonNode root = new ObjectMapper().readTree(document(model));
        JsonNode request = root.at("/paths/~1api~1v1~1predict/post/requestBody/content/application~1json/examples/single/value");
        JsonNode answer = root.at("/paths/~1api~1v1~1predict/post/responses/200/content/application~1json/examples/single/value");
        var instance = new java.util.HashMap<String, Double>();
        request.properties().forEach(field -> instance.put(field.getKey(), field.getValue().doubleValue()));

        assertThat(instance).isEqualTo(Map.of("experience", 5.0, "test_score", 8.0, "interview_score", 8.0));
        assertThat(answer.path("salary").doubleValue()).isEqualTo(model.predict(instance).value());
        assertThat(answer.path("model_version").asText()).isEqualTo("1.0.0");
        JsonNode batch = root.at("/paths/~1api~1v1~1predict/post/responses/200/content/application~1json/examples/batch/value");
        assertThat(batch.at("/predictions/1/warnings/0/feature").asText()).isEqualTo("experience");
        assertThat(batch.at("/predictions/1/warnings/0/message").asText())
                .isEqualTo("experience 12 is outside the range seen in training (0 to 11 years); the estimate is an"
                        + " extrapolation");
        JsonNode problem = root.at("/components/responses/BadRequest/content/application~1problem+json/example");
        assertThat(problem.path("errors").toString()).isEqualTo("[{\"field\":\"experience\",\"message\":\"must be"
                + " between 0 and 50 years, was -1\"},{\"field\":\"interview_score\",\"message\":\"is required (0 to"
                + " 10 points out of 10)\"}]");
    }

    /**
     * A model with categories and missing values filled in: a category is a string enum of its levels, nullable
     * where a missing one is filled in, as is such a number; only the features refused when missing are
     * required; V2 takes BYTES; and an example shows a missing value answered with a warning.
     */
    @Test
    void categoriesAreStringEnumsAndWhatMayBeMissingIsNullable() throws IOException {
        Predictor model = TestModels.ACADEMIC;
        JsonNode root = new ObjectMapper().readTree(document(model));
        JsonNode instance = root.at("/components/schemas/Instance");

        assertThat(instance.at("/properties/rank/type").asText()).isEqualTo("string");
        assertThat(names(instance.at("/properties/rank/enum"))).containsExactly("AsstProf", "AssocProf", "Prof");
        assertThat(instance.at("/properties/discipline/type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(instance.at("/properties/discipline/enum").toString()).isEqualTo("[\"A\",\"B\",null]");
        assertThat(instance.at("/properties/discipline/description").asText())
                .endsWith("When null or left out, B (most frequent in training) is used, and the answer warns of it");
        assertThat(instance.at("/properties/yrs_since_phd/type").toString()).isEqualTo("[\"number\",\"null\"]");
        assertThat(instance.at("/properties/yrs_since_phd/maximum").doubleValue()).isEqualTo(70.0);
        assertThat(names(instance.path("required"))).containsExactly("rank");
        assertThat(names(root.at("/components/schemas/V2InputTensor/properties/datatype/enum"))).contains("BYTES");
        assertThat(root.at("/components/schemas/V2InputTensor/properties/data/items/anyOf/1/type").asText())
                .isEqualTo("string");
        JsonNode page = root.at("/paths/~1/get/parameters");
        assertThat(names(page.get(0).path("schema").path("enum"))).containsExactly("AsstProf", "AssocProf", "Prof");
        assertThat(names(page.get(1).path("schema").path("enum"))).containsExactly("A", "B", "");

        String examples = "/paths/~1api~1v1~1predict/post/requestBody/content/application~1json/examples/";
        String answers = "/paths/~1api~1v1~1predict/post/responses/200/content/application~1json/examples/";
        assertThat(root.at(examples + "single/value").toString())
                .isEqualTo("{\"rank\":\"Prof\",\"discipline\":\"B\",\"yrs_since_phd\":10}");
        assertThat(root.at(answers + "single/value/salary").doubleValue())
                .isEqualTo(model.predict(Map.of("rank", "Prof", "discipline", "B", "yrs_since_phd", 10.0)).value());
        assertThat(root.at(answers + "single/value/contributions_scale").asText()).isEqualTo("log");
        assertThat(root.at(examples + "missing/value").toString())
                .isEqualTo("{\"rank\":\"Prof\",\"discipline\":null,\"yrs_since_phd\":10}");
        assertThat(root.at(answers + "missing/value/warnings/0/message").asText())
                .isEqualTo("discipline was missing, so the most frequent level in training, B, was used in its place");
        JsonNode problem = root.at("/components/responses/BadRequest/content/application~1problem+json/example");
        assertThat(problem.path("errors").toString()).isEqualTo("[{\"field\":\"rank\",\"message\":\"must be one"
                + " of AsstProf, AssocProf, Prof, was \\\"asstprof\\\"\"}]");
        JsonNode tensors = root.at("/components/requestBodies/V2InferRequest/content/application~1json/examples/two/value/inputs");
        assertThat(tensors.get(0).toString())
                .isEqualTo("{\"name\":\"rank\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"Prof\",\"Prof\"]}");
        assertThat(tensors.get(2).path("datatype").asText()).isEqualTo("FP64");
    }

    /** A model of numbers only documents no BYTES and no null, as before categories existed. */
    @Test
    void aModelOfNumbersOnlyTakesNoBytesAndNoNull() throws IOException {
        JsonNode root = new ObjectMapper().readTree(document(ModelFiles.model("1.0.0", 0)));

        assertThat(names(root.at("/components/schemas/V2InputTensor/properties/datatype/enum")))
                .containsExactly("FP64", "FP32", "INT32", "INT64");
        assertThat(root.at("/components/schemas/Instance/properties/experience/type").asText()).isEqualTo("number");
        assertThat(root.at("/paths/~1api~1v1~1predict/post/requestBody/content/application~1json/examples/missing")
                .isMissingNode()).isTrue();
    }

    /**
     * An outcome's index may be left out (it is then 0): it is not required, and has no {@code default}, which
     * openapi-typescript, by its default settings, reads as a field always present, so its clients had to send it.
     */
    @Test
    void anOutcomesIndexIsOptionalInGeneratedClients() throws IOException {
        JsonNode root = new ObjectMapper().readTree(document(ModelFiles.model("1.0.0", 0)));
        JsonNode outcome = root.at("/components/schemas/Outcome");

        assertThat(names(outcome.path("required"))).containsExactlyInAnyOrder("outcome_key", "actual");
        assertThat(outcome.at("/properties/index").has("default")).isFalse();
        assertThat(outcome.at("/properties/index/description").asText()).contains("0 when left out");
    }

    /** Every placeholder is filled: none is left for a client to read. */
    @ParameterizedTest
    @MethodSource("models")
    void noPlaceholderIsLeft(Predictor model) {
        assertThat(document(model)).doesNotContain("{{").doesNotContain("$generate");
    }

    /**
     * The template names no input, output, unit or number of any model: whatever the document says of a model
     * comes from the model, so it cannot go stale.
     */
    @Test
    void theTemplateNamesNoModelsInputsOutputOrNumbers() throws IOException {
        String template = Files.readString(TEMPLATE, StandardCharsets.UTF_8);

        assertThat(template).doesNotContain("experience", "test_score", "interview_score", "education_years", "USD",
                "hire", "52062", "\"salary\"");
    }

    @Test
    void anotherTargetAndUnitAreDocumentedAsTheModelNamesThem() throws IOException {
        Predictor model = ModelFiles.withTarget("scales", "weight", "kg");
        JsonNode root = new ObjectMapper().readTree(document(model));

        assertThat(root.path("info").path("summary").asText())
                .isEqualTo("Predict weight (kg) from experience, test_score and interview_score.");
        assertThat(root.at("/components/schemas/ModelFields/properties/unit/description").asText()).contains("kg");
        assertThat(root.at("/components/parameters/ModelName/schema/examples/0").asText()).isEqualTo("scales");
        assertThat(document(model)).doesNotContain("USD").doesNotContain("\"salary\"");
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyReferenceNamesAComponentThatExists(Predictor model) throws IOException {
        JsonNode root = new ObjectMapper().readTree(document(model));
        var references = new ArrayList<String>();
        collectReferences(root, references);

        assertThat(references).isNotEmpty().allSatisfy(reference -> {
            assertThat(reference).startsWith("#/");
            assertThat(root.at(reference.substring(1)).isMissingNode()).as(reference + " resolves").isFalse();
        });
    }

    @Test
    void everyAddressInWebXmlIsDocumented() throws Exception {
        Set<String> documented = documentedPaths();
        Document webXml = webXml();
        Set<String> notEndpoints = texts(webXml, "location"); // error pages: a direct request gets a 404

        Set<String> patterns = texts(webXml, "url-pattern");
        patterns.removeAll(notEndpoints);
        assertThat(patterns).as("web.xml's url-patterns").isNotEmpty().contains("/v2/*");
        for (String pattern : patterns) {
            if (pattern.equals("/*")) {
                continue; // a filter's, not a servlet's
            }
            if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                List<String> required = pattern.equals("/v2/*") ? V2_PATHS : List.of();
                assertThat(documented).as("the paths under " + pattern).containsAll(required)
                        .anyMatch(path -> path.startsWith(prefix + "/"));
            } else {
                assertThat(documented).as("pattern \"" + pattern + "\"").contains(pattern.isEmpty() ? "/" : pattern);
            }
        }
    }

    @Test
    void everyDocumentedPathIsServedByAServletOrIsAFileOfTheWar() throws Exception {
        Set<String> patterns = texts(webXml(), "url-pattern");
        for (String path : documentedPaths()) {
            boolean servlet = patterns.contains(path) || (path.equals("/") && patterns.contains(""))
                    || patterns.stream().anyMatch(pattern -> pattern.endsWith("/*") && !pattern.equals("/*")
                    && path.startsWith(pattern.substring(0, pattern.length() - 1)));
            boolean file = Files.isRegularFile(Path.of("src/main/webapp" + path));
            assertThat(servlet || file).as(path + " is served").isTrue();
        }
    }

    private static String document(Predictor model) {
        return new String(OpenApi.render(model), StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode array) {
        var names = new ArrayList<String>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }

    private static List<String> fieldNames(JsonNode object) {
        var names = new ArrayList<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> documentedPaths() throws IOException {
        JsonNode paths = new ObjectMapper().readTree(document(ModelFiles.model("1.0.0", 0))).get("paths");
        var names = new TreeSet<String>();
        paths.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> collectReferences(item, references));
        }
    }

    private static Document webXml() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // web.xml names its schema; nothing is fetched, and no DTD or entity is ever read.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(WEB_XML.toFile());
    }

    private static Set<String> texts(Document document, String element) {
        NodeList nodes = document.getElementsByTagNameNS(JAKARTA_EE, element);
        var texts = new TreeSet<String>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(((Element) nodes.item(i)).getTextContent().strip());
        }
        return texts;
    }
}
