package com.salaryml.web.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
}
