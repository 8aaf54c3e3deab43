package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's behaviour over real HTTP, run against the built WAR in each container. Subclasses say which
 * container; every test here must pass in all of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SalaryAppContract extends DeployedContract {

    static final String REFERENCE = "{\"experience\":2,\"test_score\":9,\"interview_score\":6}";
    static final double REFERENCE_SALARY = 52062.76;


    @BeforeAll
    void deployDefault() throws Exception {
        app = container().deploy(Container.builtWar(), "/salary", Map.of());
    }

    // ---------------------------------------------------------------- the page

    @Test
    void pageShowsAnEmptyFormWithTheThreeFields() throws Exception {
        var reply = http.get(at(""));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/html");
        assertThat(reply.body())
                .contains("<form method=\"get\" action=\"./\"")
                .contains("name=\"experience\"", "name=\"test_score\"", "name=\"interview_score\"")
                .contains("<label for=\"experience\">")
                .doesNotContain("Estimated salary");
        // One external script, no inline one: the CSP allows script from the app's origin only.
        assertThat(Pattern.compile("(?i)<script").matcher(reply.body()).results().count()).isEqualTo(1);
        assertThat(reply.body()).contains("<script src=\"page.js\" defer></script>");
    }

    @Test
    void pageScriptIsServedFromTheAppAsJavaScript() throws Exception {
        var script = http.get(at("page.js"));
        assertThat(script.status()).isEqualTo(200);
        // With X-Content-Type-Options: nosniff the browser runs it only under a JavaScript type.
        assertThat(script.header("Content-Type")).matches("(text|application)/javascript.*");
        assertThat(script.body()).contains("api/v1/predict").doesNotContain("innerHTML");
        var icon = http.get(at("favicon.svg"));
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).startsWith("image/svg+xml");
    }

    @Test
    void pageShowsTheReferenceEstimateWithTheModelVersion() throws Exception {
        var reply = http.get(at("?experience=2&test_score=9&interview_score=6"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body())
                .contains("$52,062.76")
                .contains("salary version 1.0.0")
                .containsPattern("id=\"experience\"[^>]*value=\"2\"")
                .containsPattern("id=\"test_score\"[^>]*value=\"9\"")
                .containsPattern("id=\"interview_score\"[^>]*value=\"6\"");
        assertThat(reply.header("X-Model-Version")).isEqualTo("1.0.0");
        assertThat(reply.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void pageRejectsBadInputFieldByFieldAndKeepsWhatWasTyped() throws Exception {
        var reply = http.get(at("?experience=abc&test_score=11&interview_score="));
        assertThat(reply.status()).isEqualTo(400);
        String body = reply.body();
        assertThat(body)
                .contains("id=\"experience-error\"", "id=\"test_score-error\"", "id=\"interview_score-error\"")
                .contains("is not a number")
                .contains("11 is out of range")
                .containsPattern("id=\"experience\"[^>]*value=\"abc\"")
                .containsPattern("id=\"test_score\"[^>]*value=\"11\"")
                .contains("aria-invalid=\"true\"")
                .doesNotContain("Estimated salary");
    }

    @Test
    void pageRefusesAFieldGivenTwiceAndNamesIt() throws Exception {
        var reply = http.get(at("?experience=2&experience=3&test_score=9&interview_score=6"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body())
                .containsPattern("id=\"experience-error\">Given twice in the address \\(\u201c2\u201d, \u201c3\u201d\\)")
                .doesNotContain("id=\"test_score-error\"", "id=\"interview_score-error\"")
                .doesNotContain("Estimated salary");
    }

    @Test
    void pageNamesAFieldSentInABrokenEncoding() throws Exception {
        URI base = at("");
        for (String broken : List.of("%zz", "%", "%c3%28", "%ff")) {
            RawHttp.Reply reply = RawHttp.send(base, "GET " + base.getRawPath() + "?experience=2&test_score=" + broken
                    + "&interview_score=6 HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(reply.head().status()).as(broken).isEqualTo(400);
            assertThat(reply.body()).as(broken)
                    .contains("id=\"test_score-error\">The address holds this field in a broken encoding")
                    .doesNotContain("id=\"experience-error\"", "id=\"interview_score-error\"");
        }
    }

    @Test
    void pageEscapesEverythingTheUserSent() throws Exception {
        String attack = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";
        var reply = http.get(at("?experience=" + java.net.URLEncoder.encode(attack, StandardCharsets.UTF_8)
                + "&test_score=9&interview_score=6"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body())
                .doesNotContain("<script>alert(1)")
                .doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x");
    }

    @Test
    void pageStylesheetIsServedFromTheApp() throws Exception {
        var page = http.get(at(""));
        Matcher link = Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\"").matcher(page.body());
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).doesNotStartWith("/").doesNotContain("//");
        var css = http.get(at("").resolve(link.group(1)));
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
    }

    // ---------------------------------------------------------------- the JSON API

    @Test
    void apiPredictsTheReferenceSalary() throws Exception {
        var reply = http.postJson(at("api/v1/predict"), REFERENCE);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("X-Model-Version")).isEqualTo("1.0.0");
        JsonNode json = reply.json();
        assertThat(json.get("salary").doubleValue()).isCloseTo(REFERENCE_SALARY, within(0.005));
        assertThat(json.get("model_name").textValue()).isEqualTo("salary");
        assertThat(json.get("model_version").textValue()).isEqualTo("1.0.0");
    }

    @Test
    void apiPredictsABatchInOrder() throws Exception {
        String second = "{\"experience\":10,\"test_score\":5,\"interview_score\":8}";
        String third = "{\"experience\":0.5,\"test_score\":0,\"interview_score\":10}";
        var batch = http.postJson(at("api/v1/predict"),
                "{\"instances\":[" + REFERENCE + "," + second + "," + third + "]}");
        assertThat(batch.status()).isEqualTo(200);
        JsonNode predictions = batch.json().get("predictions");
        assertThat(predictions.size()).isEqualTo(3);
        assertThat(batch.json().get("model_version").textValue()).isEqualTo("1.0.0");
        List<String> singles = List.of(REFERENCE, second, third);
        for (int i = 0; i < singles.size(); i++) {
            double single = http.postJson(at("api/v1/predict"), singles.get(i)).json().get("salary").doubleValue();
            assertThat(predictions.get(i).get("salary").doubleValue()).as("instance %d", i).isEqualTo(single);
        }
        assertThat(predictions.get(0).get("salary").doubleValue()).isCloseTo(REFERENCE_SALARY, within(0.005));
    }

    @Test
    void apiExplainsThePredictionWithItsIntervalAndContributions() throws Exception {
        JsonNode json = http.postJson(at("api/v1/predict"), REFERENCE).json();
        double salary = json.get("salary").doubleValue();
        JsonNode interval = json.get("interval");
        assertThat(interval.get("level").doubleValue()).isEqualTo(0.95);
        assertThat(interval.get("low").doubleValue()).isLessThan(salary).isCloseTo(38814.03, within(0.01));
        assertThat(interval.get("high").doubleValue()).isGreaterThan(salary).isCloseTo(65311.49, within(0.01));
        assertThat(salary - interval.get("low").doubleValue())
                .isCloseTo(interval.get("high").doubleValue() - salary, within(1e-6));
        JsonNode contributions = json.get("contributions");
        assertThat(contributions.size()).isEqualTo(3);
        double sum = json.get("baseline").doubleValue();
        for (String feature : List.of("experience", "test_score", "interview_score")) {
            sum += contributions.get(feature).doubleValue();
        }
        assertThat(sum).isEqualTo(salary);
        assertThat(json.get("warnings").size()).isZero();
    }

    @Test
    void apiWarnsWhenAnInputIsOutsideTheTrainingRangeButStillPredicts() throws Exception {
        var reply = http.postJson(at("api/v1/predict"), "{\"experience\":30,\"test_score\":9,\"interview_score\":6}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode warnings = reply.json().get("warnings");
        assertThat(warnings.size()).isEqualTo(1);
        assertThat(warnings.get(0).get("feature").textValue()).isEqualTo("experience");
        assertThat(warnings.get(0).get("message").textValue()).contains("0 to 11 years").contains("extrapolation");
        assertThat(reply.json().get("salary").doubleValue()).isGreaterThan(REFERENCE_SALARY);
    }

    @Test
    void pageShowsTheIntervalTheContributionChartAndTheModelFacts() throws Exception {
        String body = http.get(at("?experience=2&test_score=9&interview_score=6")).body();
        assertThat(body).contains("Likely between $38,814.03 and $65,311.49 (95% prediction interval)")
                .contains("<svg class=\"chart\"").contains("role=\"img\"")
                .contains("About this model").contains("Typical error on new data").contains("cross-validated")
                .contains("Experience: 0 to 11 years")
                .contains("MAE $4,306.31").contains("leave-one-out, 8 fits").contains("MAE $2,110.80")
                .contains("<table class=\"coefficients\">").containsPattern("Experience</th><td>\\$2,687.80</td>");
        assertThat(Pattern.compile("<rect class=\"bar-(up|down)\"").matcher(body).results().count()).isEqualTo(3);
        assertThat(body).doesNotContain("class=\"warnings\"").doesNotContain("style=");
    }

    @Test
    void pageShowsTheOutOfWarning() throws Exception {
        var reply = http.get(at("?experience=30&test_score=9&interview_score=6"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("class=\"warnings\"").contains("experience 30 is outside the range seen in training");
    }

    @Test
    void apiRejectsOutOfRangeAndMissingFieldsNamingEach() throws Exception {
        var reply = http.postJson(at("api/v1/predict"), "{\"experience\":-1,\"test_score\":9}");
        assertProblem(reply, 400);
        assertThat(fields(reply)).containsExactlyInAnyOrder("experience", "interview_score");
        assertThat(reply.body()).contains("must be between 0 and 50 years, was -1").contains("is required");
    }

    @Test
    void apiRejectsUnknownFieldsAndWrongTypes() throws Exception {
        var reply = http.postJson(at("api/v1/predict"),
                "{\"experience\":\"2\",\"test_score\":9,\"interview_score\":6,\"age\":40}");
        assertProblem(reply, 400);
        assertThat(fields(reply)).containsExactlyInAnyOrder("experience", "age");
        assertThat(reply.body()).contains("must be a number, was a string").contains("is not an input of this model");
    }

    @Test
    void apiNamesTheInstanceInABadBatch() throws Exception {
        var reply = http.postJson(at("api/v1/predict"),
                "{\"instances\":[" + REFERENCE + ",{\"experience\":2,\"test_score\":12,\"interview_score\":6}]}");
        assertProblem(reply, 400);
        assertThat(fields(reply)).containsExactly("instances[1].test_score");
    }

    @Test
    void apiRejectsMalformedJsonAndEmptyBodies() throws Exception {
        for (String body : List.of("{\"experience\":2,", "not json", "[1,2,3]", "", "{\"experience\":2} trailing",
                "{\"experience\":2,\"experience\":3,\"test_score\":9,\"interview_score\":6}", "{\"instances\":[]}",
                "{\"experience\":1e999,\"test_score\":9,\"interview_score\":6}")) {
            var reply = http.postJson(at("api/v1/predict"), body);
            assertProblem(reply, 400);
            assertThat(reply.json().get("detail").textValue()).as(body).isNotBlank();
        }
    }

    @Test
    void apiRejectsInvalidUtf8() throws Exception {
        byte[] body = {'{', '"', 'e', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
        assertProblem(http.post(at("api/v1/predict"), "application/json", body), 400);
    }

    @Test
    void apiRejectsTheWrongContentType() throws Exception {
        byte[] body = REFERENCE.getBytes(StandardCharsets.UTF_8);
        assertProblem(http.post(at("api/v1/predict"), "text/plain", body), 415);
        assertProblem(http.post(at("api/v1/predict"), "application/x-www-form-urlencoded", body), 415);
        assertProblem(http.post(at("api/v1/predict"), "application/json; charset=ISO-8859-1", body), 415);
        assertThat(http.post(at("api/v1/predict"), "application/json; charset=UTF-8", body).status()).isEqualTo(200);
    }

    @Test
    void apiRejectsABodyThatIsTooLarge() throws Exception {
        var big = new StringBuilder("{\"instances\":[");
        while (big.length() < 2 * 1024 * 1024) {
            big.append(REFERENCE).append(',');
        }
        big.append(REFERENCE).append("]}");
        var reply = http.postJson(at("api/v1/predict"), big.toString());
        assertProblem(reply, 413);
        assertThat(reply.json().get("detail").textValue()).contains("larger than");
    }

    @Test
    void apiAnswersGetWithMethodNotAllowed() throws Exception {
        var reply = http.get(at("api/v1/predict"));
        assertProblem(reply, 405);
        assertThat(reply.header("Allow")).isEqualTo("POST, OPTIONS");
        // The example is the served model's: its inputs, each at the example value of the schema file it was trained with.
        assertThat(reply.json().get("detail").textValue()).isEqualTo("Use POST with a JSON body such as"
                + " {\"experience\":2,\"test_score\":9,\"interview_score\":6}.");
        assertThat(http.postJson(at("api/v1/predict"), "").json().get("detail").textValue())
                .isEqualTo("The request body is empty; send a JSON object such as"
                        + " {\"experience\":2,\"test_score\":9,\"interview_score\":6}.");
    }

    @Test
    void modelEndpointDescribesTheModel() throws Exception {
        var reply = http.get(at("api/v1/model"));
        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("name").textValue()).isEqualTo("salary");
        assertThat(json.get("version").textValue()).isEqualTo("1.0.0");
        assertThat(json.get("algorithm").textValue()).isEqualTo("ols");
        JsonNode features = json.get("features");
        assertThat(features.size()).isEqualTo(3);
        assertThat(features.get(0).get("name").textValue()).isEqualTo("experience");
        assertThat(features.get(0).get("unit").textValue()).isEqualTo("years");
        assertThat(features.get(1).get("max").doubleValue()).isEqualTo(10.0);
        assertThat(json.get("metrics").get("r2").doubleValue()).isBetween(0.9, 1.0);
        assertThat(json.get("metrics").get("rmse").doubleValue()).isPositive();
        assertThat(json.get("training_data").get("rows").intValue()).isEqualTo(8);
        assertThat(json.get("training_data").get("sha256").textValue()).hasSize(64);
    }

    // ---------------------------------------------------------------- health, headers, errors

    @Test
    void healthEndpointsReportLiveAndReady() throws Exception {
        var live = http.get(at("health/live"));
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("status").textValue()).isEqualTo("UP");
        var ready = http.get(at("health/ready"));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("model_version").textValue()).isEqualTo("1.0.0");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        var replies = new ArrayList<Http.Reply>();
        replies.add(http.get(at("")));
        replies.add(http.get(at("?experience=x")));
        replies.add(http.get(at("page.css")));
        replies.add(http.postJson(at("api/v1/predict"), REFERENCE));
        replies.add(http.postJson(at("api/v1/predict"), "{}"));
        replies.add(http.get(at("api/v1/model")));
        replies.add(http.get(at("health/ready")));
        replies.add(http.get(at("no/such/page")));
        for (Http.Reply reply : replies) {
            assertThat(reply.header("Content-Security-Policy")).as("status %d", reply.status())
                    .contains("default-src 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline");
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    /**
     * Every answer depends on the moment (the model served, the drift window, the health), so none may be
     * kept by a cache; the page's files, the OpenAPI document and the model's metadata may be kept if they are
     * asked for again (HttpByTheBookContract checks their tags).
     */
    @Test
    void everyDynamicAnswerIsMarkedNoStore() throws Exception {
        var replies = new ArrayList<Http.Reply>();
        replies.add(http.get(at("")));
        replies.add(http.get(at("?experience=x")));
        replies.add(http.postJson(at("api/v1/predict"), REFERENCE));
        replies.add(http.postJson(at("api/v1/predict"), "{}"));
        replies.add(http.get(at("api/v1/predict")));
        replies.add(http.get(at("api/v1/monitoring")));
        replies.add(http.postJson(at("api/v1/outcomes"), "{}"));
        replies.add(http.get(at("health/live")));
        replies.add(http.get(at("health/ready")));
        replies.add(http.get(at("metrics")));
        replies.add(http.get(at("v2")));
        replies.add(http.get(at("v2/models/salary")));
        replies.add(http.get(at("no/such/page")));
        for (Http.Reply reply : replies) {
            assertThat(reply.header("Cache-Control")).as("%d %s", reply.status(), reply.body()).isEqualTo("no-store");
        }
        for (String kept : List.of("openapi.json", "api/v1/model", "page.css")) {
            assertThat(http.get(at(kept)).header("Cache-Control")).as(kept).isEqualTo("no-cache");
        }
    }

    @Test
    void unknownPathsGetTheAppsOwnNotFoundWithoutInternals() throws Exception {
        var page = http.get(at("no/such/page"));
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).doesNotContainIgnoringCase("jetty").doesNotContainIgnoringCase("tomcat")
                .doesNotContain("Exception").doesNotContain("at com.");
        var api = http.get(at("api/v1/nothing"));
        assertProblem(api, 404);
        var webInf = http.get(at("WEB-INF/web.xml"));
        assertThat(webInf.status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- other deployments

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class UnderOtherContextPaths {

        @Test
        void worksAsRootAndUnderAnyName() throws Exception {
            for (String contextPath : List.of("", "/pay/estimator")) {
                try (Deployment other = container().deploy(Container.builtWar(), contextPath, Map.of())) {
                    var page = http.get(other.base().resolve("?experience=2&test_score=9&interview_score=6"));
                    assertThat(page.status()).as(contextPath).isEqualTo(200);
                    assertThat(page.body()).contains("$52,062.76").doesNotContain("/salary/");
                    assertThat(http.get(other.base().resolve("page.css")).status()).isEqualTo(200);
                    var api = http.postJson(other.base().resolve("api/v1/predict"), REFERENCE);
                    assertThat(api.json().get("salary").doubleValue()).isCloseTo(REFERENCE_SALARY, within(0.005));
                }
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithAnotherModel {

        @TempDir
        Path dir;

        /** A model whose predictions are easy to compute: 1000 + 100·experience + 10·test + 1·interview. */
        Model simpleModel(String version) throws Exception {
            Model base;
            try (var in = SalaryAppContract.class.getResourceAsStream("/models/salary-model-1.0.0.json")) {
                base = ModelFormat.read(in.readAllBytes(), "salary-model-1.0.0.json");
            }
            return new Model(base.metadata().withVersion(version), new LinearModel(1000, new double[] {100, 10, 1}),
                    base.interval());
        }

        @Test
        void servesAModelFileNamedByTheContextInitParam() throws Exception {
            Path file = dir.resolve("salary-model-2.0.0.json");
            Files.write(file, ModelFormat.write(simpleModel("2.0.0")));
            try (Deployment other = container().deploy(Container.builtWar(), "/salary",
                    Map.of("salary.model", file.toString()))) {
                var api = http.postJson(other.base().resolve("api/v1/predict"), REFERENCE);
                assertThat(api.json().get("model_version").textValue()).isEqualTo("2.0.0");
                assertThat(api.json().get("salary").doubleValue()).isCloseTo(1296.0, within(1e-9));
                var page = http.get(other.base().resolve("?experience=2&test_score=9&interview_score=6"));
                assertThat(page.body()).contains("$1,296.00").contains("salary version 2.0.0");
            }
        }

        @Test
        void servesAModelJarNamedByTheSystemProperty() throws Exception {
            Model model = simpleModel("3.0.0");
            byte[] json = ModelFormat.write(model);
            Path jar = dir.resolve("salary-model-3.0.0.jar");
            Files.write(jar, ModelJar.write(json, model, "salary-model-3.0.0.json", LocalDateTime.of(2020, 1, 1, 0, 0)));
            System.setProperty("salary.model", jar.toString());
            try (Deployment other = container().deploy(Container.builtWar(), "/salary",
                    Map.of("salary.model", "/the/system/property/wins/over/this.json"))) {
                var api = http.postJson(other.base().resolve("api/v1/predict"), REFERENCE);
                assertThat(api.json().get("model_version").textValue()).isEqualTo("3.0.0");
                assertThat(api.json().get("salary").doubleValue()).isCloseTo(1296.0, within(1e-9));
            } finally {
                System.clearProperty("salary.model");
            }
        }

        @Test
        void aModelThatFailsToLoadLeavesTheAppLiveButNotReady() throws Exception {
            Path broken = dir.resolve("salary-model-9.json");
            Files.writeString(broken, new String(ModelFormat.write(simpleModel("9.0.0")), StandardCharsets.UTF_8)
                    .replaceFirst("\"format_version\": \\d+", "\"format_version\": 99"));
            try (Deployment other = container().deploy(Container.builtWar(), "/salary",
                    Map.of("salary.model", broken.toString()))) {
                assertThat(http.get(other.base().resolve("health/live")).status()).isEqualTo(200);
                var ready = http.get(other.base().resolve("health/ready"));
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().get("status").textValue()).isEqualTo("NOT_READY");
                var predict = http.postJson(other.base().resolve("api/v1/predict"), REFERENCE);
                assertProblem(predict, 503);
                assertThat(predict.header("X-Request-Id")).isNotBlank();
                var page = http.get(other.base().resolve(""));
                assertThat(page.status()).isEqualTo(503);
                assertThat(page.header("Content-Type")).startsWith("text/html");
                assertThat(page.body()).contains("Estimate unavailable");
                for (String read : List.of("api/v1/model", "api/v1/monitoring")) {
                    assertProblem(http.get(other.base().resolve(read)), 503);
                }
                // What needs no model answers as it always does.
                assertThat(http.get(other.base().resolve("api/v1/predict")).status()).isEqualTo(405);
                assertThat(http.get(other.base().resolve("metrics")).status()).isEqualTo(200);
                for (var reply : List.of(ready, predict, page, http.get(other.base().resolve("metrics")))) {
                    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
                    assertThat(reply.header("X-Model-Version")).isNull();
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static void assertProblem(Http.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode json = reply.json();
        assertThat(json.get("status").intValue()).isEqualTo(status);
        assertThat(json.get("title").textValue()).isNotBlank();
        assertThat(json.get("detail").textValue()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    static List<String> fields(Http.Reply reply) {
        var fields = new ArrayList<String>();
        reply.json().get("errors").forEach(error -> fields.add(error.get("field").textValue()));
        return fields;
    }
}
