package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Open Inference Protocol (KServe V2 REST) over real HTTP, against the built WAR in each container, with
 * requests shaped as KServe, Triton and MLServer clients send them. Also the prediction log, which records
 * what every endpoint predicts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class V2ProtocolContract extends DeployedContract {

    static final double REFERENCE_SALARY = SalaryAppContract.REFERENCE_SALARY;

    /** Two rows: the reference hire (2, 9, 6) and a second one (10, 5, 8). */
    static final String TWO_ROWS = "{\"inputs\":["
            + "{\"name\":\"experience\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[2,10]},"
            + "{\"name\":\"test_score\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[9,5]},"
            + "{\"name\":\"interview_score\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[6,8]}]}";

    private static final ObjectMapper JSON = new ObjectMapper();


    @BeforeAll
    void deployDefault() throws Exception {
        app = container().deploy(Container.builtWar(), "/salary", Map.of());
    }

    /** A request body with one row per element of the arrays, with the given datatypes. */
    static String infer(String id, String datatype, double[] experience, double[] test, double[] interview) {
        return "{" + (id == null ? "" : "\"id\":" + quote(id) + ",") + "\"inputs\":["
                + tensor("experience", datatype, experience) + "," + tensor("test_score", datatype, test) + ","
                + tensor("interview_score", datatype, interview) + "]}";
    }

    private static String tensor(String name, String datatype, double[] values) {
        var data = new ArrayList<String>();
        for (double value : values) {
            data.add(datatype.startsWith("INT") ? Long.toString((long) value) : Double.toString(value));
        }
        return "{\"name\":\"" + name + "\",\"shape\":[" + values.length + "],\"datatype\":\"" + datatype
                + "\",\"data\":[" + String.join(",", data) + "]}";
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static double[] row(double... values) {
        return values;
    }

    // ---------------------------------------------------------------- server and health

    @Test
    void serverMetadataNamesTheServerAndItsVersion() throws Exception {
        for (String path : List.of("v2", "v2/")) {
            var reply = http.get(at(path));
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            JsonNode json = reply.json();
            assertThat(json.get("name").textValue()).isEqualTo("salaryml");
            assertThat(json.get("version").textValue()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(json.get("extensions").isArray()).isTrue();
            assertThat(json.get("extensions")).isEmpty();
        }
    }

    @Test
    void serverIsLiveAndReady() throws Exception {
        var live = http.get(at("v2/health/live"));
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("live").booleanValue()).isTrue();
        var ready = http.get(at("v2/health/ready"));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("ready").booleanValue()).isTrue();
        var head = http.send(HttpRequest.newBuilder(at("v2/health/ready")).method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    // ---------------------------------------------------------------- model metadata and readiness

    @Test
    void modelMetadataListsTheInputsInSchemaOrder() throws Exception {
        var reply = http.get(at("v2/models/salary"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("X-Model-Version")).isEqualTo("1.0.0");
        JsonNode json = reply.json();
        assertThat(json.get("name").textValue()).isEqualTo("salary");
        assertThat(names(json.get("versions"))).containsExactly("1.0.0");
        assertThat(json.get("platform").textValue()).isEqualTo("salaryml_linear");
        assertThat(json.get("inputs")).hasSize(3);
        assertThat(json.get("inputs")).extracting(input -> input.get("name").textValue())
                .containsExactly("experience", "test_score", "interview_score");
        for (JsonNode tensor : List.of(json.get("inputs").get(0), json.get("outputs").get(0))) {
            assertThat(tensor.get("datatype").textValue()).isEqualTo("FP64");
            assertThat(tensor.get("shape").toString()).isEqualTo("[-1]");
        }
        assertThat(json.get("outputs")).hasSize(1);
        assertThat(json.get("outputs").get(0).get("name").textValue()).isEqualTo("salary");
        assertThat(http.get(at("v2/models/salary/versions/1.0.0")).json()).isEqualTo(json);
    }

    @Test
    void modelIsReadyWithAndWithoutItsVersion() throws Exception {
        var document = OpenApiDocument.servedBy(http, app.base());
        for (var path : READY_PATHS.entrySet()) {
            var reply = http.get(at(path.getKey()));
            assertThat(reply.status()).as(path.getKey()).isEqualTo(200);
            assertThat(reply.json()).isEqualTo(JSON.readTree("{\"name\":\"salary\",\"ready\":true}"));
            assertThat(reply.header("X-Model-Version")).isEqualTo("1.0.0");
            assertAsDocumented(document, path.getValue(), reply);
        }
    }

    /** The model-ready paths, with and without a version, and the templates the OpenAPI document names them by. */
    static final Map<String, String> READY_PATHS = Map.of(
            "v2/models/salary/ready", "/v2/models/{model_name}/ready",
            "v2/models/salary/versions/1.0.0/ready", "/v2/models/{model_name}/versions/{model_version}/ready");

    /** The reply's status is one the document gives for the GET at {@code template}, with exactly its fields. */
    static void assertAsDocumented(OpenApiDocument document, String template, Http.Reply reply) {
        var fields = document.fields(document.schema(template, "get", reply.status()));
        var sent = new java.util.TreeSet<String>();
        reply.json().fieldNames().forEachRemaining(sent::add);
        assertThat(sent).as("the fields of " + reply.body()).containsAll(fields.required())
                .isSubsetOf(fields.properties());
    }

    // ---------------------------------------------------------------- inference

    @Test
    void inferPredictsEveryRowInOrder() throws Exception {
        var reply = http.postJson(at("v2/models/salary/infer"), TWO_ROWS);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("X-Model-Version")).isEqualTo("1.0.0");
        JsonNode json = reply.json();
        assertThat(json.get("model_name").textValue()).isEqualTo("salary");
        assertThat(json.get("model_version").textValue()).isEqualTo("1.0.0");
        assertThat(json.has("id")).isFalse();
        assertThat(json.get("outputs")).hasSize(1);
        JsonNode output = json.get("outputs").get(0);
        assertThat(output.get("name").textValue()).isEqualTo("salary");
        assertThat(output.get("datatype").textValue()).isEqualTo("FP64");
        assertThat(output.get("shape").toString()).isEqualTo("[2]");
        assertThat(output.get("data")).hasSize(2);
        assertThat(output.get("data").get(0).doubleValue()).isCloseTo(REFERENCE_SALARY, within(0.005));
        // The same model and numbers as the native API, row by row.
        double second = http.postJson(at("api/v1/predict"),
                "{\"experience\":10,\"test_score\":5,\"interview_score\":8}").json().get("salary").doubleValue();
        double first = http.postJson(at("api/v1/predict"), SalaryAppContract.REFERENCE).json().get("salary")
                .doubleValue();
        assertThat(output.get("data").get(0).doubleValue()).isEqualTo(first);
        assertThat(output.get("data").get(1).doubleValue()).isEqualTo(second);
    }

    @Test
    void inferTakesFp32AndInt64() throws Exception {
        for (String datatype : List.of("FP32", "INT64", "INT32")) {
            var reply = http.postJson(at("v2/models/salary/infer"),
                    infer(null, datatype, row(2, 10), row(9, 5), row(6, 8)));
            assertThat(reply.status()).as(datatype + ": " + reply.body()).isEqualTo(200);
            assertThat(reply.json().get("outputs").get(0).get("data").get(0).doubleValue()).as(datatype)
                    .isCloseTo(REFERENCE_SALARY, within(0.005));
        }
    }

    @Test
    void inferTakesShapeNByOneFlatOrNested() throws Exception {
        String nested = "{\"inputs\":["
                + "{\"name\":\"experience\",\"shape\":[2,1],\"datatype\":\"FP64\",\"data\":[[2],[10]]},"
                + "{\"name\":\"test_score\",\"shape\":[2,1],\"datatype\":\"FP64\",\"data\":[9,5]},"
                + "{\"name\":\"interview_score\",\"shape\":[2,1],\"datatype\":\"INT64\",\"data\":[[6],[8]]}],"
                + "\"outputs\":[{\"name\":\"salary\"}]}";
        var reply = http.postJson(at("v2/models/salary/infer"), nested);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode output = reply.json().get("outputs").get(0);
        assertThat(output.get("shape").toString()).isEqualTo("[2]");
        assertThat(output.get("data").get(0).doubleValue()).isCloseTo(REFERENCE_SALARY, within(0.005));
    }

    @Test
    void inferEchoesTheIdAndUsesItAsTheRequestId() throws Exception {
        var reply = http.postJson(at("v2/models/salary/infer"),
                infer("client-42", "FP64", row(2), row(9), row(6)));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("id").textValue()).isEqualTo("client-42");
        assertThat(reply.header("X-Request-Id")).isEqualTo("client-42");

        // Any string is echoed, but only a sane one stands for the request in headers and logs.
        var odd = http.postJson(at("v2/models/salary/infer"), infer("<odd id>", "FP64", row(2), row(9), row(6)));
        assertThat(odd.json().get("id").textValue()).isEqualTo("<odd id>");
        assertThat(odd.header("X-Request-Id")).isNotEqualTo("<odd id>").matches("[A-Za-z0-9._:-]+");
    }

    @Test
    void aVersionedPathUsesThatVersion() throws Exception {
        var reply = http.postJson(at("v2/models/salary/versions/1.0.0/infer"), TWO_ROWS);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("model_version").textValue()).isEqualTo("1.0.0");
        assertThat(reply.json().get("outputs").get(0).get("data").get(0).doubleValue())
                .isCloseTo(REFERENCE_SALARY, within(0.005));
        for (String path : List.of("v2/models/salary/versions/9.9.9/infer")) {
            assertError(http.postJson(at(path), TWO_ROWS), 404, "9.9.9");
        }
        assertError(http.get(at("v2/models/salary/versions/9.9.9")), 404, "the loaded versions are 1.0.0");
        assertError(http.get(at("v2/models/salary/versions/9.9.9/ready")), 404, "9.9.9");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void badInputIsA400NamingTheInputAndIndex() throws Exception {
        var range = http.postJson(at("v2/models/salary/infer"), infer(null, "FP64", row(2, 10), row(9, 12), row(6, 8)));
        assertError(range, 400, "input 'test_score' data[1] must be between 0 and 10");
        assertError(http.postJson(at("v2/models/salary/infer"), "{\"inputs\":[{\"name\":\"experience\","
                + "\"shape\":[1],\"datatype\":\"FP64\",\"data\":[2]}]}"), 400, "'test_score', 'interview_score'");
        assertError(http.postJson(at("v2/models/salary/infer"), infer(null, "FP64", row(2), row(9), row(6))
                .replaceFirst("FP64", "BYTES")), 400, "datatype BYTES");
        assertError(http.postJson(at("v2/models/salary/infer"), infer(null, "FP64", row(2), row(9), row(6))
                .replace("[2.0]", "[2.5, 3]")), 400, "shape [1] needs 1");
        assertError(http.postJson(at("v2/models/salary/infer"), infer(null, "INT64", row(2), row(9), row(6))
                .replace("[2]", "[2.5]")), 400, "whole number");
        assertError(http.postJson(at("v2/models/salary/infer"), "{\"instances\":[]," + TWO_ROWS.substring(1)), 400,
                "unknown field 'instances'");
        assertError(http.postJson(at("v2/models/salary/infer"), TWO_ROWS.replace("]}]}",
                "]}],\"outputs\":[{\"name\":\"bonus\"}]}")), 400, "output 'bonus'");
    }

    @Test
    void malformedBodiesAreA400() throws Exception {
        for (String body : List.of("", "{\"inputs\":", "not json", "[1]", TWO_ROWS + " trailing",
                "{\"id\":\"a\",\"id\":\"b\",\"inputs\":[]}", "{\"inputs\":[]}")) {
            assertError(http.postJson(at("v2/models/salary/infer"), body), 400, "");
        }
        byte[] invalidUtf8 = {'{', '"', 'i', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
        assertError(http.post(at("v2/models/salary/infer"), "application/json", invalidUtf8), 400, "");
    }

    @Test
    void unknownPathsModelsAndVersionsAreA404() throws Exception {
        assertError(http.get(at("v2/nothing")), 404, "the V2 endpoints are");
        assertError(http.get(at("v2/models/salary/predict")), 404, "");
        assertError(http.get(at("v2/repository/index")), 404, "");
        assertError(http.get(at("v2/models/bonus")), 404, "There is no model 'bonus'");
        assertError(http.get(at("v2/models/bonus/ready")), 404, "bonus");
        assertError(http.postJson(at("v2/models/bonus/infer"), TWO_ROWS), 404, "bonus");
    }

    @Test
    void theWrongMethodIsA405SayingWhichIsAllowed() throws Exception {
        var get = http.get(at("v2/models/salary/infer"));
        assertError(get, 405, "POST");
        assertThat(get.header("Allow")).isEqualTo("POST, OPTIONS");
        var post = http.postJson(at("v2/models/salary"), TWO_ROWS);
        assertError(post, 405, "GET");
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        var delete = http.send(HttpRequest.newBuilder(at("v2/health/live")).DELETE());
        assertError(delete, 405, "DELETE");
        var put = http.send(HttpRequest.newBuilder(at("v2/models/salary/infer"))
                .PUT(HttpRequest.BodyPublishers.ofString(TWO_ROWS)).header("Content-Type", "application/json"));
        assertError(put, 405, "PUT");
        assertThat(put.header("Allow")).isEqualTo("POST, OPTIONS");
    }

    @Test
    void aBodyOverTheLimitIsA413ThatClosesTheConnection() throws Exception {
        // Only the head is sent, announcing 64 MiB: the app must refuse without waiting for the body, and
        // tell the client that the connection closes. (Sending the body as well makes a flaky test: a server
        // that closes a connection with unread data in it resets it, and a client still sending may lose the
        // 413 with it.)
        URI uri = at("v2/models/salary/infer");
        try (var socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + 64 * 1024 * 1024 + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            RawReply reply = RawReply.read(socket.getInputStream());
            assertThat(reply.statusLine()).startsWith("HTTP/1.1 413 ");
            assertThat(reply.headers()).containsEntry("connection", "close");
            assertThat(JSON.readTree(reply.body()).get("error").textValue())
                    .startsWith("The request body is larger than 1048576 bytes");
        }
    }

    @Test
    void aBodyOverTheLimitThatWasSwallowedStillClosesTheConnectionAsInTheNativeApi() throws Exception {
        // 2 MiB, sent in full: over the 1 MiB limit, under the 8 MiB the app reads and discards before its 413.
        // A 413 closes the connection in both APIs whether or not the body was swallowed, as Tomcat does anyway.
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        for (String path : List.of("v2/models/salary/infer", "api/v1/predict")) {
            RawHttp.Head head = RawHttp.postLarge(at(path), "application/json", body);
            assertThat(head.statusLine()).as(path).startsWith("HTTP/1.1 413 ");
            assertThat(head.headers()).as(path).containsEntry("connection", "close");
        }
    }

    /** One HTTP/1.1 response read off a socket: enough of HTTP for a request no client library would send. */
    record RawReply(String statusLine, Map<String, String> headers, String body) {

        static RawReply read(java.io.InputStream in) throws java.io.IOException {
            String status = line(in);
            var headers = new java.util.HashMap<String, String>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                        line.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT));
            }
            var body = new java.io.ByteArrayOutputStream();
            if ("chunked".equals(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).strip(), 16); size > 0;
                        size = Integer.parseInt(line(in).strip(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            }
            return new RawReply(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(java.io.InputStream in) throws java.io.IOException {
            var line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("the connection closed in the middle of a line: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    @Test
    void anythingButJsonInUtf8IsA415AndNoTypeIsJson() throws Exception {
        byte[] body = TWO_ROWS.getBytes(StandardCharsets.UTF_8);
        var plain = http.post(at("v2/models/salary/infer"), "text/plain", body);
        assertError(plain, 415, "application/json");
        assertThat(plain.header("Connection")).isEqualToIgnoringCase("close");
        assertError(http.post(at("v2/models/salary/infer"), "application/octet-stream", body), 415, "binary");
        // The protocol's clients send none (Triton's does not): the body is read as the JSON it is.
        assertThat(http.post(at("v2/models/salary/infer"), null, body).status()).isEqualTo(200);
        assertError(http.post(at("v2/models/salary/infer"), "application/json; charset=ISO-8859-1", body), 415,
                "UTF-8");
        assertThat(http.post(at("v2/models/salary/infer"), "application/json; charset=utf-8", body).status())
                .isEqualTo(200);
    }

    @Test
    void aRequestWhoseBodyWasReadKeepsItsConnection() throws Exception {
        // (Tomcat closes the connection after any 400, whatever the app says, so a success shows it.)
        assertThat(http.postJson(at("v2/models/salary/infer"), TWO_ROWS).header("Connection")).isNull();
        assertThat(http.get(at("v2/health/live")).header("Connection")).isNull();
    }

    @Test
    void everyV2ResponseCarriesTheSecurityHeaders() throws Exception {
        for (Http.Reply reply : List.of(http.get(at("v2")), http.postJson(at("v2/models/salary/infer"), TWO_ROWS),
                http.postJson(at("v2/models/salary/infer"), "{}"), http.get(at("v2/nothing")))) {
            assertThat(reply.header("Content-Security-Policy")).contains("default-src 'none'");
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    // ---------------------------------------------------------------- other deployments

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutAModel {

        @TempDir
        Path dir;

        @Test
        void theServerIsLiveButNotReadyAndModelsAreNotReady() throws Exception {
            Path broken = dir.resolve("salary-model-9.json");
            Files.writeString(broken, "{\"format\":\"not a model\"}");
            try (Deployment other = container().deploy(Container.builtWar(), "/salary",
                    Map.of("salary.model", broken.toString()))) {
                assertThat(http.get(other.base().resolve("v2/health/live")).status()).isEqualTo(200);
                var ready = http.get(other.base().resolve("v2/health/ready"));
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().get("ready").booleanValue()).isFalse();
                assertThat(http.get(other.base().resolve("v2")).status()).isEqualTo(200);
                assertError(http.get(other.base().resolve("v2/models/salary")), 503, "No model is loaded");
                // The document describes the model being served, so without one there is none; what it says of
                // the answers without a model is the same for every model, so take the default app's.
                var none = http.get(other.base().resolve("openapi.json"));
                assertThat(none.status()).isEqualTo(503);
                assertThat(none.json().get("detail").textValue()).startsWith("No model is loaded");
                // The protocol's model-ready answer, as when ready, only false; and as the document says.
                var document = OpenApiDocument.servedBy(http, app.base());
                for (var path : READY_PATHS.entrySet()) {
                    var notReady = http.get(other.base().resolve(path.getKey()));
                    assertThat(notReady.status()).as(path.getKey()).isEqualTo(503);
                    assertThat(notReady.json()).isEqualTo(JSON.readTree("{\"name\":\"salary\",\"ready\":false}"));
                    assertThat(notReady.header("X-Model-Version")).isNull();
                    assertAsDocumented(document, path.getValue(), notReady);
                }
                assertError(http.postJson(other.base().resolve("v2/models/salary/infer"), TWO_ROWS), 503, "");
                assertError(http.postJson(other.base().resolve("v2/models/salary/versions/1.0.0/infer"), TWO_ROWS),
                        503, "");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTwoVersions {

        @TempDir
        Path dir;

        @Test
        void theVersionInThePathChoosesTheModel() throws Exception {
            byte[] reference;
            try (var in = V2ProtocolContract.class.getResourceAsStream("/models/salary-model-1.0.0.json")) {
                reference = in.readAllBytes();
            }
            Files.write(dir.resolve("salary-model-1.0.0.json"), reference);
            Files.write(dir.resolve("salary-model-2.0.0.json"), ModelFormat.write(simpleModel(reference, "2.0.0")));
            try (Deployment other = container().deploy(Container.builtWar(), "/salary",
                    Map.of("salary.model", dir.toString()))) {
                URI base = other.base();
                var latest = http.postJson(base.resolve("v2/models/salary/infer"), TWO_ROWS);
                assertThat(latest.json().get("model_version").textValue()).isEqualTo("2.0.0");
                assertThat(latest.json().get("outputs").get(0).get("data").get(0).doubleValue())
                        .isCloseTo(1296.0, within(1e-9));
                var older = http.postJson(base.resolve("v2/models/salary/versions/1.0.0/infer"), TWO_ROWS);
                assertThat(older.header("X-Model-Version")).isEqualTo("1.0.0");
                assertThat(older.json().get("model_version").textValue()).isEqualTo("1.0.0");
                assertThat(older.json().get("outputs").get(0).get("data").get(0).doubleValue())
                        .isCloseTo(REFERENCE_SALARY, within(0.005));
                JsonNode metadata = http.get(base.resolve("v2/models/salary")).json();
                assertThat(names(metadata.get("versions"))).containsExactly("1.0.0", "2.0.0");
                assertThat(http.get(base.resolve("v2/models/salary/versions/1.0.0")).header("X-Model-Version"))
                        .isEqualTo("1.0.0");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithThePredictionLog {

        @TempDir
        Path dir;

        @Test
        void everyPredictedInstanceIsOneLineWithItsRequestIdAndVersion() throws Exception {
            Path log = dir.resolve("logs/predictions.jsonl");
            try (Deployment other = container().deploy(Container.builtWar(), "/salary",
                    Map.of("salary.prediction-log", log.toString()))) {
                URI base = other.base();
                assertThat(withId(HttpRequest.newBuilder(base.resolve("?experience=2&test_score=9&interview_score=6"))
                        .GET(), "it-page").status()).isEqualTo(200);
                assertThat(withId(post(base.resolve("api/v1/predict"), SalaryAppContract.REFERENCE), "it-v1-single")
                        .status()).isEqualTo(200);
                String batch = "{\"instances\":[" + SalaryAppContract.REFERENCE + ","
                        + "{\"experience\":10,\"test_score\":5,\"interview_score\":8},"
                        + "{\"experience\":30,\"test_score\":9,\"interview_score\":6}]}";
                assertThat(withId(post(base.resolve("api/v1/predict"), batch), "it-v1-batch").status())
                        .isEqualTo(200);
                assertThat(http.postJson(base.resolve("v2/models/salary/infer"),
                        "{\"id\":\"it-v2\"," + TWO_ROWS.substring(1)).status()).isEqualTo(200);
                assertThat(withId(post(base.resolve("v2/models/salary/infer"),
                        infer("not sane!", "FP64", row(2), row(9), row(6))), "it-v2-header").status())
                        .isEqualTo(200);
                // Refused requests predict nothing, so they log nothing.
                assertThat(withId(post(base.resolve("api/v1/predict"), "{}"), "it-refused").status()).isEqualTo(400);
                assertThat(withId(post(base.resolve("v2/models/salary/infer"), "{}"), "it-refused").status())
                        .isEqualTo(400);
            }
            // Undeploying closes the log, which writes everything queued first.
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                lines.add(JSON.readTree(line));
            }
            assertThat(lines).extracting(line -> line.get("endpoint").textValue() + " "
                            + line.get("request_id").textValue() + " " + line.get("index").intValue())
                    .containsExactly("page it-page 0", "v1 it-v1-single 0", "v1 it-v1-batch 0", "v1 it-v1-batch 1",
                            "v1 it-v1-batch 2", "v2 it-v2 0", "v2 it-v2 1", "v2 it-v2-header 0");
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.get("model_name").textValue()).isEqualTo("salary");
                assertThat(line.get("model_version").textValue()).isEqualTo("1.0.0");
                // The tests deploy in development, which serves the packaged model unsigned; every line says so.
                assertThat(line.get("approval").get("status").textValue()).isEqualTo("unsigned");
            });
            assertThat(lines.get(0).get("output").get("salary").doubleValue()).isCloseTo(REFERENCE_SALARY,
                    within(0.005));
            assertThat(lines.get(4).get("inputs").get("experience").doubleValue()).isEqualTo(30.0);
            assertThat(lines.get(4).get("warnings")).hasSize(1);
            assertThat(lines.get(6).get("inputs").get("interview_score").doubleValue()).isEqualTo(8.0);
        }

        private HttpRequest.Builder post(URI uri, String json) {
            return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json");
        }

        private Http.Reply withId(HttpRequest.Builder request, String id) throws Exception {
            return http.send(request.header("X-Request-Id", id));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A model whose predictions are easy to compute: 1000 + 100·experience + 10·test + 1·interview. */
    static Model simpleModel(byte[] reference, String version) throws Exception {
        Model base = ModelFormat.read(reference, "salary-model-1.0.0.json");
        return new Model(base.metadata().withVersion(version), new LinearModel(1000, new double[] {100, 10, 1}),
                base.interval());
    }

    static List<String> names(JsonNode array) {
        var names = new ArrayList<String>();
        array.forEach(node -> names.add(node.textValue()));
        return names;
    }

    /** A V2 error: the status, {@code {"error": "..."}} as JSON, and nothing of the server's insides. */
    static void assertError(Http.Reply reply, int status, String messagePart) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode json = reply.json();
        assertThat(json.size()).as(reply.body()).isEqualTo(1);
        assertThat(json.get("error").textValue()).isNotBlank().contains(messagePart);
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("com.salaryml");
    }
}
