package com.salaryml.web.api;

import com.salaryml.web.http.ProblemException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.outcomes.OutcomeStore.Outcome;
import com.salaryml.web.serving.OutcomeKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomesRequestTest {

    private static final OutcomeKey A = new OutcomeKey(1, 2);
    private static final OutcomeKey B = new OutcomeKey(3, 4);

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

    private static String key(OutcomeKey key) {
        return "\"outcome_key\":\"" + key.text() + "\"";
    }

    @Test
    void aSingleOutcomeHasIndexZeroUnlessGiven() throws Exception {
        assertThat(parse("{" + key(A) + ",\"actual\":61000}"))
                .isEqualTo(new OutcomesRequest(List.of(new Outcome(A, 0, 61000)), false));
        assertThat(parse("{\"outcomes\":[{" + key(B) + ",\"index\":2,\"actual\":1.5}]}"))
                .isEqualTo(new OutcomesRequest(List.of(new Outcome(B, 2, 1.5)), true));
    }

    @Test
    void theExampleIsAnOutcome() throws Exception {
        assertThat(parse(OutcomesRequest.EXAMPLE).outcomes()).hasSize(1);
    }

    @Test
    void aValueThatIsNotAFiniteNumberIsNamed() {
        assertThat(errors("{" + key(A) + ",\"actual\":1e400}")).containsExactly(
                new FieldError("actual", "must be a finite number, was 1e400"));
        assertThat(errors("{\"outcomes\":[{" + key(A) + ",\"actual\":1},{" + key(B) + ",\"actual\":\"NaN\"}]}"))
                .containsExactly(new FieldError("outcomes[1].actual", "must be a number, the real value, was a string"));
    }

    @Test
    void aBatchOverTheLimitIsA413NamingTheCountTheLimitAndTheSetting() {
        String body = "{\"outcomes\":[{" + key(A) + ",\"actual\":1},{" + key(B) + ",\"actual\":1},"
                + "{" + key(A) + ",\"actual\":1},{" + key(B) + ",\"actual\":\"NaN\"}]}";

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
                .containsExactly("index", "extra", "outcome_key", "actual");
        assertThat(errors("{\"outcome_key\":\"\",\"index\":1.5,\"actual\":null}")).extracting(FieldError::field)
                .containsExactly("outcome_key", "index", "actual");
        assertThat(errors("{\"outcomes\":[], \"actual\": 3}")).extracting(FieldError::field)
                .containsExactly("outcomes", "actual");
        assertThat(errors("{\"outcomes\":[7]}")).extracting(FieldError::field).containsExactly("outcomes[0]");
    }

    @Test
    void onlyAKeyTheServerCouldHaveIssuedIsTakenAndItsFormIsSaid() {
        // Its form is public, so saying a key is malformed, and where, tells nothing about which keys exist.
        String other = A.text().substring(0, OutcomeKey.LENGTH - 1) + "!";
        assertThat(errors("{\"outcomes\":[{" + key(A) + ",\"actual\":1},{\"outcome_key\":\"" + other
                + "\",\"actual\":1},{\"outcome_key\":7,\"actual\":1}]}")).containsExactly(
                new FieldError("outcomes[1].outcome_key", "must be the outcome_key the prediction's answer gave, 22"
                        + " characters of A-Z a-z 0-9 - _, was 22 characters of others"),
                new FieldError("outcomes[2].outcome_key", "must be the outcome_key the prediction's answer gave, 22"
                        + " characters of A-Z a-z 0-9 - _, was a number"));
    }

    @Test
    void aRequestIdIsNoLongerHowAnOutcomeIsGiven() {
        assertThat(errors("{\"request_id\":\"order-17\",\"actual\":61000}")).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("request_id");
            assertThat(error.message()).contains("send the outcome_key the prediction's answer gave");
        });
    }

    @Test
    void aBodyThatIsNotAnObjectIsABadRequest() {
        for (String body : List.of("", "[]", "{\"outcome_key\":", "{\"actual\":NaN," + key(A) + "}", "{} {}")) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.problem().status()).isEqualTo(400));
        }
    }

    @Test
    void anActualOutsideTheTargetsRangeIsNamedWithTheRange() throws Exception {
        var target = new com.salaryml.artifact.schema.Target("salary", "USD",
                com.salaryml.artifact.schema.Target.Transform.LOG, new com.salaryml.artifact.schema.Target.Range(0.0, 1e7));
        parse("{\"outcomes\":[{" + key(A) + ",\"actual\":61000},{" + key(B) + ",\"actual\":1e7}]}").checkAgainst(target);

        assertThatThrownBy(() -> parse("{\"outcomes\":[{" + key(A) + ",\"actual\":-1},{" + key(A)
                + ",\"index\":1,\"actual\":2e7},{" + key(B) + ",\"index\":1,\"actual\":0}]}").checkAgainst(target)).isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors()).extracting(FieldError::field)
                            .containsExactly("outcomes[0].actual", "outcomes[1].actual", "outcomes[2].actual");
                    assertThat(e.problem().errors().get(0).message())
                            .contains("outside the valid range 0 to 10000000 USD");
                    assertThat(e.problem().errors().get(2).message()).contains("log of salary");
                });
        // A model file without a range bounds nothing but finiteness, which parsing checks.
        parse("{" + key(A) + ",\"actual\":-5}").checkAgainst(new com.salaryml.artifact.schema.Target("salary", "USD"));
    }
}
