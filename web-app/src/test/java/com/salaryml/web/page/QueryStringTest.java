package com.salaryml.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringTest {

    @Test
    void noQueryAndAnEmptyOneHoldNothing() {
        assertThat(QueryString.parse(null).values()).isEmpty();
        assertThat(QueryString.parse("").values()).isEmpty();
        assertThat(QueryString.parse("&&&").values()).isEmpty();
    }

    @Test
    void everyValueOfANameIsKeptInOrder() {
        var query = QueryString.parse("a=1&b=2&a=3&a=");

        assertThat(query.all("a")).containsExactly("1", "3", "");
        assertThat(query.all("b")).containsExactly("2");
        assertThat(query.all("c")).isEmpty();
        assertThat(query.has("a")).isTrue();
        assertThat(query.has("c")).isFalse();
    }

    @Test
    void aNameWithoutEqualsHasAnEmptyValue() {
        assertThat(QueryString.parse("experience").all("experience")).containsExactly("");
        assertThat(QueryString.parse("x=a=b").all("x")).containsExactly("a=b");
    }

    @Test
    void plusIsASpaceAndPercentEscapesAreUtf8() {
        var query = QueryString.parse("q=7+%2B+%C3%A9%E2%82%AC%F0%9F%98%80&n%61me=%41");

        assertThat(query.all("q")).containsExactly("7 + \u00e9\u20ac\ud83d\ude00");
        assertThat(query.all("name")).containsExactly("A");
    }

    /** Whatever a browser encodes comes back as it was. */
    @ParameterizedTest
    @ValueSource(strings = {"2", " 2 ", "\t9\n", "<script>\"'&=+%", "\u00e9\u20ac\ud83d\ude00", "a&b=c", ""})
    void whatURLEncoderWritesDecodesToTheSameText(String text) {
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8);

        assertThat(QueryString.parse("v=" + encoded + "&w=1").values())
                .isEqualTo(Map.of("v", List.of(text), "w", List.of("1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%2", "%zz", "%g0", "%c3%28", "%ff%fe", "%e2%82", "ok%"})
    void aValueThatIsNotValidEncodingMarksItsNameAndNothingElse(String broken) {
        var query = QueryString.parse("experience=2&test_score=" + broken + "&interview_score=6");

        assertThat(query.malformed()).containsExactly("test_score");
        assertThat(query.has("test_score")).isTrue();
        assertThat(query.all("test_score")).isEmpty();
        assertThat(query.all("experience")).containsExactly("2");
        assertThat(query.all("interview_score")).containsExactly("6");
    }

    @Test
    void aNameThatIsNotValidEncodingIsNoNameOfTheForm() {
        var query = QueryString.parse("exp%zzerience=2&interview_score=6");

        assertThat(query.values()).containsOnlyKeys("interview_score");
        assertThat(query.malformed()).isEmpty();
    }
}
