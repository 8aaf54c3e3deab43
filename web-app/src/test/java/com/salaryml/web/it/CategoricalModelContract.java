package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.schema.UnitFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built WAR, unchanged, serving a model with every new kind of input: two categories (rank, refused when
 * missing; discipline, filled with its most frequent level B), a number filled with its training median
 * (yrs_since_phd) and a log target. Its model file is written into a directory the app is told to serve, as
 * a data scientist hands one over. The page, the native API, V2 and the OpenAPI document all follow it.
 * Subclasses say which container and which model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CategoricalModelContract extends DeployedContract {

    private static final String API = "api/v1/predict";

    /** The model the app serves: {@link TestModels#ACADEMIC} or its tree ensemble, as the same file the app reads. */
    Model model;

    abstract Model served();

    /** The model's training median of the years since the PhD, as its warnings write it: 21 years for ACADEMIC. */
    private String median() {
        var years = model.metadata().schema().feature("yrs_since_phd").orElseThrow();
        return years.valueText(years.missing().value()).strip();
    }

    @BeforeAll
    void deploy() throws Exception {
        Model written = served();
        Path directory = Files.createDirectories(Path.of("target", "categorical-models",
                getClass().getSimpleName()));
        Path file = directory.resolve("academic-" + written.metadata().version() + ".json");
        Files.write(file, ModelFormat.write(written));
        model = ModelFormat.read(Files.readAllBytes(file), file.toString());
        app = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.model", file.toAbsolutePath().toString()));
    }

    private String v2() {
        return "v2/models/" + model.metadata().name();
    }

    // ---------------------------------------------------------------- the page

    @Test
    void theFormHasASelectPerCategoryAndABlankChoiceWhereMissingIsAllowed() throws Exception {
        var page = http.get(at(""));

        assertThat(page.status()).isEqualTo(200);
        assertThat(options(page.body(), "rank")).containsExactly("Choose\u2026", "AsstProf", "AssocProf", "Prof");
        assertThat(options(page.body(), "discipline")).containsExactly("Not known", "A", "B");
        assertThat(page.body()).contains("<select id=\"rank\" name=\"rank\" required")
                .contains("<input type=\"number\" inputmode=\"decimal\" id=\"yrs_since_phd\"");
    }

    @Test
    void aGetWithoutScriptGivesTheMedianEstimateAndPercentagesAndFillsInTheBlank() throws Exception {
        var reply = http.get(at("?rank=Prof&discipline=&yrs_since_phd=10"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        double expected = model.predict(Map.of("rank", "Prof", "yrs_since_phd", 10.0)).value();
        assertThat(reply.body()).contains("<p class=\"estimate\" id=\"estimate\">"
                + UnitFormat.of("USD").format(expected) + "</p>")
                .contains("id=\"estimate-note\">This is the median")
                .contains("discipline was missing, so the most frequent level in training, B, was used in its place");
        double rank = model.predict(Map.of("rank", "Prof", "yrs_since_phd", 10.0)).contributions().get(0).amount();
        assertThat(reply.body()).contains(">" + percent(rank) + " for Prof</text>");
        assertThat(reply.header("X-Model-Version")).isEqualTo(model.metadata().version());
    }

    @Test
    void aPageWithoutTheRequiredCategoryAsksToChooseOneOfItsLevels() throws Exception {
        var reply = http.get(at("?rank=&discipline=A&yrs_since_phd=10"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("id=\"rank-error\">Choose one of AsstProf, AssocProf, Prof.</p>");
    }

    // ---------------------------------------------------------------- the native API

    @Test
    void theApiTakesALevelAsAStringAndSaysTheContributionsAreOnTheLogScale() throws Exception {
        var reply = http.postJson(at(API), "{\"rank\":\"AssocProf\",\"discipline\":\"A\",\"yrs_since_phd\":12}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(answer.get("salary").doubleValue()).isEqualTo(model.predict(Map.of("rank", "AssocProf",
                "discipline", "A", "yrs_since_phd", 12.0)).value());
        assertThat(answer.get("contributions_scale").textValue()).isEqualTo("log");
        assertThat(answer.get("warnings")).isEmpty();
    }

    @Test
    void anUndeclaredLevelOrANumberForACategoryIsA400ListingTheLevels() throws Exception {
        var level = http.postJson(at(API), "{\"rank\":\"Dean\",\"discipline\":\"A\",\"yrs_since_phd\":12}");
        var number = http.postJson(at(API), "{\"instances\":[{\"rank\":2}]}");

        assertThat(level.status()).isEqualTo(400);
        assertThat(level.header("Content-Type")).startsWith("application/problem+json");
        assertThat(level.json().get("errors").toString()).isEqualTo("[{\"field\":\"rank\",\"message\":\"must be one"
                + " of AsstProf, AssocProf, Prof, was \\\"Dean\\\"\"}]");
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().get("errors").toString()).isEqualTo("[{\"field\":\"instances[0].rank\","
                + "\"message\":\"must be one of AsstProf, AssocProf, Prof, was the number 2\"}]");
    }

    @Test
    void nullOrAnAbsentFieldIsFilledInAndTheAnswerWarnsWithTheValueUsed() throws Exception {
        var reply = http.postJson(at(API), "{\"rank\":\"Prof\",\"discipline\":null}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(answer.get("salary").doubleValue()).isEqualTo(model.predict(Map.of("rank", "Prof")).value());
        assertThat(answer.get("warnings").toString()).isEqualTo("[{\"feature\":\"discipline\",\"message\":"
                + "\"discipline was missing, so the most frequent level in training, B, was used in its place\"},"
                + "{\"feature\":\"yrs_since_phd\",\"message\":\"yrs_since_phd was missing, so the training median, "
                + median() + ", was used in its place\"}]");
    }

    // ---------------------------------------------------------------- V2

    @Test
    void v2ListsACategoryAsABytesInputAndAcceptsItsLevelsAsStrings() throws Exception {
        JsonNode metadata = http.get(at(v2())).json();
        var datatypes = new ArrayList<String>();
        metadata.get("inputs").forEach(input -> datatypes.add(input.get("datatype").textValue()));

        var reply = http.postJson(at(v2() + "/infer"), "{\"inputs\":["
                + "{\"name\":\"rank\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"Prof\",\"AsstProf\"]},"
                + "{\"name\":\"discipline\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"A\",\"B\"]},"
                + "{\"name\":\"yrs_since_phd\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[10,3]}]}");

        assertThat(datatypes).containsExactly("BYTES", "BYTES", "FP64");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode data = reply.json().get("outputs").get(0).get("data");
        assertThat(data.get(0).doubleValue()).isEqualTo(model.predict(Map.of("rank", "Prof", "discipline", "A",
                "yrs_since_phd", 10.0)).value());
        assertThat(data.get(1).doubleValue()).isEqualTo(model.predict(Map.of("rank", "AsstProf", "discipline", "B",
                "yrs_since_phd", 3.0)).value());
    }

    @Test
    void v2RefusesAnUnknownLevelAndNumbersForACategoryNamingTheInput() throws Exception {
        var level = http.postJson(at(v2() + "/infer"), "{\"inputs\":["
                + "{\"name\":\"rank\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"Dean\"]},"
                + "{\"name\":\"discipline\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"A\"]},"
                + "{\"name\":\"yrs_since_phd\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[10]}]}");
        var numbers = http.postJson(at(v2() + "/infer"), "{\"inputs\":["
                + "{\"name\":\"rank\",\"shape\":[1],\"datatype\":\"INT64\",\"data\":[2]},"
                + "{\"name\":\"discipline\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"A\"]},"
                + "{\"name\":\"yrs_since_phd\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[10]}]}");

        assertThat(level.status()).isEqualTo(400);
        assertThat(level.json().get("error").textValue()).isEqualTo("A value is invalid: input 'rank' data[0] must"
                + " be one of AsstProf, AssocProf, Prof, was \"Dean\".");
        assertThat(numbers.status()).isEqualTo(400);
        assertThat(numbers.json().get("error").textValue()).isEqualTo("input 'rank' has datatype INT64; it is a"
                + " category, so its datatype is BYTES and its data one of AsstProf, AssocProf, Prof as strings.");
    }

    // ---------------------------------------------------------------- the OpenAPI document

    @Test
    void theOpenApiDocumentGivesCategoriesAsEnumsAndItsExamplesAreAnswered() throws Exception {
        var document = OpenApiDocument.servedBy(http, app.base());
        JsonNode instance = document.root().path("components").path("schemas").path("Instance");

        assertThat(instance.at("/properties/rank/enum").toString()).isEqualTo("[\"AsstProf\",\"AssocProf\",\"Prof\"]");
        assertThat(instance.at("/properties/discipline/enum").toString()).isEqualTo("[\"A\",\"B\",null]");
        assertThat(instance.path("required").toString()).isEqualTo("[\"rank\"]");
        // single, batch and the missing value for the native API; the two rows for V2, at its two addresses.
        assertThat(OpenApiContract.examplesAnswered(http, app, document)).isEqualTo(5);
    }

    // ---------------------------------------------------------------- helpers

    /** The labels of a select's options, in page order. */
    static List<String> options(String html, String select) {
        var matcher = Pattern.compile("<select id=\"" + select + "\"[^>]*>(.*?)</select>", Pattern.DOTALL)
                .matcher(html);
        assertThat(matcher.find()).as("a select named " + select).isTrue();
        var labels = new ArrayList<String>();
        var option = Pattern.compile("<option[^>]*>([^<]*)</option>").matcher(matcher.group(1));
        while (option.find()) {
            labels.add(option.group(1));
        }
        return labels;
    }

    /** A log-scale contribution as the page writes it: the percentage it changes the estimate by. */
    private static String percent(double contribution) {
        double percent = 100 * (StrictMath.exp(contribution) - 1);
        return (percent < 0 ? "\u2212" : "+") + new java.math.BigDecimal(Math.abs(percent))
                .setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
