package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.web.ModelFiles;
import com.salaryml.web.metrics.Samples;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP as RFC 9110 and the protocols' own clients expect it, run against the built WAR in each container: the
 * methods every address takes (OPTIONS, and a 405 with {@code Allow} for every other, never a 501), the JSON
 * that Triton's client sends without a Content-Type, validators and 304s for what may be kept, CORS on the
 * documents a tool on another origin reads, the stage's banner on every page, and docs/api.md's examples,
 * which must be what the server answers to the last digit.
 */
abstract class HttpByTheBookContract extends DeployedContract {

    private static final String REFERENCE = SalaryAppContract.REFERENCE;

    /** What each address takes, as its {@code Allow} says; V2's routes each their own. */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("", "GET, HEAD, OPTIONS"),
            Map.entry("api/v1/predict", "POST, OPTIONS"),
            Map.entry("api/v1/outcomes", "POST, OPTIONS"),
            Map.entry("api/v1/model", "GET, HEAD, OPTIONS"),
            Map.entry("api/v1/monitoring", "GET, HEAD, OPTIONS"),
            Map.entry("openapi.json", "GET, HEAD, OPTIONS"),
            Map.entry("metrics", "GET, HEAD, OPTIONS"),
            Map.entry("health/live", "GET, HEAD, OPTIONS"),
            Map.entry("health/ready", "GET, HEAD, OPTIONS"),
            Map.entry("page.js", "GET, HEAD, OPTIONS"),
            Map.entry("page.css", "GET, HEAD, OPTIONS"),
            Map.entry("favicon.svg", "GET, HEAD, OPTIONS"),
            Map.entry("v2", "GET, HEAD, OPTIONS"),
            Map.entry("v2/health/ready", "GET, HEAD, OPTIONS"),
            Map.entry("v2/models/salary", "GET, HEAD, OPTIONS"),
            Map.entry("v2/models/salary/ready", "GET, HEAD, OPTIONS"),
            Map.entry("v2/models/salary/infer", "POST, OPTIONS"));

    /** The methods tried on every address: the common ones, PATCH, and one no servlet knows. */
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "PURGE");

    @BeforeAll
    void deployDefault() throws Exception {
        app = container().deploy(Container.builtWar(), "/salary", Map.of());
    }

    // ---------------------------------------------------------------- methods

    @Test
    void everyMethodAnAddressDoesNotTakeIsA405WithAllowAndTheAreasError() throws Exception {
        int refused = 0;
        for (var address : ALLOWED.entrySet()) {
            List<String> allowed = List.of(address.getValue().split(", "));
            for (String method : METHODS) {
                if (allowed.contains(method)) {
                    continue;
                }
                var reply = http.send(HttpRequest.newBuilder(at(address.getKey()))
                        .method(method, HttpRequest.BodyPublishers.noBody()));
                String what = method + " /" + address.getKey() + ": " + reply.body();
                assertThat(reply.status()).as(what).isEqualTo(405);
                assertThat(reply.header("Allow")).as(what).isEqualTo(address.getValue());
                assertAreasError(address.getKey(), reply, what);
                refused++;
            }
        }
        // Every address refuses at least PUT, DELETE, PATCH and PURGE.
        assertThat(refused).isGreaterThanOrEqualTo(4 * ALLOWED.size());
    }

    /** PATCH, which Servlet 6.0's HttpServlet does not know, was a 501, counted as the app's own server error. */
    @Test
    void noPatchIsAServerError() throws Exception {
        for (String address : List.of("", "api/v1/predict", "page.js", "metrics", "no/such/page", "api/v1/nothing")) {
            var reply = http.send(HttpRequest.newBuilder(at(address))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(REFERENCE))
                    .header("Content-Type", "application/json"));
            assertThat(reply.status()).as("PATCH /" + address).isIn(404, 405);
        }
        // None counted as a server error either.
        assertThat(Samples.parse(http.get(at("metrics")).body()).matching("salary_http_requests_total").stream()
                .filter(sample -> sample.labels().get("status").startsWith("5") && sample.value() > 0)).isEmpty();
    }

    @Test
    void optionsSaysWhatIsReallyAllowed() throws Exception {
        for (var address : ALLOWED.entrySet()) {
            var reply = http.send(HttpRequest.newBuilder(at(address.getKey()))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(reply.status()).as("OPTIONS /" + address.getKey()).isIn(200, 204);
            assertThat(reply.header("Allow")).as("OPTIONS /" + address.getKey()).isEqualTo(address.getValue());
        }
        // GET is a 405 and TRACE refused there, so neither may be offered.
        assertThat(http.send(HttpRequest.newBuilder(at("api/v1/predict"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())).header("Allow"))
                .doesNotContain("GET").doesNotContain("TRACE");
    }

    /** TRACE would echo the request's headers: refused everywhere, and never offered. */
    @Test
    void traceIsRefusedAndNeverOffered() throws Exception {
        for (String address : ALLOWED.keySet()) {
            var reply = http.send(HttpRequest.newBuilder(at(address))
                    .method("TRACE", HttpRequest.BodyPublishers.noBody()));
            // Jetty refuses TRACE itself with 403 before the app sees it; Tomcat, and the app, with 405.
            assertThat(reply.status()).as("TRACE /" + address).isIn(403, 405);
            assertThat(reply.body()).doesNotContain("TRACE /");
            if (reply.status() == 405) {
                assertThat(reply.header("Allow")).as("TRACE /" + address).isNotBlank().doesNotContain("TRACE");
            }
        }
    }

    @Test
    void aMethodWhereNothingIsIsA404() throws Exception {
        for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS")) {
            var reply = http.send(HttpRequest.newBuilder(at("no/such/page"))
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(reply.status()).as(method).isEqualTo(404);
            assertThat(reply.header("Content-Type")).startsWith("text/html");
            SalaryAppContract.assertProblem(http.send(HttpRequest.newBuilder(at("api/v1/nothing"))
                    .method(method, HttpRequest.BodyPublishers.noBody())), 404);
        }
    }

    /** The native API's 405 still shows how to call it, with the served model's inputs; others name the methods. */
    @Test
    void aBodyEndpointsA405GivesAnExampleBody() throws Exception {
        var reply = http.send(HttpRequest.newBuilder(at("api/v1/predict")).PUT(
                HttpRequest.BodyPublishers.ofString(REFERENCE)).header("Content-Type", "application/json"));
        SalaryAppContract.assertProblem(reply, 405);
        assertThat(reply.json().get("detail").textValue()).isEqualTo("Use POST with a"
                + " JSON body such as {\"experience\":2,\"test_score\":9,\"interview_score\":6}.");
        var model = http.send(HttpRequest.newBuilder(at("api/v1/model")).DELETE());
        SalaryAppContract.assertProblem(model, 405);
        assertThat(model.json().get("detail").textValue())
                .isEqualTo("DELETE is not allowed here; this address answers GET, HEAD and OPTIONS.");
    }

    // ---------------------------------------------------------------- V2 without a Content-Type

    /**
     * What {@code tritonclient.http}'s {@code infer} sends for JSON inputs, byte for byte in its head: no
     * Content-Type ({@code headers=None}), the tensors as {@code set_data_from_numpy(..., binary_data=False)}
     * writes them, and its {@code binary_data_output} parameter, since no outputs are named.
     */
    @Test
    void aRequestShapedAsTritonsClientSendsItIsAnswered() throws Exception {
        String body = "{\"inputs\":[{\"name\":\"experience\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[2.0]},"
                + "{\"name\":\"test_score\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[9.0]},"
                + "{\"name\":\"interview_score\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[6.0]}],"
                + "\"parameters\":{\"binary_data_output\":true}}";
        URI infer = at("v2/models/salary/infer");
        var reply = RawHttp.send(infer, "POST " + infer.getRawPath() + " HTTP/1.1\r\nHost: " + infer.getHost() + ":"
                + infer.getPort() + "\r\nUser-Agent: python/gevent-http-client-2.0.11\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(reply.head().status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.head().headers().get("content-type")).startsWith("application/json");
        JsonNode outputs = new ObjectMapper().readTree(reply.body()).get("outputs");
        assertThat(outputs.get(0).get("data").get(0).doubleValue()).isEqualTo(52062.76112207886);
    }

    @Test
    void aDeclaredTypeThatIsNotJsonIsStillA415AndTheNativeApiStillWantsOne() throws Exception {
        String tensors = "{\"inputs\":[{\"name\":\"experience\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[2]},"
                + "{\"name\":\"test_score\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[9]},"
                + "{\"name\":\"interview_score\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[6]}]}";
        byte[] body = tensors.getBytes(StandardCharsets.UTF_8);
        V2ProtocolContract.assertError(http.post(at("v2/models/salary/infer"), "text/plain", body), 415,
                "application/json");
        assertThat(http.post(at("v2/models/salary/infer"), null, body).status()).isEqualTo(200);
        SalaryAppContract.assertProblem(http.post(at("api/v1/predict"), null,
                REFERENCE.getBytes(StandardCharsets.UTF_8)), 415);
    }

    // ---------------------------------------------------------------- caching

    @Test
    void staticFilesCarryAStrongTagOfTheirBytesAndAreRevalidated() throws Exception {
        try (var war = new ZipFile(Container.builtWar().toFile())) {
            for (String file : List.of("page.js", "page.css", "favicon.svg")) {
                byte[] bytes = war.getInputStream(war.getEntry(file)).readAllBytes();
                var first = http.get(at(file));
                assertThat(first.status()).as(file).isEqualTo(200);
                // The tag comes from the bytes alone, so every replica of this WAR sends the same one.
                assertThat(first.header("ETag")).as(file).isEqualTo(tagOf(bytes));
                assertThat(first.header("Cache-Control")).as(file).isEqualTo("no-cache");
                assertThat(first.header("Last-Modified")).as(file).isNull();
                var again = http.send(HttpRequest.newBuilder(at(file)).header("If-None-Match", first.header("ETag")));
                assertThat(again.status()).as(file).isEqualTo(304);
                assertThat(again.body()).isEmpty();
                assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
                assertThat(again.header("Cache-Control")).isEqualTo("no-cache");
                var head = http.send(HttpRequest.newBuilder(at(file)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
                assertThat(head.status()).as(file).isEqualTo(200);
                assertThat(head.header("ETag")).isEqualTo(first.header("ETag"));
                assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(bytes.length));
                var other = http.send(HttpRequest.newBuilder(at(file)).header("If-None-Match", "\"something-else\""));
                assertThat(other.status()).as(file).isEqualTo(200);
                assertThat(other.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
            }
        }
        assertThat(http.get(at("page.js")).header("Content-Type")).startsWith("text/javascript");
        assertThat(http.get(at("page.css")).header("Content-Type")).startsWith("text/css");
        assertThat(http.get(at("favicon.svg")).header("Content-Type")).startsWith("image/svg+xml");
    }

    @Test
    void theOpenApiDocumentAndTheModelAreTaggedAndRevalidated() throws Exception {
        for (String document : List.of("openapi.json", "api/v1/model")) {
            var first = http.get(at(document));
            assertThat(first.status()).isEqualTo(200);
            String tag = first.header("ETag");
            assertThat(tag).as(document).matches("\"[A-Za-z0-9_-]{43}\"");
            assertThat(first.header("Cache-Control")).as(document).isEqualTo("no-cache");
            var again = http.send(HttpRequest.newBuilder(at(document)).header("If-None-Match", tag));
            assertThat(again.status()).as(document).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.header("ETag")).isEqualTo(tag);
            assertThat(again.header("X-Model-Version")).isEqualTo("1.0.0");
            assertThat(http.get(at(document)).header("ETag")).as("the same on every request").isEqualTo(tag);
        }
    }

    /** Another model is another document: the tag of each changes with the model served. */
    @Test
    void theTagsChangeWithTheModel(@TempDir Path dir) throws Exception {
        String openApi = http.get(at("openapi.json")).header("ETag");
        String model = http.get(at("api/v1/model")).header("ETag");
        Path file = dir.resolve("salary-model-2.0.0.json");
        Files.write(file, ModelFormat.write(ModelFiles.model("2.0.0", 0)));
        try (Deployment other = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.model", file.toString()))) {
            assertThat(http.get(other.base().resolve("openapi.json")).header("ETag")).isNotEqualTo(openApi);
            assertThat(http.get(other.base().resolve("api/v1/model")).header("ETag")).isNotEqualTo(model);
            var stale = http.send(HttpRequest.newBuilder(other.base().resolve("openapi.json"))
                    .header("If-None-Match", openApi));
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.header("X-Model-Version")).isEqualTo("2.0.0");
        }
    }

    /** What depends on the request or the moment may be kept by no cache. */
    @Test
    void whatDependsOnTheRequestStaysNoStore() throws Exception {
        var replies = List.of(http.get(at("?experience=2&test_score=9&interview_score=6")),
                http.postJson(at("api/v1/predict"), REFERENCE), http.get(at("health/ready")),
                http.get(at("api/v1/monitoring")), http.get(at("metrics")), http.get(at("v2/models/salary")),
                http.send(HttpRequest.newBuilder(at("api/v1/predict")).method("OPTIONS",
                        HttpRequest.BodyPublishers.noBody())));
        for (var reply : replies) {
            assertThat(reply.header("Cache-Control")).as("%d %s", reply.status(), reply.body()).isEqualTo("no-store");
            assertThat(reply.header("ETag")).isNull();
        }
    }

    // ---------------------------------------------------------------- CORS

    @Test
    void withCorsOnTheDocumentsAreReadableFromTheListedOrigin() throws Exception {
        try (Deployment open = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.cors.allowed-origins", "https://docs.example.com"))) {
            for (String document : List.of("openapi.json", "api/v1/model")) {
                var reply = http.send(HttpRequest.newBuilder(open.base().resolve(document))
                        .header("Origin", "https://docs.example.com"));
                assertThat(reply.status()).as(document).isEqualTo(200);
                assertThat(reply.header("Access-Control-Allow-Origin")).as(document)
                        .isEqualTo("https://docs.example.com");
                assertThat(reply.headers().allValues("Vary")).as(document).contains("Origin");
                var preflight = http.send(HttpRequest.newBuilder(open.base().resolve(document))
                        .header("Origin", "https://docs.example.com").header("Access-Control-Request-Method", "GET")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
                assertThat(preflight.status()).as(document).isEqualTo(204);
                assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://docs.example.com");
                var other = http.send(HttpRequest.newBuilder(open.base().resolve(document))
                        .header("Origin", "https://evil.example"));
                assertThat(other.header("Access-Control-Allow-Origin")).as(document).isNull();
            }
        }
        // Off by default, for the documents as for the API.
        assertThat(http.send(HttpRequest.newBuilder(at("openapi.json")).header("Origin", "https://docs.example.com"))
                .header("Access-Control-Allow-Origin")).isNull();
    }

    // ---------------------------------------------------------------- the stage's banner

    @Test
    void everyPageShowsTheStageEvenWithoutAModel(@TempDir Path keys) throws Exception {
        Path broken = Files.writeString(keys.resolve("broken.json"), "{}");
        var approver = Approvers.ed25519(keys, "alice", "Alice Example");
        try (Deployment staging = container().deploy(Container.builtWar(), "/salary", Map.of(
                "salary.environment", "staging", "salary.model", broken.toString(),
                "salary.trust", Approvers.pem(keys.resolve("approvers.pem"), approver).toString()))) {
            var page = http.get(staging.base());
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.body()).contains("Estimate unavailable")
                    .contains("id=\"stage-banner\">Staging environment: not for real decisions.");
            var missing = http.get(staging.base().resolve("no/such/page"));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("id=\"stage-banner\">Staging environment");
            var refused = http.send(HttpRequest.newBuilder(staging.base()).method("DELETE",
                    HttpRequest.BodyPublishers.noBody()));
            assertThat(refused.status()).isEqualTo(405);
            assertThat(refused.body()).contains("id=\"stage-banner\">Staging environment");
        }
        // Development says so too, on its error pages as on the page.
        assertThat(http.get(at("no/such/page")).body()).contains("Development environment");
    }

    // ---------------------------------------------------------------- docs/api.md

    /**
     * Every request of docs/api.md with its answer shown is sent, and every number and text of the answer as
     * shown must be in the server's answer, in the same order and to the last digit; what the page elides
     * ({@code …}) is skipped. Its response heads' status and {@code X-} headers must be the server's too.
     */
    @Test
    void apiMdsExamplesAreWhatTheServerAnswers() throws Exception {
        List<ApiExamples.Example> examples = ApiExamples.read(Path.of("..", "docs", "api.md"));
        assertThat(examples).as("the examples found in docs/api.md").hasSizeGreaterThanOrEqualTo(3);
        for (ApiExamples.Example example : examples) {
            var reply = http.send(HttpRequest.newBuilder(app.base().resolve(example.path().replaceFirst("^/salary/", "")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(example.body())));
            assertThat(reply.status()).as(example.path() + ": " + reply.body()).isEqualTo(example.status());
            example.headers().forEach((name, value) ->
                    assertThat(reply.header(name)).as(example.path() + " " + name).isEqualTo(value));
            assertThat(ApiExamples.missing(example.answer(), reply.body()))
                    .as("what docs/api.md shows for POST %s that the server does not answer; it answers %s",
                            example.path(), reply.body())
                    .isEmpty();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The error of an address's area: a problem for the native API, V2's error for V2, a page for the rest. */
    private static void assertAreasError(String address, Http.Reply reply, String what) {
        if (address.startsWith("api/") || address.equals("openapi.json")) {
            SalaryAppContract.assertProblem(reply, reply.status());
        } else if (address.startsWith("v2")) {
            V2ProtocolContract.assertError(reply, reply.status(), "not allowed");
        } else {
            assertThat(reply.header("Content-Type")).as(what).startsWith("text/html");
            assertThat(reply.body()).as(what).contains("<h1>" + reply.status() + "</h1>");
        }
    }

    private static String tagOf(byte[] bytes) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
    }
}
