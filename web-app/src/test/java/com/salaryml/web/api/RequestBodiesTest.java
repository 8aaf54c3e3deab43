package com.salaryml.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodiesTest {

    /** A request that knows only its content type; any other call fails the test. */
    private static HttpServletRequest withContentType(String contentType) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestBodiesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContentType" -> contentType;
                    case "toString" -> "request with Content-Type " + contentType;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Problem refused(String contentType) {
        var e = catchThrowableOfType(ProblemException.class,
                () -> RequestBodies.requireJson(withContentType(contentType)));
        assertThat(e).as("refusal of %s", contentType).isNotNull();
        return e.problem();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
            "application/json;charset=UTF-8", "Application/Json; Charset=\"utf-8\"", " application/json ",
            "application/json; boundary=x"})
    void jsonIsAccepted(String contentType) {
        assertThatNoException().isThrownBy(() -> RequestBodies.requireJson(withContentType(contentType)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp",
            "application/problem+json", "text/json", ""})
    void otherMediaTypesAreRefused(String contentType) {
        var problem = refused(contentType);

        assertThat(problem.status()).isEqualTo(415);
        assertThat(problem.title()).isEqualTo("Unsupported Media Type");
        assertThat(problem.detail()).startsWith("The Content-Type is ").endsWith("; send the body as application/json.");
    }

    @Test
    void missingContentTypeIsRefused() {
        var problem = refused(null);

        assertThat(problem.status()).isEqualTo(415);
        assertThat(problem.detail()).isEqualTo("The request has no Content-Type; send the body as application/json.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=ISO-8859-1", "application/json;charset=utf-16",
            "application/json; charset=\"latin1\""})
    void otherCharsetsAreRefused(String contentType) {
        var problem = refused(contentType);

        assertThat(problem.status()).isEqualTo(415);
        assertThat(problem.detail()).startsWith("The charset is ").endsWith("; JSON bodies must be UTF-8.");
    }

    @Test
    void theRefusalNamesWhatWasFound() {
        assertThat(refused("Text/Plain; charset=utf-8").detail())
                .isEqualTo("The Content-Type is text/plain; send the body as application/json.");
        assertThat(refused("application/json; charset=ISO-8859-1").detail())
                .isEqualTo("The charset is ISO-8859-1; JSON bodies must be UTF-8.");
    }

    private static HttpServletRequest post(byte[] body, boolean chunked) {
        return com.salaryml.web.FakeRequests.post(body, chunked);
    }

    @Test
    void aBodyReadToItsEndIsNoLongerUnread() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            var request = post("{\"a\":1}".getBytes(StandardCharsets.UTF_8), chunked);
            assertThat(RequestBodies.unread(request)).as("before reading, chunked %s", chunked).isTrue();

            assertThat(RequestBodies.read(request, 1024)).hasSize(7);
            assertThat(RequestBodies.unread(request)).as("after reading, chunked %s", chunked).isFalse();
        }
    }

    @Test
    void aRefusedBodyIsSwallowedUpToTheLimitAndLeftUnreadBeyondIt() {
        for (boolean chunked : new boolean[] {false, true}) {
            var small = post(new byte[2048], chunked);
            var e = catchThrowableOfType(ProblemException.class, () -> RequestBodies.read(small, 1024));
            assertThat(e.problem().status()).isEqualTo(413);
            assertThat(RequestBodies.unread(small)).as("swallowed, chunked %s", chunked).isFalse();

            var large = post(new byte[(int) RequestBodies.SWALLOW_BYTES + 4096], chunked);
            e = catchThrowableOfType(ProblemException.class, () -> RequestBodies.read(large, 1024));
            assertThat(e.problem().status()).isEqualTo(413);
            assertThat(RequestBodies.unread(large)).as("too large to swallow, chunked %s", chunked).isTrue();
        }
    }

    @Test
    void aRequestWithoutABodyHasNothingUnread() {
        assertThat(RequestBodies.unread(post(new byte[0], false))).isFalse();
    }
}
