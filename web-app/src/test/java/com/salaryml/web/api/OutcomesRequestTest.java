package com.salaryml.web.api;

import com.salaryml.web.http.ProblemException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.outcomes.OutcomeRecorder.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomesRequestTest {

    private static OutcomesRequest parse(String body) throws ProblemException {
        return OutcomesRequest.parse(body.getBytes(StandardCharsets.UTF_8), 3);
    }

    private static List<FieldError> errors(String body) {
        try {
            parse(body);
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            return e.problem().errors();
        }
        throw new AssertionError("accepted " + body);
    }

    @Test
    void aSingleOutcomeHasIndexZeroUnlessGiven() throws Exception {
        assertThat(parse("{\"request_id\":\"a\",\"actual\":61000}"))
                .isEqualTo(new OutcomesRequest(List.of(new Outcome("a", 0, 61000)), false));
        assertThat(parse("{\"outcomes\":[{\"request_id\":\"a\",\"index\":2,\"actual\":1.5}]}"))
                .isEqualTo(new OutcomesRequest(List.of(new Outcome("a", 2, 1.5)), true));
    }

    @Test
    void aValueThatIsNotAFiniteNumberIsNamed() {
        assertThat(errors("{\"request_id\":\"a\",\"actual\":1e400}")).containsExactly(
                new FieldError("actual", "must be a finite number, was 1e400"));
        assertThat(errors("{\"outcomes\":[{\"request_id\":\"a\",\"actual\":1},{\"request_id\":\"d\",\"actual\":\"NaN\"}]}"))
                .containsExactly(new FieldError("outcomes[1].actual", "must be a number, the real value, was a string"));
    }

    @Test
    void aBatchOverTheLimitIsA413NamingTheCountTheLimitAndTheSetting() {
        String body = "{\"outcomes\":[{\"request_id\":\"a\",\"actual\":1},{\"request_id\":\"b\",\"actual\":1},"
                + "{\"request_id\":\"c\",\"actual\":1},{\"request_id\":\"d\",\"actual\":\"NaN\"}]}";

        // Refused as too many, before the bad value in it is named.
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(413);
            assertThat(e.problem().errors()).containsExactly(new FieldError("outcomes", "holds 4 outcomes; at most 3"
                    + " are allowed per request (salary.max-batch); split them over several requests"));
        });
    }

    @Test
    void everyFieldAtFaultIsNamed() {
        assertThat(errors("{\"index\":-1,\"extra\":true}")).extracting(FieldError::field)
                .containsExactly("index", "extra", "request_id", "actual");
        assertThat(errors("{\"request_id\":\"\",\"index\":1.5,\"actual\":null}")).extracting(FieldError::field)
                .containsExactly("request_id", "index", "actual");
        assertThat(errors("{\"outcomes\":[], \"actual\": 3}")).extracting(FieldError::field)
                .containsExactly("outcomes", "actual");
        assertThat(errors("{\"outcomes\":[7]}")).extracting(FieldError::field).containsExactly("outcomes[0]");
    }

    @Test
    void aBodyThatIsNotAnObjectIsABadRequest() {
        for (String body : List.of("", "[]", "{\"request_id\":", "{\"actual\":NaN,\"request_id\":\"a\"}", "{} {}")) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.problem().status()).isEqualTo(400));
        }
    }
}
