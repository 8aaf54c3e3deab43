package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.Seeds;
import com.salaryml.artifact.Seeds.Case;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input against the built WAR over real HTTP, generated from a seed ({@link Seeds}: a failure names
 * the seed and case that replay it). Whatever a client sends, in its body or its headers, the native API and
 * V2 infer answer with a 4xx in their own error format (never a 5xx, never a stack trace), the page answers
 * 200 or 4xx with everything escaped, and the app stays ready. Subclasses deploy the WAR once per class into
 * their container with {@link #deploy} and {@link #undeploy}.
 */
@ExtendWith(Seeds.Report.class)
abstract class HostileInputContract {

    static final String V1_SINGLE = "{\"experience\":2,\"test_score\":9,\"interview_score\":6}";
    static final String V1_BATCH = "{\"instances\":[" + V1_SINGLE + "," + V1_SINGLE + "]}";
    static final String V2_BODY = v2("2", "9", "6");
    static final List<String> FIELDS = List.of("experience", "test_score", "interview_score");

    /** JUnit makes an instance per test, so the one deployment of a class is held statically. */
    private static Deployment app;
    static final Http HTTP = new Http();

    static void deploy(Container container) throws Exception {
        app = container.deploy(Container.builtWar(), "/salary", java.util.Map.of());
    }

    static void undeploy() throws Exception {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    static URI at(String relative) {
        return app.base().resolve(relative);
    }

    /** The two JSON APIs, each with its own error format. */
    enum Api {
        V1("api/v1/predict") {
            @Override
            void assertError(int status, String contentType, String body) {
                assertThat(contentType).as(body).startsWith("application/problem+json");
                JsonNode json = json(body);
                assertThat(json.get("status").intValue()).as(body).isEqualTo(status);
                assertThat(json.get("title").textValue()).as(body).isNotBlank();
                assertThat(json.get("detail").textValue()).as(body).isNotBlank();
            }
        },
        V2("v2/models/salary/infer") {
            @Override
            void assertError(int status, String contentType, String body) {
                assertThat(contentType).as(body).startsWith("application/json");
                assertThat(json(body).get("error").textValue()).as(body).isNotBlank();
            }
        };

        final String path;

        Api(String path) {
            this.path = path;
        }

        abstract void assertError(int status, String contentType, String body);

        String valid() {
            return this == V1 ? V1_SINGLE : V2_BODY;
        }
    }

    // ---------------------------------------------------------------- after every case

    @AfterEach
    void theAppIsStillReady() throws Exception {
        assertThat(HTTP.get(at("health/ready")).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- malformed JSON

    @ParameterizedTest
    @MethodSource("randomTexts")
    void randomTextIsRefused(Case<Text> text) throws Exception {
        assertRefused(text.value().api(), text.value().text().getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("cuts")
    void aTruncatedBodyIsRefused(Case<Cut> cut) throws Exception {
        Api api = cut.value().api();
        byte[] valid = api.valid().getBytes(StandardCharsets.UTF_8);
        int length = (int) (cut.value().fraction() * (valid.length - 1));
        assertRefused(api, Arrays.copyOf(valid, length));
    }

    @ParameterizedTest
    @MethodSource("insertions")
    void aBodyWithAnInsertedBracketOrQuoteIsRefused(Case<Insertion> insertion) throws Exception {
        Api api = insertion.value().api();
        String valid = api.valid();
        int at = (int) (insertion.value().where() * valid.length());
        assertRefused(api, (valid.substring(0, at) + insertion.value().inserted() + valid.substring(at))
                .getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("flips")
    void aBodyWithFlippedBitsIsAnsweredWithoutAServerError(Case<Flips> flips) throws Exception {
        Api api = flips.value().api();
        byte[] body = api.valid().getBytes(StandardCharsets.UTF_8);
        for (Flip flip : flips.value().flips()) {
            body[flip.position() % body.length] ^= (byte) (1 << flip.bit());
        }
        // A flipped digit can still be a valid request; anything else must be refused properly.
        Http.Reply reply = HTTP.post(at(api.path), "application/json", body);
        if (reply.status() != 200) {
            assertRefused(api, reply, new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    @ParameterizedTest
    @MethodSource("invalidUtf8")
    void invalidUtf8IsA400(Case<BadBytes> insertion) throws Exception {
        Api api = insertion.value().api();
        byte[] bad = insertion.value().bytes();
        byte[] valid = api.valid().getBytes(StandardCharsets.UTF_8);
        int at = (int) (insertion.value().where() * valid.length);
        var body = new ByteArrayOutputStream();
        body.write(valid, 0, at);
        body.write(bad);
        body.write(valid, at, valid.length - at);
        Http.Reply reply = HTTP.post(at(api.path), "application/json", body.toByteArray());
        assertRefused(api, reply, Arrays.toString(bad) + " at " + at);
        assertThat(reply.status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- wrong values

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeIsA400(Case<Value> value) throws Exception {
        Api api = value.value().api();
        assertStatus(api, withValue(api, value.value().field(), value.value().text()), 400);
    }

    @ParameterizedTest
    @MethodSource("hostileNumbers")
    void aNumberNoDoubleCanHoldIsA400(Case<Value> value) throws Exception {
        Api api = value.value().api();
        assertStatus(api, withValue(api, value.value().field(), value.value().text()), 400);
    }

    @Test
    void minusZeroIsAValidValue() throws Exception {
        for (Api api : Api.values()) {
            for (int field = 0; field < FIELDS.size(); field++) {
                var reply = HTTP.postJson(at(api.path), withValue(api, field, "-0"));
                assertThat(reply.status()).as(api + " " + FIELDS.get(field) + ": " + reply.body()).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("v2Tensors")
    void aV2TensorOfTheWrongShapeIsA400(Case<String> body) throws Exception {
        assertStatus(Api.V2, body.value(), 400);
    }

    // ---------------------------------------------------------------- missing, unknown and duplicate fields

    @ParameterizedTest
    @MethodSource("fieldSubsets")
    void missingFieldsAreA400(Case<Kept> subset) throws Exception {
        Api api = subset.value().api();
        List<Integer> kept = subset.value().fields();
        String body;
        if (api == Api.V1) {
            var parts = new ArrayList<String>();
            String[] values = {"2", "9", "6"};
            kept.forEach(i -> parts.add("\"" + FIELDS.get(i) + "\":" + values[i]));
            body = "{" + String.join(",", parts) + "}";
        } else {
            var parts = new ArrayList<String>();
            String[] values = {"2", "9", "6"};
            kept.forEach(i -> parts.add(input(FIELDS.get(i), values[i])));
            body = "{\"inputs\":[" + String.join(",", parts) + "]}";
        }
        assertStatus(api, body, 400);
    }

    @ParameterizedTest
    @MethodSource("unknownFieldBodies")
    void unknownFieldsAreA400(Case<String> body) throws Exception {
        assertStatus(body.value().contains("\"inputs\"") ? Api.V2 : Api.V1, body.value(), 400);
    }

    @ParameterizedTest
    @MethodSource("duplicateKeyBodies")
    void duplicateKeysAreA400(Case<String> body) throws Exception {
        assertStatus(body.value().contains("\"inputs\"") ? Api.V2 : Api.V1, body.value(), 400);
    }

    @Test
    void v2ParametersAreAllowed() throws Exception {
        String body = "{\"parameters\":{\"anything\":[1,{\"x\":true}]}," + V2_BODY.substring(1);
        assertThat(HTTP.postJson(at(Api.V2.path), body).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- sizes and shapes

    @Test
    void nestingTenThousandDeepIsA400() throws Exception {
        String arrays = "[".repeat(10_000) + "]".repeat(10_000);
        String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        for (Api api : Api.values()) {
            assertStatus(api, arrays, 400);
            assertStatus(api, objects, 400);
            assertStatus(api, withValue(api, 0, arrays), 400);
        }
        assertStatus(Api.V1, "{\"instances\":" + arrays + "}", 400);
        assertStatus(Api.V2, "{\"inputs\":[{\"name\":\"experience\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":"
                + arrays + "}]}", 400);
    }

    @Test
    void aFiftyMegabyteBodyIsA413() throws Exception {
        byte[] body = new byte[50 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        for (Api api : Api.values()) {
            RawHttp.Head head = RawHttp.postLarge(at(api.path), "application/json", body);
            assertThat(head.statusLine()).as(api.toString()).startsWith("HTTP/1.1 413 ");
        }
    }

    @Test
    void anEmptyBodyIsA400() throws Exception {
        for (Api api : Api.values()) {
            assertStatus(api, "", 400);
        }
    }

    @Test
    void anotherCharsetIsA415() throws Exception {
        for (Api api : Api.values()) {
            for (var charset : List.of(StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16)) {
                Http.Reply reply = HTTP.post(at(api.path), "application/json; charset=" + charset.name(),
                        api.valid().getBytes(charset));
                assertRefused(api, reply, charset.name());
                assertThat(reply.status()).isEqualTo(415);
            }
        }
    }

    @Test
    void aBatchOfNoRowsIsA400() throws Exception {
        assertStatus(Api.V1, "{\"instances\":[]}", 400);
        assertStatus(Api.V2, v2Rows(0), 400);
    }

    @Test
    void aBatchOverTheLimitThatFitsInTheBodyIsA413NamingTheCountTheLimitAndTheSetting() throws Exception {
        // 2,001 rows fit in the 1 MiB body limit; the default batch limit of 2,000 refuses them.
        Http.Reply v1 = HTTP.postJson(at(Api.V1.path),
                "{\"instances\":[" + (V1_SINGLE + ",").repeat(2_000) + V1_SINGLE + "]}");
        assertRefused(Api.V1, v1, "2,001 instances");
        assertThat(v1.status()).as(v1.body()).isEqualTo(413);
        JsonNode problem = json(v1.body());
        assertThat(problem.get("errors").get(0).get("field").textValue()).isEqualTo("instances");
        assertThat(problem.get("errors").get(0).get("message").textValue()).isEqualTo("holds 2001 instances; at most"
                + " 2000 are allowed per request (salary.max-batch); split them over several requests");

        Http.Reply v2 = HTTP.postJson(at(Api.V2.path), v2Rows(2_001));
        assertRefused(Api.V2, v2, "2,001 rows");
        assertThat(v2.status()).as(v2.body()).isEqualTo(413);
        assertThat(json(v2.body()).get("error").textValue()).isEqualTo("input 'experience' has shape [2001]: 2001"
                + " rows; at most 2000 are allowed per request (salary.max-batch); split them over several requests.");
        // A shape claiming a million rows over three values: refused by the batch limit before the data.
        assertStatus(Api.V2, V2_BODY.replace("\"shape\":[1]", "\"shape\":[1000001]"), 413);
    }

    @Test
    void aBatchAtTheLimitIsPredicted() throws Exception {
        assertThat(HTTP.postJson(at(Api.V1.path), "{\"instances\":[" + (V1_SINGLE + ",").repeat(1_999) + V1_SINGLE
                + "]}").status()).isEqualTo(200);
        assertThat(HTTP.postJson(at(Api.V2.path), v2Rows(2_000)).status()).isEqualTo(200);
    }

    @Test
    void aBatchOfAMillionAndOneRowsIsRefused() throws Exception {
        for (Api api : Api.values()) {
            String body = api == Api.V1
                    ? "{\"instances\":[" + (V1_SINGLE + ",").repeat(1_000_000) + V1_SINGLE + "]}"
                    : v2Rows(1_000_001);
            RawHttp.Head head = RawHttp.postLarge(at(api.path), "application/json",
                    body.getBytes(StandardCharsets.UTF_8));
            // Too large for the body limit in both APIs; a server with a larger body limit refuses the batch: 413 too.
            assertThat(head.status()).as(api + ": " + head.statusLine()).isEqualTo(413);
        }
    }

    // ---------------------------------------------------------------- the page

    @ParameterizedTest
    @MethodSource("pageValues")
    void thePageEscapesWhateverItIsGiven(Case<PageValue> page) throws Exception {
        String value = page.value().text();
        int field = page.value().field();
        String probe = "<xss-probe>" + value;
        var query = new StringBuilder("?");
        for (int i = 0; i < FIELDS.size(); i++) {
            String given = i == field ? probe : new String[] {"2", "9", "6"}[i];
            query.append(i == 0 ? "" : "&").append(FIELDS.get(i)).append('=')
                    .append(URLEncoder.encode(given, StandardCharsets.UTF_8));
        }
        Http.Reply reply = HTTP.get(at(query.toString()));
        assertThat(reply.status()).as(value).isIn(200, 400);
        assertThat(withoutOwnScript(reply.body())).as(value).doesNotContain("<xss-probe>").doesNotContain("<script")
                .doesNotContain("<img").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(reply.headers().map().keySet()).as(value)
                .noneMatch(name -> name.equalsIgnoreCase("Set-Cookie") || name.equalsIgnoreCase("X-Injected"));
    }

    @Test
    void aQueryStringThatIsNotAValidUriIsNeverAServerError() throws Exception {
        URI base = at("");
        for (String query : List.of("experience=%zz&test_score=9&interview_score=6", "experience=%",
                "experience=%c3%28&test_score=%ff%fe&interview_score=6", "experience=<script>alert(1)</script>",
                "experience=\"><img src=x onerror=alert(1)>&test_score=9&interview_score=6",
                "experience=2%0d%0aSet-Cookie:%20stolen=1&test_score=9&interview_score=6",
                "experience=2&experience=3&test_score=9&interview_score=6", "=&&&=x&" + "a=b&".repeat(2000))) {
            RawHttp.Reply reply;
            List<String> traces;
            try (LogCapture log = LogCapture.start()) {
                reply = RawHttp.send(base, "GET " + base.getRawPath() + "?" + query + " HTTP/1.1\r\nHost: "
                        + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n\r\n");
                traces = log.stackTraces();
            }
            assertThat(reply.head().status()).as(query + ": " + reply.head().statusLine()).isBetween(200, 499);
            // Jetty refuses a query it cannot decode with a 400 through the app's error page, which logs no trace.
            assertThat(traces).as("what was logged for " + query).isEmpty();
            assertThat(reply.head().headers()).as(query).doesNotContainKey("set-cookie");
            assertThat(withoutOwnScript(reply.body())).as(query).doesNotContain("<script").doesNotContain("<img")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    // ---------------------------------------------------------------- headers

    /**
     * A header that reaches the app or the container is never a 5xx and never leaves a stack trace in the log.
     * Where the app answers, it answers in the format of the address; where the container refuses the request
     * itself (a malformed Content-Length, a header over its size limit), it answers 4xx on its own.
     */
    @ParameterizedTest
    @MethodSource("hostileHeaders")
    void aHostileHeaderIsNeverAServerErrorNorAStackTrace(Case<HeaderCase> hostile) throws Exception {
        HeaderCase sent = hostile.value();
        URI base = at("");
        RawHttp.Reply reply;
        List<String> traces;
        try (LogCapture log = LogCapture.start()) {
            reply = RawHttp.send(base, sent.request(base));
            traces = log.stackTraces();
        }
        int status = reply.head().status();
        String shown = sent + " \u2192 " + reply.head().statusLine() + " " + reply.body();
        assertThat(status).as(shown).isLessThan(500);
        if (sent.headers().refused() && sent.target() != Target.PAGE) {
            assertThat(status).as(shown).isBetween(400, 499);
        }
        assertThat(reply.body()).as(shown).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(traces).as("what was logged for " + sent).isEmpty();
        // The app's answers carry its security headers; the container's own refusals do not.
        if (reply.head().headers().containsKey("content-security-policy")) {
            sent.target().assertAnswer(status, reply.head().headers().get("content-type"), reply.body());
        }
    }

    /** Where a hostile header is sent: the two APIs with a valid body, and the page with a valid query. */
    enum Target {
        V1(Api.V1), V2(Api.V2), PAGE(null);

        final Api api;

        Target(Api api) {
            this.api = api;
        }

        String requestLine(URI base) {
            return api == null ? "GET " + base.getRawPath() + "?experience=2&test_score=9&interview_score=6"
                    : "POST " + base.getRawPath() + api.path;
        }

        /** A body even for the page's GET: Jetty then parses it as a form, charset and all. */
        String body() {
            return api == null ? "experience=2" : api.valid();
        }

        void assertAnswer(int status, String contentType, String body) {
            if (api == null) {
                assertThat(contentType).as(body).startsWith("text/html");
            } else if (status == 200) {
                assertThat(contentType).as(body).startsWith("application/json");
            } else {
                api.assertError(status, contentType, body);
            }
        }
    }

    /**
     * Header lines as they go on the wire: each character up to U+00FF is one byte, so that bytes beyond
     * ASCII go as they are. A Content-Length for the body is added unless the lines hold their own.
     *
     * @param name    what the case is, for the failure message
     * @param refused whether the APIs must refuse it with a 4xx; otherwise 200 is an answer too
     */
    record Headers(String name, List<String> lines, boolean refused) {
    }

    record HeaderCase(Target target, Headers headers) {

        String request(URI base) {
            String body = target.body();
            var request = new StringBuilder(target.requestLine(base)).append(" HTTP/1.1\r\nHost: ")
                    .append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
            headers.lines().forEach(line -> request.append(line).append("\r\n"));
            boolean ownLength = headers.lines().stream()
                    .anyMatch(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15));
            if (!ownLength) {
                request.append("Content-Length: ").append(body.length()).append("\r\n");
            }
            return request.append("Connection: close\r\n\r\n").append(body).toString();
        }

        @Override
        public String toString() {
            String lines = String.join(" | ", headers.lines());
            return target + " " + headers.name() + ": " + (lines.length() <= 200 ? lines : lines.substring(0, 200)
                    + "\u2026 (" + lines.length() + " characters)");
        }
    }

    /** {@code text} as its UTF-8 bytes, one character each: how a client sends it raw. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static final List<Headers> HOSTILE_HEADERS = List.of(
            // Charsets: unknown, empty, unterminated, given twice, beyond ASCII, huge.
            refused("an unknown charset", "Content-Type: application/json; charset=x-no-such-charset"),
            refused("an empty charset", "Content-Type: application/json; charset="),
            refused("an unterminated quoted charset", "Content-Type: application/json; charset=\"utf-8"),
            refused("two different charsets", "Content-Type: application/json; charset=utf-8; charset=latin1"),
            refused("the same charset twice", "Content-Type: application/json; charset=utf-8; charset=utf-8"),
            refused("a Latin-1 charset name", "Content-Type: application/json; charset=\u00e9"),
            refused("UTF-8 bytes in the charset", "Content-Type: application/json; charset=" + utf8("\u00fctf-8")),
            refused("a byte after the charset", "Content-Type: application/json; charset=utf-8\u00ff"),
            refused("a charset of 3,000 characters", "Content-Type: application/json; charset=" + "x".repeat(3000)),
            refused("a quoted charset of 500 escapes",
                    "Content-Type: application/json; charset=\"" + "\\a".repeat(500) + "\""),
            refused("an unknown charset with another media type", "Content-Type: text/plain; charset=x-no-such"),
            // Content-Type: malformed, empty, given twice, with a control character.
            refused("no media type", "Content-Type: ;;;"),
            refused("an empty Content-Type", "Content-Type: "),
            refused("a parameter without a value", "Content-Type: application/json; charset"),
            refused("Content-Type twice", "Content-Type: application/json", "Content-Type: application/json"),
            refused("two different Content-Types", "Content-Type: application/json", "Content-Type: text/plain"),
            refused("a control character", "Content-Type: application/json\u0001"),
            refused("UTF-8 bytes in the media type", "Content-Type: " + utf8("application/j\u00dfon")),
            // Content-Length: the container refuses these before the app sees them.
            refused("two different lengths", "Content-Type: application/json", "Content-Length: 5",
                    "Content-Length: 6"),
            refused("a length that is not a number", "Content-Type: application/json", "Content-Length: abc"),
            refused("a negative length", "Content-Type: application/json", "Content-Length: -1"),
            refused("a length beyond a long", "Content-Type: application/json",
                    "Content-Length: 99999999999999999999999"),
            refused("a length given as a list", "Content-Type: application/json", "Content-Length: 5, 5"),
            refused("a length with a sign", "Content-Type: application/json", "Content-Length: +5"),
            refused("a header over the container's limit", "Content-Type: application/json",
                    "X-Padding: " + "a".repeat(20_000)),
            // Headers the app does not read: answered as if they were not there.
            answered("Accept beyond ASCII", "Content-Type: application/json", "Accept: \u00ff\u00fe/*;q=abc"),
            answered("Accept with empty parts", "Content-Type: application/json", "Accept: application/json;q=2;;;,,,"),
            answered("Accept of HTML only", "Content-Type: application/json", "Accept: text/html"),
            answered("an empty Accept", "Content-Type: application/json", "Accept: "),
            answered("Accept with a NaN weight", "Content-Type: application/json", "Accept: */*;q=NaN"),
            answered("an unknown Accept-Charset", "Content-Type: application/json", "Accept-Charset: x-no-such"),
            answered("a broken Accept-Language", "Content-Type: application/json",
                    "Accept-Language: \u00e9\u00e9-,;q=x"),
            answered("a broken Accept-Encoding", "Content-Type: application/json", "Accept-Encoding: gzip;q=x, br;;"),
            answered("a long header", "Content-Type: application/json", "X-Padding: " + "a".repeat(7000)),
            answered("a Latin-1 request id", "Content-Type: application/json", "X-Request-Id: \u00e9\u00e8"),
            answered("a UTF-8 request id", "Content-Type: application/json", "X-Request-Id: " + utf8("\u65e5\u672c")),
            answered("a UTF-8 user agent", "Content-Type: application/json", "User-Agent: " + utf8("\u00e9\u2603")),
            answered("an origin beyond ASCII", "Content-Type: application/json", "Origin: http://\u00fcnicode.example"),
            answered("a broken cookie", "Content-Type: application/json", "Cookie: =;;; a\u00ff=\"b"),
            answered("a broken date", "Content-Type: application/json", "If-Modified-Since: yesterday\u00ff"));

    static Headers refused(String name, String... lines) {
        return new Headers(name, List.of(lines), true);
    }

    static Headers answered(String name, String... lines) {
        return new Headers(name, List.of(lines), false);
    }

    /** Text of up to {@code maxLength} bytes from space to U+00FF, tab included: any byte a header may hold. */
    static String anyHeaderText(SplittableRandom random, int maxLength) {
        var text = new StringBuilder();
        for (int length = random.nextInt(maxLength + 1); text.length() < length; ) {
            text.append(random.nextInt(30) == 0 ? '\t' : (char) random.nextInt(0x20, 0x100));
        }
        return text.toString();
    }

    /** A Content-Type assembled from likely and unlikely parts: media types, separators, names and values. */
    static String anyContentType(SplittableRandom random) {
        var value = new StringBuilder(Seeds.pick(random, List.of("application/json", "APPLICATION/JSON",
                " application/json ", "text/plain", "", "*/*", "application/json\u00ff", utf8("application/j\u00dfon"))));
        for (int parameters = random.nextInt(4); parameters > 0; parameters--) {
            value.append(Seeds.pick(random, List.of(";", "; ", " ;", ";;")));
            value.append(Seeds.pick(random, List.of("charset", "Charset", "CHARSET", "boundary", "", "charset ",
                    "ch\u00e4rset")));
            if (random.nextInt(5) > 0) {
                value.append('=').append(switch (random.nextInt(9)) {
                    case 0 -> "utf-8";
                    case 1 -> "UTF-8";
                    case 2 -> "\"utf-8\"";
                    case 3 -> "x-no-such-charset";
                    case 4 -> "\"" + "\\\"".repeat(random.nextInt(50)) + "\"";
                    case 5 -> "x".repeat(random.nextInt(2000));
                    case 6 -> utf8(anyText(random, 20)).replaceAll("[\\x00-\\x1f\\x7f]", "");
                    case 7 -> "\"";
                    default -> anyHeaderText(random, 30);
                });
            }
        }
        return value.toString();
    }

    /**
     * Every listed header at each address, then Content-Types put together at random, sometimes twice, and
     * random bytes, short or long, in headers a client may send.
     */
    static Stream<Case<HeaderCase>> hostileHeaders() {
        var fixed = new ArrayList<HeaderCase>();
        for (Target target : Target.values()) {
            HOSTILE_HEADERS.forEach(headers -> fixed.add(new HeaderCase(target, headers)));
        }
        List<String> names = List.of("Accept", "Accept-Charset", "Accept-Language", "Accept-Encoding",
                "X-Request-Id", "User-Agent", "Origin", "Cookie", "Referer", "If-None-Match");
        return Seeds.cases(fixed, 100, random -> {
            Target target = Seeds.pick(random, List.of(Target.values()));
            if (random.nextBoolean()) {
                var lines = new ArrayList<String>();
                lines.add("Content-Type: " + anyContentType(random));
                if (random.nextInt(4) == 0) {
                    lines.add("Content-Type: " + anyContentType(random));
                }
                return new HeaderCase(target, new Headers("a Content-Type put together", lines, false));
            }
            String value = switch (random.nextInt(3)) {
                case 0 -> anyHeaderText(random, 100);
                case 1 -> utf8(anyText(random, 50)).replaceAll("[\\x00-\\x1f\\x7f]", "");
                default -> "a".repeat(random.nextInt(12_000));
            };
            return new HeaderCase(target, new Headers("random bytes in a header", List.of(
                    "Content-Type: application/json", Seeds.pick(random, names) + ": " + value), false));
        });
    }

    // ---------------------------------------------------------------- generators

    static final List<Api> APIS = List.of(Api.values());
    static final List<Character> STRUCTURAL = List.of('{', '}', '[', ']', '"', ',', ':');
    static final List<Double> EDGE_FRACTIONS = List.of(0.0, 0.0001, 0.5, 0.9999, 1.0);

    record Text(Api api, String text) {
    }

    record Cut(Api api, double fraction) {
    }

    record Insertion(Api api, double where, char inserted) {
    }

    record Flip(int position, int bit) {
    }

    record Flips(Api api, List<Flip> flips) {
    }

    record BadBytes(Api api, double where, byte[] bytes) {
        @Override
        public String toString() {
            return api + " " + HexFormat.ofDelimiter(" ").formatHex(bytes) + " at " + where;
        }
    }

    /** One field's value replaced by the raw JSON text {@code text}. */
    record Value(Api api, int field, String text) {
    }

    record Kept(Api api, List<Integer> fields) {
    }

    record PageValue(String text, int field) {
    }

    /** A fraction between 0 and 1 with four decimals, where in a body something happens. */
    static double fraction(SplittableRandom random) {
        return random.nextInt(10_001) / 10_000.0;
    }

    /**
     * Text of up to {@code maxLength} characters of every kind a client can send: mostly any character of the
     * basic plane, and also ASCII, JSON's own punctuation, control characters, characters beyond the basic
     * plane and surrogates without their pair.
     */
    static String anyText(SplittableRandom random, int maxLength) {
        var text = new StringBuilder();
        for (int length = random.nextInt(maxLength + 1); text.length() < length; ) {
            int kind = random.nextInt(20);
            if (kind < 8) {
                text.append((char) random.nextInt(0x20, 0xD800));
            } else if (kind < 13) {
                text.append((char) random.nextInt(0x20, 0x7F));
            } else if (kind < 16) {
                text.append("{}[]\":,-.0123456789eE".charAt(random.nextInt(21)));
            } else if (kind < 18) {
                text.append((char) random.nextInt(0x20));
            } else if (kind < 19) {
                text.appendCodePoint(random.nextInt(0x10000, 0x110000));
            } else {
                text.append((char) random.nextInt(0xD800, 0xE000));
            }
        }
        return text.toString();
    }

    static Stream<Case<Text>> randomTexts() {
        var fixed = new ArrayList<Text>();
        for (Api api : APIS) {
            for (String text : List.of("", " ", "\u0000", "\t\r\n", "null", "0", "-0", "\"\"", "[]", "{", "}", "{}",
                    "\uFEFF{}", "\uFFFD", "\uD83D\uDE00", "\uD800", "NaN", "{\"experience\":")) {
                fixed.add(new Text(api, text));
            }
        }
        return Seeds.cases(fixed, 200, random -> new Text(Seeds.pick(random, APIS), anyText(random, 255)));
    }

    static Stream<Case<Cut>> cuts() {
        var fixed = new ArrayList<Cut>();
        for (Api api : APIS) {
            EDGE_FRACTIONS.forEach(fraction -> fixed.add(new Cut(api, fraction)));
        }
        return Seeds.cases(fixed, 200, random -> new Cut(Seeds.pick(random, APIS), fraction(random)));
    }

    static Stream<Case<Insertion>> insertions() {
        var fixed = new ArrayList<Insertion>();
        for (Api api : APIS) {
            for (char inserted : STRUCTURAL) {
                for (double where : List.of(0.0, 0.5, 1.0)) {
                    fixed.add(new Insertion(api, where, inserted));
                }
            }
        }
        return Seeds.cases(fixed, 200, random -> new Insertion(Seeds.pick(random, APIS), fraction(random),
                Seeds.pick(random, STRUCTURAL)));
    }

    static Stream<Case<Flips>> flips() {
        var fixed = new ArrayList<Flips>();
        for (Api api : APIS) {
            for (int position : new int[] {0, 1, 17, 60, 10_000}) {
                for (int bit : new int[] {0, 1, 7}) {
                    fixed.add(new Flips(api, List.of(new Flip(position, bit))));
                }
            }
        }
        return Seeds.cases(fixed, 200, random -> {
            var flips = new ArrayList<Flip>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                flips.add(new Flip(random.nextInt(10_001), random.nextInt(8)));
            }
            return new Flips(Seeds.pick(random, APIS), flips);
        });
    }

    static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE},
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xC0, (byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80},
            new byte[] {(byte) 0xF0, (byte) 0x28, (byte) 0x8C, (byte) 0x28});

    static Stream<Case<BadBytes>> invalidUtf8() {
        var fixed = new ArrayList<BadBytes>();
        for (Api api : APIS) {
            for (byte[] bad : INVALID_UTF8) {
                for (double where : List.of(0.0, 0.5, 1.0)) {
                    fixed.add(new BadBytes(api, where, bad));
                }
            }
        }
        return Seeds.cases(fixed, 100, random -> new BadBytes(Seeds.pick(random, APIS), fraction(random),
                Seeds.pick(random, INVALID_UTF8)));
    }

    /** Every API, field and wrong value: few enough to send them all. */
    static Stream<Case<Value>> wrongTypes() {
        var all = new ArrayList<Value>();
        for (Api api : APIS) {
            for (int field = 0; field < FIELDS.size(); field++) {
                for (String value : List.of("\"2\"", "\"\"", "true", "false", "null", "[]", "[2]", "{}",
                        "{\"value\":2}", "\"NaN\"", "\"<script>alert(1)</script>\"")) {
                    all.add(new Value(api, field, value));
                }
            }
        }
        return Seeds.all(all);
    }

    static final List<String> HOSTILE_NUMBERS = List.of("NaN", "Infinity", "-Infinity", "+Infinity", "1e999",
            "-1e999", "1E400", "0x10", "+2", "02", ".5", "2.", "1e", "--1");

    /** Each literal in every field of both APIs, then numbers of 400 digits in every form. */
    static Stream<Case<Value>> hostileNumbers() {
        var fixed = new ArrayList<Value>();
        for (Api api : APIS) {
            for (int field = 0; field < FIELDS.size(); field++) {
                for (String number : HOSTILE_NUMBERS) {
                    fixed.add(new Value(api, field, number));
                }
            }
        }
        return Seeds.cases(fixed, 100, random -> {
            var digits = new StringBuilder("1");
            while (digits.length() < 400) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            String number = switch (random.nextInt(5)) {
                case 0 -> Seeds.pick(random, HOSTILE_NUMBERS);
                case 1 -> digits.toString();
                case 2 -> "0." + digits;
                case 3 -> "-" + digits;
                default -> "1e" + digits;
            };
            return new Value(Seeds.pick(random, APIS), random.nextInt(FIELDS.size()), number);
        });
    }

    static Stream<Case<String>> v2Tensors() {
        String good = input("experience", "2");
        return Seeds.all(Stream.of(
                good.replace("\"shape\":[1]", "\"shape\":\"1\""), good.replace("\"shape\":[1]", "\"shape\":[]"),
                good.replace("\"shape\":[1]", "\"shape\":[1,2]"), good.replace("\"shape\":[1]", "\"shape\":[-1]"),
                good.replace("\"shape\":[1]", "\"shape\":[1.5]"), good.replace("\"shape\":[1]", "\"shape\":[1,1,1]"),
                good.replace("\"shape\":[1]", "\"shape\":[99999999999999999999]"),
                good.replace("\"shape\":[1]", "\"shape\":[2]"), good.replace("\"FP64\"", "\"BYTES\""),
                good.replace("\"FP64\"", "1"), good.replace("\"FP64\"", "\"INT32\"").replace("[2]", "[2.5]"),
                good.replace("\"data\":[2]", "\"data\":2"), good.replace("\"data\":[2]", "\"data\":[[2]]"),
                good.replace("\"data\":[2]", "\"data\":{}"), good.replace("\"name\":\"experience\"", "\"name\":7"),
                good.replace("\"name\":\"experience\"", "\"name\":\"bonus\""), "\"" + good + "\"", "7", "null")
                .map(first -> V2_BODY.replace(input("experience", "2"), first)).toList());
    }

    /** Both APIs with every ordered choice of at most two distinct fields: all twenty. */
    static Stream<Case<Kept>> fieldSubsets() {
        var all = new ArrayList<Kept>();
        for (Api api : APIS) {
            all.add(new Kept(api, List.of()));
            for (int first = 0; first < FIELDS.size(); first++) {
                all.add(new Kept(api, List.of(first)));
            }
            for (int first = 0; first < FIELDS.size(); first++) {
                for (int second = 0; second < FIELDS.size(); second++) {
                    if (second != first) {
                        all.add(new Kept(api, List.of(first, second)));
                    }
                }
            }
        }
        return Seeds.all(all);
    }

    static final List<String> UNKNOWN_NAMES = List.of("Experience", "experience ", "__proto__", "constructor",
            "instances", "model_version", "$type", "@class");

    /** Every body a field called {@code name} can be smuggled into; V2's own top-level fields only in V1. */
    static List<String> withUnknownField(String name) {
        String field = "\"" + name + "\":1,";
        List<String> bodies = new ArrayList<>();
        bodies.add("{" + field + V1_SINGLE.substring(1));
        bodies.add("{\"instances\":[{" + field + V1_SINGLE.substring(1) + "]}");
        bodies.add("{" + field + V1_BATCH.substring(1));
        if (!List.of("id", "parameters", "inputs", "outputs").contains(name)) {
            bodies.add("{" + field + V2_BODY.substring(1));
            bodies.add(V2_BODY.replace("{\"name\":\"experience\"", "{" + field + "\"name\":\"experience\""));
        }
        return bodies;
    }

    /** Each listed name in every place, then random letters in a random place. */
    static Stream<Case<String>> unknownFieldBodies() {
        var fixed = new ArrayList<String>();
        UNKNOWN_NAMES.forEach(name -> fixed.addAll(withUnknownField(name)));
        return Seeds.cases(fixed, 100, random -> {
            String name;
            do {
                var letters = new StringBuilder();
                for (int length = 1 + random.nextInt(20); letters.length() < length; ) {
                    letters.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 'A' + random.nextInt(26)));
                }
                name = letters.toString();
            } while (FIELDS.contains(name));
            return Seeds.pick(random, withUnknownField(name));
        });
    }

    static Stream<Case<String>> duplicateKeyBodies() {
        return Seeds.all(List.of(
                "{\"experience\":2,\"experience\":3,\"test_score\":9,\"interview_score\":6}",
                "{\"instances\":[{\"experience\":2,\"test_score\":9,\"test_score\":9,\"interview_score\":6}]}",
                "{\"instances\":[" + V1_SINGLE + "],\"instances\":[" + V1_SINGLE + "]}",
                "{\"inputs\":[],\"inputs\":" + V2_BODY.substring(10, V2_BODY.length() - 1) + "}",
                V2_BODY.replace("\"datatype\":\"FP64\"", "\"datatype\":\"FP64\",\"datatype\":\"FP32\""),
                V2_BODY.replace("{\"name\":\"test_score\"", "{\"name\":\"experience\",\"name\":\"test_score\""),
                V2_BODY.replace(input("test_score", "9"), input("experience", "2"))));
    }

    static final List<String> PAGE_VALUES = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "'><svg onload=alert(1)>", "2\r\nSet-Cookie: stolen=1", "2\r\nX-Injected: yes",
            "%0d%0aSet-Cookie:%20stolen=1", "javascript:alert(1)", "&lt;script&gt;", "NaN", "Infinity", "1e999", "-0",
            "1" + "0".repeat(400), "\u0000", "\uFEFF2", "\uFF12", "");

    /** Each listed value in every field, then any text, or ASCII text, or a listed value in a random field. */
    static Stream<Case<PageValue>> pageValues() {
        var fixed = new ArrayList<PageValue>();
        for (String value : PAGE_VALUES) {
            for (int field = 0; field < FIELDS.size(); field++) {
                fixed.add(new PageValue(value, field));
            }
        }
        return Seeds.cases(fixed, 200, random -> {
            String value = switch (random.nextInt(3)) {
                case 0 -> anyText(random, 255);
                case 1 -> anyText(random, 200).chars().map(c -> c % 0x80)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
                default -> Seeds.pick(random, PAGE_VALUES);
            };
            return new PageValue(value, random.nextInt(FIELDS.size()));
        });
    }

    // ---------------------------------------------------------------- bodies and assertions

    static String input(String name, String value) {
        return "{\"name\":\"" + name + "\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[" + value + "]}";
    }

    static String v2(String experience, String testScore, String interviewScore) {
        return "{\"inputs\":[" + input("experience", experience) + "," + input("test_score", testScore) + ","
                + input("interview_score", interviewScore) + "]}";
    }

    static String v2Rows(int rows) {
        var parts = new ArrayList<String>();
        String[] values = {"2", "9", "6"};
        for (int i = 0; i < FIELDS.size(); i++) {
            String data = rows == 0 ? "" : (values[i] + ",").repeat(rows - 1) + values[i];
            parts.add("{\"name\":\"" + FIELDS.get(i) + "\",\"shape\":[" + rows + "],\"datatype\":\"FP64\",\"data\":["
                    + data + "]}");
        }
        return "{\"inputs\":[" + String.join(",", parts) + "]}";
    }

    /** A valid body of {@code api} with one field's value replaced by the raw JSON text {@code value}. */
    static String withValue(Api api, int field, String value) {
        String[] values = {"2", "9", "6"};
        values[field] = value;
        if (api == Api.V2) {
            return v2(values[0], values[1], values[2]);
        }
        return "{\"experience\":" + values[0] + ",\"test_score\":" + values[1] + ",\"interview_score\":" + values[2]
                + "}";
    }

    private static void assertRefused(Api api, byte[] body) throws Exception {
        Http.Reply reply = HTTP.post(at(api.path), "application/json", body);
        assertRefused(api, reply, new String(body, StandardCharsets.UTF_8));
    }

    private static void assertStatus(Api api, String body, int status) throws Exception {
        Http.Reply reply = HTTP.postJson(at(api.path), body);
        String shown = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        assertRefused(api, reply, shown);
        assertThat(reply.status()).as(api + " " + shown + " → " + reply.body()).isEqualTo(status);
    }

    private static void assertRefused(Api api, Http.Reply reply, String sent) {
        String shown = sent.length() > 300 ? sent.substring(0, 300) + "…" : sent;
        assertThat(reply.status()).as(api + " " + shown + " → " + reply.body()).isBetween(400, 499);
        assertThat(reply.body()).as(shown).doesNotContain("Exception").doesNotContain("\tat ");
        api.assertError(reply.status(), reply.header("Content-Type"), reply.body());
    }

    private static JsonNode json(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The page's one script, its own, taken out so that any other script tag shows. */
    static String withoutOwnScript(String body) {
        return body.replace("<script src=\"page.js\" defer></script>", "");
    }
}
