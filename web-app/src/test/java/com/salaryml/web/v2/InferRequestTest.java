package com.salaryml.web.v2;

import static org.junit.jupiter.params.provider.Arguments.arguments;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.format.ModelFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InferRequestTest {

    private static final int MAX_BATCH = 4;

    private static FeatureSchema schema;

    @BeforeAll
    static void loadTheSchema() throws Exception {
        try (var in = InferRequestTest.class.getResourceAsStream("/models/salary-model-1.0.0.json")) {
            schema = ModelFormat.read(in.readAllBytes(), "salary-model-1.0.0.json").metadata().schema();
        }
        assertThat(schema.names()).containsExactly("experience", "test_score", "interview_score");
    }

    /** The served model's example, which the servlet passes in; the messages quote whichever it is. */
    private static final String EXAMPLE = "{\"inputs\":[...]}";

    private static InferRequest parse(String body) throws ProtocolException {
        return InferRequest.parse(body.getBytes(StandardCharsets.UTF_8), schema, "salary", MAX_BATCH, EXAMPLE);
    }

    /** The 400 message for a body that must be refused. */
    private static String refusal(String body) {
        return refusal(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(byte[] body) {
        var e = catchThrowableOfType(ProtocolException.class,
                () -> InferRequest.parse(body, schema, "salary", MAX_BATCH, EXAMPLE));
        assertThat(e).as("refusal of %s", new String(body, StandardCharsets.UTF_8)).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("com.");
        return e.getMessage();
    }

    private static String input(String name, String datatype, String shape, String data) {
        return "{\"name\":\"" + name + "\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape + ",\"data\":"
                + data + "}";
    }

    /** A request with one input per feature, all FP64 of shape [n]. */
    private static String request(String experience, String test, String interview, int n) {
        return "{\"inputs\":[" + input("experience", "FP64", "[" + n + "]", experience) + ","
                + input("test_score", "FP64", "[" + n + "]", test) + ","
                + input("interview_score", "FP64", "[" + n + "]", interview) + "]}";
    }

    private static final String TWO_ROWS = request("[2,10]", "[9,5]", "[6,8]", 2);

    @Test
    void columnsBecomeRowsInOrder() throws ProtocolException {
        var request = parse(TWO_ROWS);

        assertThat(request.id()).isEmpty();
        assertThat(request.instances()).containsExactly(
                Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0),
                Map.of("experience", 10.0, "test_score", 5.0, "interview_score", 8.0));
    }

    @Test
    void inputsMayComeInAnyOrderWithTheirParameters() throws ProtocolException {
        var request = parse("{\"id\":\"abc-1\",\"parameters\":{\"content_type\":\"np\",\"x\":[1,{}]},\"inputs\":["
                + input("interview_score", "FP64", "[1]", "[6]") + ","
                + "{\"name\":\"test_score\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[9],\"parameters\":{}},"
                + input("experience", "FP64", "[1]", "[2]") + "],"
                + "\"outputs\":[{\"name\":\"salary\",\"parameters\":{\"binary_data\":false}}]}");

        assertThat(request.id()).contains("abc-1");
        assertThat(request.instances()).containsExactly(
                Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0));
    }

    @Test
    void everyNumericDatatypeAndBothShapesAreRead() throws ProtocolException {
        var request = parse("{\"inputs\":["
                + input("experience", "FP32", "[2,1]", "[[2.5],[10]]") + ","
                + input("test_score", "INT64", "[2, 1]", "[9, 5]") + ","
                + input("interview_score", "INT32", "[2]", "[6.0, 8]") + "]}");

        assertThat(request.instances()).containsExactly(
                Map.of("experience", 2.5, "test_score", 9.0, "interview_score", 6.0),
                Map.of("experience", 10.0, "test_score", 5.0, "interview_score", 8.0));
    }

    @Test
    void rangesAreLeftToTheModel() throws ProtocolException {
        // The model reports ranges, with the valid range in words; here they only have to be numbers.
        var request = parse(request("[-1]", "[1e999]", "[99]", 1));

        assertThat(request.instances().get(0)).containsEntry("experience", -1.0)
                .containsEntry("test_score", Double.POSITIVE_INFINITY).containsEntry("interview_score", 99.0);
    }

    @Test
    void optionalFieldsMayBeNullAsSomeClientsSendThem() throws ProtocolException {
        var request = parse("{\"id\":null,\"parameters\":null,\"outputs\":null,\"inputs\":["
                + "{\"name\":\"experience\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[2],\"parameters\":null},"
                + input("test_score", "FP64", "[1]", "[9]") + "," + input("interview_score", "FP64", "[1]", "[6]")
                + "]}");

        assertThat(request.id()).isEmpty();
        assertThat(request.instances()).hasSize(1);
        assertThat(refusal("{\"inputs\":null}")).startsWith("inputs must be an array").endsWith("it was null.");
    }

    @Test
    void anEmptyOutputsListAsksForEveryOutput() throws ProtocolException {
        String body = TWO_ROWS.substring(0, TWO_ROWS.length() - 1) + ",\"outputs\":[]}";

        assertThat(parse(body).instances()).hasSize(2);
    }

    @Test
    void theBatchLimitIsInclusive() throws ProtocolException {
        assertThat(parse(request("[1,2,3,4]", "[1,2,3,4]", "[1,2,3,4]", 4)).instances()).hasSize(4);
    }

    @Test
    void rowsOverTheLimitAreA413NamingTheInputTheCountTheLimitAndTheSetting() {
        var e = catchThrowableOfType(ProtocolException.class, () -> parse(
                request("[1,2,3,4,5]", "[1,2,3,4,5]", "[1,2,3,4,5]", 5)));

        assertThat(e.status()).isEqualTo(413);
        assertThat(e.getMessage()).isEqualTo("input 'experience' has shape [5]: 5 rows; at most 4 are allowed per"
                + " request (salary.max-batch); split them over several requests.");
    }

    @Test
    void aShapeOverTheLimitIsA413BeforeItsDataIsLookedAt() {
        // A million rows claimed over one value: the claim alone is refused, whatever the data holds.
        var e = catchThrowableOfType(ProtocolException.class, () -> parse("{\"inputs\":["
                + input("experience", "FP64", "[1000000, 1]", "[2]") + "]}"));

        assertThat(e.status()).isEqualTo(413);
        assertThat(e.getMessage()).startsWith("input 'experience' has shape [1000000,1]: 1000000 rows; at most 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"inputs\":", "not json", "", "[1]", "\"inputs\"", "null",
            "{\"inputs\":[]} trailing", "{\"id\":\"a\",\"id\":\"b\",\"inputs\":[]}"})
    void malformedBodiesAreRefused(String body) {
        assertThat(refusal(body)).isNotBlank();
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThat(refusal("{\"inputs\":\n [1,]}")).startsWith("The request body is not valid JSON: ")
                .endsWith("(line 2, column 5).");
        assertThat(refusal(new byte[] {'{', '"', 'e', '"', ':', (byte) 0xC3, (byte) 0x28, '}'}))
                .startsWith("The request body");
    }

    @Test
    void deepNestingAndLongNumbersAreRefused() {
        String deep = "[".repeat(20) + "]".repeat(20);
        assertThat(refusal("{\"parameters\":{\"x\":" + deep + "}," + TWO_ROWS.substring(1)))
                .contains("not valid JSON").contains("nesting depth");
        assertThat(refusal(request("[" + "1".repeat(200) + "]", "[9]", "[6]", 1)))
                .contains("not valid JSON").contains("Number value length");
    }

    @Test
    void unknownTopLevelFieldsAreRefusedLikeTheNativeApiDoes() {
        assertThat(refusal("{\"instances\":[]," + TWO_ROWS.substring(1)))
                .isEqualTo("The request has an unknown field 'instances'; it may hold only id, parameters, inputs"
                        + " and outputs.");
    }

    @Test
    void theShapeOfTheTopLevelIsChecked() {
        assertThat(refusal("{}")).startsWith("The request has no inputs; send {\"inputs\":");
        assertThat(refusal("{\"inputs\":[]}")).isEqualTo("inputs must be an array with one tensor per model"
                + " input (experience, test_score, interview_score); it was empty.");
        assertThat(refusal("{\"inputs\":{}}")).endsWith("it was an object.");
        assertThat(refusal("{\"id\":7," + TWO_ROWS.substring(1))).isEqualTo("id must be a string, was a number.");
        assertThat(refusal("{\"parameters\":[]," + TWO_ROWS.substring(1)))
                .isEqualTo("parameters must be an object, was an array.");
    }

    @Test
    void everyFeatureExactlyOnceAndNothingElse() {
        assertThat(experienceRefusal("[1]", "[2]"))
                .isEqualTo("inputs 'test_score', 'interview_score' are missing; the model takes experience,"
                        + " test_score, interview_score.");
        assertThat(refusal("{\"inputs\":[" + input("experience", "FP64", "[1]", "[2]") + ","
                + input("test_score", "FP64", "[1]", "[9]") + "]}"))
                .isEqualTo("input 'interview_score' is missing; the model takes experience, test_score,"
                        + " interview_score.");
        assertThat(refusal("{\"inputs\":[" + input("experience", "FP64", "[1]", "[2]") + ","
                + input("experience", "FP64", "[1]", "[3]") + "]}"))
                .isEqualTo("input 'experience' is given twice; send each input once.");
        assertThat(refusal("{\"inputs\":[" + input("experiance", "FP64", "[1]", "[2]") + "]}"))
                .isEqualTo("input 'experiance' is not an input of this model; the inputs are experience,"
                        + " test_score, interview_score.");
    }

    @Test
    void inputsMustBeObjectsWithANameAndNoUnknownFields() {
        assertThat(refusal("{\"inputs\":[3]}")).isEqualTo("inputs[0] must be an object with name, shape,"
                + " datatype and data, was a number.");
        assertThat(refusal("{\"inputs\":[{\"shape\":[1],\"datatype\":\"FP64\",\"data\":[1]}]}"))
                .isEqualTo("inputs[0] needs a name, one of experience, test_score, interview_score.");
        assertThat(refusal("{\"inputs\":[{\"name\":1}]}")).endsWith("; it was a number.");
        assertThat(refusal("{\"inputs\":[{\"name\":\"experience\",\"shape\":[1],\"datatype\":\"FP64\","
                + "\"data\":[1],\"contents\":{}}]}"))
                .isEqualTo("input 'experience' has an unknown field 'contents'; an input may hold only name,"
                        + " shape, datatype, data and parameters.");
        assertThat(refusal("{\"inputs\":[{\"name\":\"experience\",\"shape\":[1],\"datatype\":\"FP64\","
                + "\"data\":[1],\"parameters\":\"x\"}]}"))
                .isEqualTo("input 'experience' parameters must be an object, was a string.");
    }

    @Test
    void onlyNumericDatatypesAreTaken() {
        assertThat(refusal(request("[2]", "[9]", "[6]", 1).replaceFirst("FP64", "BYTES")))
                .isEqualTo("input 'experience' has datatype BYTES; this input takes FP64, FP32, INT32 or INT64.");
        assertThat(refusal(request("[2]", "[9]", "[6]", 1).replaceFirst("FP64", "fp64"))).contains("datatype fp64");
        assertThat(refusal("{\"inputs\":[{\"name\":\"experience\",\"shape\":[1],\"data\":[1]}]}"))
                .isEqualTo("input 'experience' needs a datatype: FP64, FP32, INT32 or INT64.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[1,1,1]", "[1,2]", "[2,1]x", "[-1]", "[1.5]", "[\"1\"]", "3", "null",
            "[99999999999999999999999]", "[0]"})
    void shapesOtherThanNOrNByOneAreRefused(String shape) {
        String body = "{\"inputs\":[" + input("experience", "FP64", shape, "[2]") + "]}";
        if (shape.endsWith("x")) {
            assertThat(refusal(body)).contains("not valid JSON");
            return;
        }
        assertThat(refusal(body)).startsWith("input 'experience' ");
    }

    @ParameterizedTest(name = "{0}: shape {1}, data {2}")
    @MethodSource("experienceShapeRefusals")
    void experienceShapeAndDataRefusalsSayWhatIsAllowed(String rule, String shape, String data, String expected) {
        assertThat(experienceRefusal(shape, data)).isEqualTo(expected);
    }

    static Stream<Arguments> experienceShapeRefusals() {
        return Stream.of(
                arguments("shape messages say what is allowed", "[1,2]", "[2,3]",
                        "input 'experience' has shape [1,2]; each input holds one feature, so its shape is [N]"
                        + " or [N, 1]."),
                arguments("shape messages say what is allowed", "[0]", "[]",
                        "input 'experience' has shape [0], which holds no rows; send at least one."),
                arguments("shape messages say what is allowed", "[-1]", "[2]",
                        "input 'experience' shape [-1] must hold whole numbers of zero or more."),
                arguments("nested data must follow the shape", "[2]", "[[2],[3]]",
                        "input 'experience' data[0] is an array, but shape [2] has one dimension; send the"
                        + " values flat."),
                arguments("nested data must follow the shape", "[2,1]", "[[2],[3,4]]",
                        "input 'experience' data[1] holds 2 values; shape [2,1] has one value per row."),
                arguments("nested data must follow the shape", "[1,1]", "[[[2]]]",
                        "input 'experience' data[0] must be a number, was an array."),
                // Two values, but in one row: the count must say 2, and the message how to nest them.
                arguments("values are counted however the data is nested", "[2,1]", "[[2,10]]",
                        "input 'experience' data holds the 2 values its shape [2,1] needs, but in 1 entry rather"
                        + " than one per row; send them flat, [a, b, …], or one array per row, [[a], [b], …]."),
                arguments("values are counted however the data is nested", "[3]", "[[2,10],[4]]",
                        "input 'experience' data holds the 3 values its shape [3] needs, but in 2 entries rather"
                        + " than one per row; send them flat, [a, b, …]."),
                arguments("values are counted however the data is nested", "[2,1]", "[[2,10,3]]",
                        "input 'experience' data holds 3 values but its shape [2,1] needs 2."),
                arguments("values are counted however the data is nested", "[3,1]", "[[[2],[10]]]",
                        "input 'experience' data holds 2 values but its shape [3,1] needs 3."),
                arguments("values are counted however the data is nested", "[2]", "[[],[],[2],[10]]",
                        "input 'experience' data holds the 2 values its shape [2] needs, but in 4 entries rather"
                        + " than one per row; send them flat, [a, b, …]."));
    }

    @Test
    void dataMustMatchTheShape() {
        assertThat(refusal(request("[2,10]", "[9]", "[6]", 1).replaceFirst("\\[1]", "[2]").replaceFirst(
                "\"data\":\\[2,10]", "\"data\":[2]"))).isEqualTo(
                "input 'experience' data holds 1 values but its shape [2] needs 2.");
        assertThat(refusal(request("[2,10,3]", "[9,5,1]", "[6,8,1]", 2)))
                .isEqualTo("input 'experience' data holds 3 values but its shape [2] needs 2.");
        assertThat(experienceRefusal("[1]", "2"))
                .isEqualTo("input 'experience' needs data, an array of 1 numbers; it was a number.");
        assertThat(refusal("{\"inputs\":[{\"name\":\"experience\",\"shape\":[1],\"datatype\":\"FP64\"}]}"))
                .isEqualTo("input 'experience' needs data, an array of 1 numbers.");
    }

    @Test
    void allInputsHoldTheSameNumberOfRows() {
        assertThat(refusal("{\"inputs\":[" + input("experience", "FP64", "[2]", "[2,10]") + ","
                + input("test_score", "FP64", "[1]", "[9]") + "]}"))
                .isEqualTo("input 'test_score' holds 1 rows but input 'experience' holds 2; every input must hold"
                        + " the same number of rows.");
    }

    @Test
    void valuesMustBeNumbersOfTheirDatatype() {
        assertThat(refusal(request("[2,\"3\"]", "[9,5]", "[6,8]", 2)))
                .isEqualTo("input 'experience' data[1] must be a number, was a string.");
        assertThat(refusal(request("[null]", "[9]", "[6]", 1)))
                .isEqualTo("input 'experience' data[0] must be a number, was null.");
        assertThat(refusal(request("[true]", "[9]", "[6]", 1)))
                .isEqualTo("input 'experience' data[0] must be a number, was a boolean.");
        assertThat(refusal(request("[2]", "[9]", "[6]", 1).replaceFirst("FP64", "INT64").replace("[2]", "[2.5]")))
                .isEqualTo("input 'experience' data[0] must be a whole number in the INT64 range, was 2.5.");
        assertThat(refusal(request("[2]", "[9]", "[6]", 1).replaceFirst("FP64", "INT32")
                .replace("[2]", "[3000000000]")))
                .isEqualTo("input 'experience' data[0] must be a whole number in the INT32 range, was 3000000000.");
        assertThat(refusal(request("[2]", "[9]", "[6]", 1).replaceFirst("FP64", "INT64")
                .replace("[2]", "[99999999999999999999]")))
                .contains("must be a whole number in the INT64 range");
        assertThat(refusal(request("[2]", "[9]", "[6]", 1).replaceFirst("FP64", "FP32").replace("[2]", "[1e300]")))
                .isEqualTo("input 'experience' data[0] is outside the FP32 range, was 1.0E300.");
    }

    @Test
    void outputsMayOnlyNameTheModelsOutput() {
        String head = TWO_ROWS.substring(0, TWO_ROWS.length() - 1);
        assertThat(refusal(head + ",\"outputs\":[{\"name\":\"bonus\"}]}"))
                .isEqualTo("output 'bonus' is not an output of this model; its one output is salary.");
        assertThat(refusal(head + ",\"outputs\":[\"salary\"]}"))
                .isEqualTo("outputs[0] must be an object with a name, {\"name\":\"salary\"}.");
        assertThat(refusal(head + ",\"outputs\":{}}"))
                .isEqualTo("outputs must be an array such as [{\"name\":\"salary\"}], was an object.");
        assertThat(refusal(head + ",\"outputs\":[{\"name\":\"salary\",\"shape\":[1]}]}"))
                .isEqualTo("outputs[0] has an unknown field 'shape'; an output may hold only name and parameters.");
    }

    @Test
    void echoedNamesAreCutShort() {
        String longName = "x".repeat(5000);
        assertThat(refusal("{\"inputs\":[" + input(longName, "FP64", "[1]", "[2]") + "]}"))
                .hasSizeLessThan(200).contains("x".repeat(64) + "…");
    }

    @Test
    void theIdIsKeptAsSent() throws ProtocolException {
        String body = "{\"id\":\"not a sane id! ✓\"," + TWO_ROWS.substring(1);

        assertThat(parse(body).id()).isEqualTo(Optional.of("not a sane id! ✓"));
        assertThat(parse(body).instances()).hasSize(2);
        assertThat(List.of(parse(TWO_ROWS).instances().get(0).keySet().toArray()))
                .containsExactlyInAnyOrder("experience", "test_score", "interview_score");
    }

    /** The refusal of a request whose one input is experience, as FP64 with this shape and data. */
    private static String experienceRefusal(String shape, String data) {
        return refusal("{\"inputs\":[" + input("experience", "FP64", shape, data) + "]}");
    }
}
