package com.salaryml.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagTest {

    private static final EntityTag TAG = EntityTag.of("body { color: black }".getBytes(StandardCharsets.UTF_8));

    @Test
    void theTagIsStrongAndDependsOnTheBytesAlone() {
        assertThat(TAG.value()).startsWith("\"").endsWith("\"").doesNotStartWith("W/").hasSize(45);
        assertThat(EntityTag.of("body { color: black }".getBytes(StandardCharsets.UTF_8))).isEqualTo(TAG);
        assertThat(EntityTag.of("body { color: white }".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(TAG);
        // Parts in order are the same bytes as one.
        assertThat(EntityTag.of("body { color".getBytes(StandardCharsets.UTF_8),
                ": black }".getBytes(StandardCharsets.UTF_8))).isEqualTo(TAG);
    }

    @Test
    void ifNoneMatchComparesWeaklyAndReadsLists() {
        String tag = TAG.value();
        assertThat(TAG.listMatches(tag)).isTrue();
        assertThat(TAG.listMatches("W/" + tag)).isTrue();
        assertThat(TAG.listMatches("\"other\", " + tag)).isTrue();
        assertThat(TAG.listMatches("\"other\",W/" + tag + " ,\"more\"")).isTrue();
        assertThat(TAG.listMatches("*")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"other\"", "W/\"other\"", "garbage", "\"unterminated", "W/", ",,,"})
    void anythingElseMatchesNothing(String header) {
        assertThat(TAG.listMatches(header)).isFalse();
        // Nor a tag that only begins like this one.
        assertThat(TAG.listMatches(TAG.value().substring(0, 20) + "\"")).isFalse();
    }
}
