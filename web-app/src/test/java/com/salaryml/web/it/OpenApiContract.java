package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document against the app that serves it, over real HTTP in each container: its examples are
 * what the app answers, to the last digit, and the response headers it declares are those the app sends. The
 * app makes the document from the model it serves, here the default one; {@link ServedModelContract} holds
 * another model's document to its answers the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenApiContract extends DeployedContract {

    OpenApiDocument document;

    @BeforeAll
    void deploy() throws Exception {
        app = container().deploy(Container.builtWar(), "/salary", Map.of());
        document = OpenApiDocument.servedBy(http, app.base());
    }

    /**
     * Every example request in the document, sent as it stands, is answered 200; where the document gives the
     * answer too (an example of the same name, or the one example of an operation with one request example),
     * the answer is exactly that JSON. A client generated from the document sees what the examples promise.
     */
    @Test
    void theExampleRequestsGetTheExampleAnswers() throws Exception {
        // The single and batch predictions, and V2 inference with and without a version.
        assertThat(examplesAnswered(http, app, document)).as("example answers compared").isEqualTo(4);
    }

    /** Sends every example request of {@code document} to {@code app}; returns how many answers it compared. */
    static int examplesAnswered(Http http, Deployment app, OpenApiDocument document) throws Exception {
        int compared = 0;
        for (var path : document.root().path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey();
                JsonNode examples = document.resolve(operation.getValue().path("requestBody"))
                        .path("content").path("application/json").path("examples");
                if (examples.isMissingNode()) {
                    continue;
                }
                URI uri = app.base().resolve(document.address(path.getKey(), method));
                JsonNode answers = document.response(path.getKey(), method, 200).path("content")
                        .path("application/json");
                for (var example : examples.properties()) {
                    String where = method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey() + ", example "
                            + example.getKey();
                    var reply = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .method(method.toUpperCase(java.util.Locale.ROOT), HttpRequest.BodyPublishers.ofString(
                                    example.getValue().path("value").toString(), StandardCharsets.UTF_8)));
                    assertThat(reply.status()).as(where + ": " + reply.body()).isEqualTo(200);
                    JsonNode expected = answers.path("examples").path(example.getKey()).path("value");
                    if (expected.isMissingNode() && examples.size() == 1) {
                        expected = answers.path("example");
                    }
                    if (!expected.isMissingNode()) {
                        assertThat(reply.json()).as(where).isEqualTo(expected);
                        compared++;
                    }
                }
            }
        }
        return compared;
    }

    /**
     * GET api/v1/model sends what the document's ModelDescription names: every field it requires, and no field it
     * does not name. The model file's format can grow; the document must grow with it.
     */
    @Test
    void theModelEndpointSendsTheFieldsTheDocumentNames() throws Exception {
        V2ProtocolContract.assertAsDocumented(document, "/api/v1/model", http.get(app.base().resolve("api/v1/model")));
    }

    /** One call and the operation of the document it is an instance of. */
    record Call(String method, String address, String contentType, String body, String path, int status) {

        static Call get(String address, String path, int status) {
            return new Call("GET", address, null, null, path, status);
        }

        static Call post(String address, String contentType, String body, String path, int status) {
            return new Call("POST", address, contentType, body, path, status);
        }
    }

    static final String REFERENCE = SalaryAppContract.REFERENCE;
    static final String TWO_ROWS = V2ProtocolContract.TWO_ROWS;

    static final List<Call> CALLS = List.of(
            Call.get("", "/", 200),
            Call.get("?experience=2&test_score=9&interview_score=6", "/", 200),
            Call.get("?experience=abc&test_score=9&interview_score=6", "/", 400),
            Call.post("api/v1/predict", "application/json", REFERENCE, "/api/v1/predict", 200),
            Call.post("api/v1/predict", "application/json", "{\"instances\":[" + REFERENCE + "]}",
                    "/api/v1/predict", 200),
            Call.post("api/v1/predict", "application/json", "{\"experience\":", "/api/v1/predict", 400),
            Call.post("api/v1/predict", "text/plain", REFERENCE, "/api/v1/predict", 415),
            Call.get("api/v1/model", "/api/v1/model", 200),
            Call.get("api/v1/monitoring", "/api/v1/monitoring", 200),
            Call.get("health/live", "/health/live", 200),
            Call.get("health/ready", "/health/ready", 200),
            Call.get("metrics", "/metrics", 200),
            Call.get("openapi.json", "/openapi.json", 200),
            Call.get("v2", "/v2", 200),
            Call.get("v2/health/live", "/v2/health/live", 200),
            Call.get("v2/health/ready", "/v2/health/ready", 200),
            Call.get("v2/models/salary", "/v2/models/{model_name}", 200),
            Call.get("v2/models/bonus", "/v2/models/{model_name}", 404),
            Call.get("v2/models/salary/versions/1.0.0", "/v2/models/{model_name}/versions/{model_version}", 200),
            Call.get("v2/models/salary/versions/9.9.9", "/v2/models/{model_name}/versions/{model_version}", 404),
            Call.get("v2/models/salary/ready", "/v2/models/{model_name}/ready", 200),
            Call.get("v2/models/salary/versions/1.0.0/ready",
                    "/v2/models/{model_name}/versions/{model_version}/ready", 200),
            Call.post("v2/models/salary/infer", "application/json", TWO_ROWS, "/v2/models/{model_name}/infer", 200),
            Call.post("v2/models/salary/infer", "application/json", "{}", "/v2/models/{model_name}/infer", 400),
            Call.post("v2/models/salary/infer", "text/plain", TWO_ROWS, "/v2/models/{model_name}/infer", 415),
            Call.post("v2/models/bonus/infer", "application/json", TWO_ROWS, "/v2/models/{model_name}/infer", 404),
            Call.post("v2/models/salary/versions/1.0.0/infer", "application/json", TWO_ROWS,
                    "/v2/models/{model_name}/versions/{model_version}/infer", 200));

    /**
     * For each call: the status is one the document gives; every X- header the app sends there is declared
     * for that status; and every header declared as required is sent.
     */
    @Test
    void theResponseHeadersAreThoseTheDocumentDeclares() throws Exception {
        for (Call call : CALLS) {
            var request = HttpRequest.newBuilder(app.base().resolve(call.address()));
            if (call.body() == null) {
                request.method(call.method(), HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", call.contentType()).method(call.method(),
                        HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
            }
            var reply = http.send(request);
            String where = call.method() + " " + call.address() + " (" + call.path() + ")";
            assertThat(reply.status()).as(where + ": " + reply.body()).isEqualTo(call.status());
            Map<String, Boolean> declared = document.headers(call.path(), call.method(), call.status());
            var sent = new TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
            reply.headers().map().keySet().stream().filter(name -> name.regionMatches(true, 0, "X-", 0, 2))
                    .filter(name -> !DECLARED_FOR_EVERY_RESPONSE.contains(name.toLowerCase(java.util.Locale.ROOT)))
                    .forEach(sent::add);
            assertThat(declared.keySet()).as(where + ": the headers declared for " + call.status()).containsAll(sent);
            declared.forEach((name, required) -> {
                if (required) {
                    assertThat(sent).as(where + ": " + name + " is declared as always sent").contains(name);
                }
            });
        }
    }

    /** The security headers every response carries, which the document's description names once for all. */
    private static final List<String> DECLARED_FOR_EVERY_RESPONSE = List.of("x-content-type-options",
            "x-frame-options");
}
