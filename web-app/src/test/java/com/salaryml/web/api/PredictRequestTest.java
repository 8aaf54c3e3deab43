package com.salaryml.web.api;

import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.web.ModelFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PredictRequestTest {

    private static final int MAX_BATCH = 3;

    /** The served model's example, which the servlet passes in; the messages quote whichever it is. */
    private static final String EXAMPLE = "{\"experience\":2,\"test_score\":9,\"interview_score\":6}";

    /** The default model's inputs: three numbers, each refused when missing. */
    private static final FeatureSchema SCHEMA = ModelFiles.model("1.0.0", 0).metadata().schema();

    private static PredictRequest parse(String body) throws ProblemException {
        return PredictRequest.parse(body.getBytes(StandardCharsets.UTF_8), MAX_BATCH, EXAMPLE, SCHEMA);
    }

    private static Problem problem(String body) {
        return problem(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Problem problem(byte[] body) {
        var e = catchThrowableOfType(ProblemException.class, () -> PredictRequest.parse(body, MAX_BATCH, EXAMPLE, SCHEMA));
        assertThat(e).as("ProblemException for %s", new String(body, StandardCharsets.UTF_8)).isNotNull();
        assertThat(e.getMessage()).isEqualTo(e.problem().detail());
        return e.problem();
    }

    @Test
    void oneInstance() throws ProblemException {
        var request = parse(EXAMPLE);

        assertThat(request.batch()).isFalse();
        assertThat(request.typeErrors()).isEmpty();
        assertThat(request.instances())
                .containsExactly(Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0));
    }

    @Test
    void numbersOfEveryJsonFormAreRead() throws ProblemException {
        var request = parse("{\"experience\":2.5e0,\"test_score\":-0.0,\"interview_score\":1E1,\"extra\":7}");

        assertThat(request.instances()).containsExactly(
                Map.of("experience", 2.5, "test_score", -0.0, "interview_score", 10.0, "extra", 7.0));
    }

    @Test
    void unknownAndMissingFieldsAreLeftToTheModelsSchema() throws ProblemException {
        // The schema check, not the parser, reports names: the parser only guarantees numbers.
        assertThat(parse("{\"age\":30}").instances()).containsExactly(Map.of("age", 30.0));
        assertThat(parse("{}").instances()).containsExactly(Map.of());
        assertThat(parse("{}").batch()).isFalse();
    }

    @Test
    void batchKeepsTheOrder() throws ProblemException {
        var request = parse("{\"instances\":[{\"experience\":1},{\"experience\":2},{\"experience\":3}]}");

        assertThat(request.batch()).isTrue();
        assertThat(request.typeErrors()).isEmpty();
        assertThat(request.instances()).containsExactly(
                Map.of("experience", 1.0), Map.of("experience", 2.0), Map.of("experience", 3.0));
    }

    @Test
    void batchOfOneIsStillABatch() throws ProblemException {
        var request = parse("{\"instances\":[" + EXAMPLE + "]}");

        assertThat(request.batch()).isTrue();
        assertThat(request.instances()).hasSize(1);
    }

    @Test
    void emptyBody() {
        var problem = problem(new byte[0]);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.title()).isEqualTo("Bad Request");
        assertThat(problem.detail()).startsWith("The request body is empty").contains(EXAMPLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\n\t "})
    void blankBodyIsNotAnObject(String body) {
        var problem = problem(body);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("The request body must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"experience\":}", "{experience:2}", "{'experience':2}", "{\"experience\":02}",
            "{\"experience\":NaN}", "{\"experience\":2,}", "experience=2&test_score=9", "{\"a\":1}/*c*/"})
    void invalidJson(String body) {
        var problem = problem(body);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("The request body is not valid JSON: ").contains("(line 1, column ");
        assertThat(problem.errors()).isEmpty();
    }

    @Test
    void invalidUtf8() {
        var problem = problem(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("The request body is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[" + EXAMPLE + "]", "2", "\"experience\"", "null", "true"})
    void rootThatIsNotAnObject(String body) {
        var problem = problem(body);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isEqualTo("The request body must be a JSON object such as "
                + EXAMPLE + " or {\"instances\":[...]}.");
    }

    @Test
    void duplicateKeys() {
        var problem = problem("{\"experience\":2,\"test_score\":9,\"experience\":40}");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("The request body is not valid JSON").contains("experience");
    }

    @Test
    void duplicateKeysInsideABatch() {
        assertThat(problem("{\"instances\":[{\"test_score\":1,\"test_score\":2}]}").detail())
                .startsWith("The request body is not valid JSON").contains("test_score");
        assertThat(problem("{\"instances\":[],\"instances\":[{}]}").detail())
                .startsWith("The request body is not valid JSON").contains("instances");
    }

    @Test
    void aRepeatedNameIsFoundWhateverTheFirstValueWas() {
        // The reader finds repeats itself, among the values it kept and the fields it reported: a value of the
        // wrong type, an unknown name, a missing value, in one instance or in a batch.
        for (String body : List.of("{\"experience\":\"two\",\"test_score\":9,\"experience\":2}",
                "{\"colour\":1,\"test_score\":9,\"colour\":2}",
                "{\"experience\":null,\"experience\":2}",
                "{\"instances\":[{\"test_score\":9},{\"experience\":[1],\"experience\":2}]}",
                "{\"instances\":[{\"experience\":[1]},{\"experience\":2,\"test_score\":9,\"experience\":1}]}")) {
            assertThat(problem(body).detail()).as(body)
                    .startsWith("The request body is not valid JSON: Duplicate field '").containsPattern("line 1, column \\d+");
        }
        // The same name in two instances of a batch is no repeat.
        byte[] twoInstances = "{\"instances\":[{\"experience\":[1]},{\"experience\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(assertDoesNotThrow(() -> PredictRequest.parse(twoInstances, MAX_BATCH, EXAMPLE, SCHEMA))
                .typeErrors()).extracting(FieldError::field)
                .containsExactly("instances[0].experience", "instances[1].experience");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} {}", "{}{\"experience\":1}", "{} x", "{}]", "{} 1"})
    void trailingTokens(String body) {
        var problem = problem(body);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("The request body is not valid JSON");
    }

    @Test
    void trailingWhitespaceIsFine() throws ProblemException {
        assertThat(parse(EXAMPLE + " \r\n").instances()).hasSize(1);
    }

    @Test
    void nestingDeeperThanSixteen() {
        var problem = problem("{\"experience\":" + "[".repeat(16) + "]".repeat(16) + "}");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("The request body is not valid JSON").contains("nesting depth");
    }

    @Test
    void nestingOfSixteenIsParsedAndTheValueIsATypeError() throws ProblemException {
        var request = parse("{\"experience\":" + "[".repeat(15) + "]".repeat(15) + "}");

        assertThat(request.typeErrors()).containsExactly(new FieldError("experience", "must be a number, was an array"));
    }

    @Test
    void numberWithMoreThanAHundredDigits() {
        var problem = problem("{\"experience\":" + "1".repeat(101) + "}");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("The request body is not valid JSON").contains("100");
    }

    @Test
    void fractionWithMoreThanAHundredDigits() {
        var problem = problem("{\"experience\":0." + "1".repeat(101) + "}");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("The request body is not valid JSON");
    }

    @Test
    void numberOfAHundredDigitsIsRead() throws ProblemException {
        var request = parse("{\"experience\":" + "1".repeat(100) + "}");

        assertThat(request.instances().get(0).get("experience")).isEqualTo(1.1111111111111111e99);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "\"x\"", "3", "null", "true"})
    void instancesNotAnArray(String value) {
        var problem = problem("{\"instances\":" + value + "}");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("instances");
            assertThat(error.message()).startsWith("must be an array of objects, was ");
        });
        assertThat(problem.detail()).startsWith("The input is invalid: instances: must be an array of objects");
    }

    @Test
    void instancesKindIsNamed() {
        assertThat(problem("{\"instances\":{}}").errors().get(0).message()).endsWith("was an object");
        assertThat(problem("{\"instances\":\"x\"}").errors().get(0).message()).endsWith("was a string");
        assertThat(problem("{\"instances\":null}").errors().get(0).message()).endsWith("was null");
    }

    @Test
    void emptyInstances() {
        var problem = problem("{\"instances\":[]}");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors())
                .containsExactly(new FieldError("instances", "is empty; send at least one instance"));
    }

    @Test
    void tooManyInstancesIsA413NamingTheCountTheLimitAndTheSetting() {
        var problem = problem("{\"instances\":[{},{},{},{}]}");

        assertThat(problem.status()).isEqualTo(413);
        assertThat(problem.title()).isEqualTo("Content Too Large");
        assertThat(problem.errors()).containsExactly(new FieldError("instances",
                "holds 4 instances; at most 3 are allowed per request (salary.max-batch); split them over several"
                        + " requests"));
        assertThat(problem.detail()).isEqualTo("The batch is too large: instances: holds 4 instances; at most 3 are"
                + " allowed per request (salary.max-batch); split them over several requests.");
    }

    @Test
    void instancesPastTheLimitAreCountedWhateverTheyHold() {
        // Past the limit nothing is read as an instance, so their faults do not hide the count.
        var problem = problem("{\"instances\":[{},{},{},{\"a\":[1,{\"b\":2}]},7,null,\"x\"]}");

        assertThat(problem.status()).isEqualTo(413);
        assertThat(problem.errors()).containsExactly(new FieldError("instances",
                "holds 7 instances; at most 3 are allowed per request (salary.max-batch); split them over several"
                        + " requests"));
    }

    @Test
    void aBatchOverTheLimitIsRefusedBeforeTheFieldsBesideIt() {
        assertThat(problem("{\"experience\":2,\"instances\":[{},{},{},{}]}").status()).isEqualTo(413);
        assertThat(problem("{\"instances\":[{},{},{},{}],\"experience\":2}").status()).isEqualTo(413);
    }

    @Test
    void exactlyTheMaximumIsAllowed() throws ProblemException {
        assertThat(parse("{\"instances\":[{},{},{}]}").instances()).hasSize(3);
    }

    @Test
    void instanceThatIsNotAnObject() throws ProblemException {
        var request = parse("{\"instances\":[" + EXAMPLE + ",[],null]}");

        assertThat(request.batch()).isTrue();
        assertThat(request.instances()).hasSize(3);
        assertThat(request.instances().get(1)).isEmpty();
        assertThat(request.typeErrors()).containsExactly(
                new FieldError("instances[1]", "must be an object such as " + EXAMPLE + ", was an array"),
                new FieldError("instances[2]", "must be an object such as " + EXAMPLE + ", was null"));
        assertThat(parse("{\"instances\":[2]}").typeErrors()).containsExactly(
                new FieldError("instances[0]", "must be an object such as " + EXAMPLE + ", was a number"));
    }

    @Test
    void fieldBesideInstances() throws ProblemException {
        var request = parse("{\"model\":\"v2\",\"instances\":[" + EXAMPLE + "]}");

        assertThat(request.batch()).isTrue();
        assertThat(request.typeErrors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("model");
            assertThat(error.message()).contains("is not allowed beside instances");
        });
    }

    @Test
    void nonNumbersAreTypeErrorsWithTheirPath() throws ProblemException {
        var request = parse("{\"instances\":[" + EXAMPLE + ","
                + "{\"experience\":\"2\",\"test_score\":null,\"interview_score\":true},"
                + "{\"experience\":{},\"test_score\":[1],\"interview_score\":6}]}");

        assertThat(request.typeErrors()).containsExactly(
                new FieldError("instances[1].experience", "must be a number, was a string"),
                new FieldError("instances[1].test_score", "must be a number, was null"),
                new FieldError("instances[1].interview_score", "must be a number, was a boolean"),
                new FieldError("instances[2].experience", "must be a number, was an object"),
                new FieldError("instances[2].test_score", "must be a number, was an array"));
        assertThat(request.instances().get(1)).isEmpty();
        assertThat(request.instances().get(2)).isEqualTo(Map.of("interview_score", 6.0));
    }

    @Test
    void nonNumbersInOneInstanceHaveBarePaths() throws ProblemException {
        var request = parse("{\"experience\":\"2\",\"test_score\":9,\"interview_score\":false}");

        assertThat(request.batch()).isFalse();
        assertThat(request.typeErrors()).containsExactly(
                new FieldError("experience", "must be a number, was a string"),
                new FieldError("interview_score", "must be a number, was a boolean"));
        assertThat(request.instances()).containsExactly(Map.of("test_score", 9.0));
    }

    @Test
    void typeErrorsAreNotDroppedWhenTheyAreMany() throws ProblemException {
        var request = parse("{\"instances\":[{\"experience\":\"x\"},{\"experience\":\"x\"},{\"experience\":\"x\"}]}");

        assertThat(request.typeErrors()).extracting(FieldError::field).isEqualTo(
                List.of("instances[0].experience", "instances[1].experience", "instances[2].experience"));
    }

    @Test
    void anUnknownFieldOfAnyTypeIsLeftToTheSchemaWhichNamesTheInputs() throws ProblemException {
        var request = parse("{\"age\":\"x\",\"bonus\":[1],\"experience\":2}");

        assertThat(request.typeErrors()).isEmpty();
        var values = new java.util.HashMap<String, Object>();
        values.put("age", null);
        values.put("bonus", null);
        values.put("experience", 2.0);
        assertThat(request.instances()).containsExactly(values);
    }
}
