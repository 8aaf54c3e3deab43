package com.salaryml.web.http;

import com.salaryml.web.FakeRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.web.http.JsonBodies.Reason;
import com.salaryml.web.http.JsonBodies.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodiesTest {

    /** A request that has only these Content-Type headers; any other call fails the test. */
    private static HttpServletRequest withContentTypes(String... values) {
        return (HttpServletRequest) Proxy.newProxyInstance(JsonBodiesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> Collections.enumeration(
                            "Content-Type".equalsIgnoreCase((String) args[0]) ? List.of(values) : List.<String>of());
                    case "toString" -> "request with Content-Type " + List.of(values);
                    default -> throw new UnsupportedOperationException(method.getName()
                            + ": the container's parsed accessors may throw on a hostile header; read it raw");
                });
    }

    private static Refusal refused(String contentType) {
        var e = catchThrowableOfType(Refusal.class, () -> JsonBodies.requireJson(withContentTypes(contentType)));
        assertThat(e).as("refusal of %s", contentType).isNotNull();
        return e;
    }

    // ---------------------------------------------------------------- Content-Type

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
            "application/json;charset=UTF-8", "Application/Json; Charset=\"utf-8\"", " application/json ",
            "application/json; boundary=x", "application/json;", "application/json;; charset=utf-8 ;",
            "application/json; charset = utf-8", "application/json; a=\"x;y\\\"z\"; charset=utf-8"})
    void jsonInUtf8IsAccepted(String contentType) {
        assertThatNoException().isThrownBy(() -> JsonBodies.requireJson(withContentTypes(contentType)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp",
            "application/problem+json", "text/json", "application/octet-stream", "application/json, text/plain",
            ";;;", "json", "application/json\u0000; charset=utf-8"})
    void otherMediaTypesAreRefused(String contentType) {
        var refusal = refused(contentType);

        assertThat(refusal.reason()).isEqualTo(Reason.NOT_JSON);
        assertThat(refusal.status()).isEqualTo(415);
        assertThat(refusal.getMessage()).startsWith("The Content-Type is ")
                .endsWith("; send the body as application/json.");
    }

    @Test
    void anEmptyContentTypeIsCalledEmpty() {
        assertThat(refused("").getMessage()).isEqualTo("The Content-Type is empty; send the body as application/json.");
        assertThat(refused(" ; charset=utf-8").reason()).isEqualTo(Reason.NOT_JSON);
    }

    @Test
    void missingContentTypeIsRefused() {
        var refusal = catchThrowableOfType(Refusal.class, () -> JsonBodies.requireJson(withContentTypes()));

        assertThat(refusal.reason()).isEqualTo(Reason.NO_CONTENT_TYPE);
        assertThat(refusal.status()).isEqualTo(415);
        assertThat(refusal.getMessage())
                .isEqualTo("The request has no Content-Type; send the body as application/json.");
    }

    /** The Open Inference Protocol's clients send no Content-Type (Triton's Python client does not). */
    @Test
    void whereUndeclaredMeansJsonNoneIsReadAsJsonButADeclaredTypeIsStillChecked() {
        assertThatNoException().isThrownBy(() -> JsonBodies.requireJsonUnlessUndeclared(withContentTypes()));
        assertThatNoException().isThrownBy(() -> JsonBodies.requireJsonUnlessUndeclared(
                withContentTypes("application/json; charset=utf-8")));
        var other = catchThrowableOfType(Refusal.class,
                () -> JsonBodies.requireJsonUnlessUndeclared(withContentTypes("text/plain")));
        assertThat(other.reason()).isEqualTo(Reason.NOT_JSON);
        var empty = catchThrowableOfType(Refusal.class,
                () -> JsonBodies.requireJsonUnlessUndeclared(withContentTypes("")));
        assertThat(empty.status()).isEqualTo(415);
        var twice = catchThrowableOfType(Refusal.class, () -> JsonBodies.requireJsonUnlessUndeclared(
                withContentTypes("application/json", "application/json")));
        assertThat(twice.reason()).isEqualTo(Reason.MALFORMED_CONTENT_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=ISO-8859-1", "application/json;charset=utf-16",
            "application/json; charset=\"latin1\"", "application/json; charset=x-no-such-charset",
            "application/json; charset=utf8", "application/json; charset=\"\""})
    void otherCharsetsAreRefused(String contentType) {
        var refusal = refused(contentType);

        assertThat(refusal.reason()).isEqualTo(Reason.NOT_UTF8);
        assertThat(refusal.status()).isEqualTo(415);
        assertThat(refusal.getMessage()).startsWith("The charset is ").endsWith("; JSON bodies must be UTF-8.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset", "application/json; charset=", "application/json; =utf-8",
            "application/json; charset=\"utf-8", "application/json; charset=utf-8 x", "application/json; charset=\u00e9",
            "application/json; charset=utf-8\u00ff", "application/json; charset=utf 8", "application/json; foo",
            "application/json; charset=utf-8; charset=utf-8", "application/json; charset=utf-8; Charset=latin1"})
    void aContentTypeWhoseParametersCannotBeReadIsA400(String contentType) {
        var refusal = refused(contentType);

        assertThat(refusal.reason()).as(contentType).isEqualTo(Reason.MALFORMED_CONTENT_TYPE);
        assertThat(refusal.status()).as(contentType).isEqualTo(400);
    }

    @Test
    void aCharsetGivenTwiceIsMalformedEvenIfBothAreUtf8() {
        var refusal = refused("application/json; charset=utf-8; charset=utf-8");

        assertThat(refusal.reason()).isEqualTo(Reason.MALFORMED_CONTENT_TYPE);
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.getMessage()).contains("charset more than once");
    }

    @Test
    void twoContentTypeHeadersAreMalformed() {
        var refusal = catchThrowableOfType(Refusal.class,
                () -> JsonBodies.requireJson(withContentTypes("application/json", "application/json")));

        assertThat(refusal.reason()).isEqualTo(Reason.MALFORMED_CONTENT_TYPE);
        assertThat(refusal.getMessage()).isEqualTo("The request has 2 Content-Type headers; send one, application/json.");
    }

    @Test
    void aHugeContentTypeIsRefusedUnread() {
        // Thousands of escaped characters in a quoted value would make the parameter pattern recurse deeply.
        String huge = "application/json; charset=\"" + "\\a".repeat(4000) + "\"";
        var refusal = refused(huge);

        assertThat(refusal.reason()).isEqualTo(Reason.MALFORMED_CONTENT_TYPE);
        assertThat(refusal.getMessage())
                .isEqualTo("The Content-Type is " + huge.length() + " characters long; send application/json.");
    }

    @Test
    void theRefusalNamesWhatWasFoundAndCutsItShort() {
        assertThat(refused("Text/Plain; charset=utf-8").getMessage())
                .isEqualTo("The Content-Type is text/plain; send the body as application/json.");
        assertThat(refused("application/json; charset=ISO-8859-1").getMessage())
                .isEqualTo("The charset is ISO-8859-1; JSON bodies must be UTF-8.");
        assertThat(refused("application/json; charset=\"\"").getMessage())
                .isEqualTo("The charset is \"\"; JSON bodies must be UTF-8.");
        assertThat(refused("application/json; charset=" + "x".repeat(500)).getMessage())
                .isEqualTo("The charset is " + "x".repeat(64) + "\u2026; JSON bodies must be UTF-8.");
    }

    // ---------------------------------------------------------------- the body

    private static HttpServletRequest post(byte[] body, boolean chunked) {
        return FakeRequests.post(body, chunked);
    }

    @Test
    void aBodyReadToItsEndIsNoLongerUnread() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            var request = post("{\"a\":1}".getBytes(StandardCharsets.UTF_8), chunked);
            assertThat(JsonBodies.unread(request)).as("before reading, chunked %s", chunked).isTrue();

            assertThat(JsonBodies.read(request, 1024, "rows")).hasSize(7);
            assertThat(JsonBodies.unread(request)).as("after reading, chunked %s", chunked).isFalse();
            assertThat(JsonBodies.closesConnection(request, 400)).isFalse();
        }
    }

    @Test
    void aRefusedBodyIsSwallowedUpToTheLimitAndLeftUnreadBeyondIt() {
        for (boolean chunked : new boolean[] {false, true}) {
            var small = post(new byte[2048], chunked);
            var refusal = catchThrowableOfType(Refusal.class, () -> JsonBodies.read(small, 1024, "instances"));
            assertThat(refusal.reason()).isEqualTo(Reason.TOO_LARGE);
            assertThat(refusal.status()).isEqualTo(413);
            assertThat(refusal.getMessage())
                    .isEqualTo("The request body is larger than 1024 bytes; split the instances over several requests.");
            assertThat(JsonBodies.unread(small)).as("swallowed, chunked %s", chunked).isFalse();
            // Swallowed or not, a 413 closes the connection, as Tomcat does on its own.
            assertThat(JsonBodies.closesConnection(small, 413)).isTrue();

            var large = post(new byte[(int) JsonBodies.SWALLOW_BYTES + 4096], chunked);
            refusal = catchThrowableOfType(Refusal.class, () -> JsonBodies.read(large, 1024, "rows"));
            assertThat(refusal.status()).isEqualTo(413);
            assertThat(refusal.getMessage()).contains("split the rows");
            assertThat(JsonBodies.unread(large)).as("too large to swallow, chunked %s", chunked).isTrue();
        }
    }

    @Test
    void aRequestWithoutABodyHasNothingUnread() {
        assertThat(JsonBodies.unread(post(new byte[0], false))).isFalse();
    }
}
