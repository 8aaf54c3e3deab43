package com.salaryml.web.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
            "Application/Json; Charset=\"UTF-8\"", " application/json "})
    void jsonInUtf8IsAccepted(String contentType) {
        assertThatNoException().isThrownBy(() -> JsonBody.requireJson(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/octet-stream", "text/plain", "application/x-www-form-urlencoded",
            "application/json; charset=ISO-8859-1", "application/json;charset=utf-16", ""})
    void anythingElseIsUnsupported(String contentType) {
        var e = catchThrowableOfType(ProtocolException.class, () -> JsonBody.requireJson(contentType));

        assertThat(e).as(contentType).isNotNull();
        assertThat(e.status()).isEqualTo(415);
        assertThat(e.getMessage()).containsAnyOf("application/json", "UTF-8");
    }

    @Test
    void noContentTypeIsUnsupported() {
        var e = catchThrowableOfType(ProtocolException.class, () -> JsonBody.requireJson(null));

        assertThat(e.status()).isEqualTo(415);
        assertThat(e.getMessage()).isEqualTo("The request has no Content-Type; send the body as application/json.");
    }

    private static HttpServletRequest post(byte[] body, boolean chunked) {
        return com.salaryml.web.FakeRequests.post(body, chunked);
    }

    @Test
    void aBodyReadToItsEndIsNoLongerUnread() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            var request = post("{\"a\":1}".getBytes(StandardCharsets.UTF_8), chunked);
            assertThat(JsonBody.unread(request)).as("before reading, chunked %s", chunked).isTrue();

            assertThat(JsonBody.read(request, 1024)).hasSize(7);
            assertThat(JsonBody.unread(request)).as("after reading, chunked %s", chunked).isFalse();
        }
    }

    @Test
    void aRefusedBodyIsSwallowedUpToTheLimitAndLeftUnreadBeyondIt() {
        for (boolean chunked : new boolean[] {false, true}) {
            var small = post(new byte[2048], chunked);
            var e = catchThrowableOfType(ProtocolException.class, () -> JsonBody.read(small, 1024));
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.getMessage()).contains("split the rows");
            assertThat(JsonBody.unread(small)).as("swallowed, chunked %s", chunked).isFalse();

            var large = post(new byte[(int) com.salaryml.web.JsonBodies.SWALLOW_BYTES + 4096], chunked);
            e = catchThrowableOfType(ProtocolException.class, () -> JsonBody.read(large, 1024));
            assertThat(e.status()).isEqualTo(413);
            assertThat(JsonBody.unread(large)).as("too large to swallow, chunked %s", chunked).isTrue();
        }
    }

    @Test
    void aRequestWithoutABodyHasNothingUnread() {
        assertThat(JsonBody.unread(post(new byte[0], false))).isFalse();
    }
}
