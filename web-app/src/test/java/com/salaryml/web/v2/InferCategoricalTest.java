package com.salaryml.web.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.TestModels;
import com.salaryml.web.serving.ModelExamples;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * V2 inference for a model with categories ({@link TestModels#ACADEMIC}): a category's tensor is BYTES, its data
 * its levels as JSON strings, as the Open Inference Protocol's REST API sends text; a number's stays numeric. A
 * wrong datatype, or data that is not a string, is a 400 naming the input.
 */
class InferCategoricalTest {

    private static final Model MODEL = TestModels.ACADEMIC;

    private static InferRequest parse(String... inputs) throws ProtocolException {
        return InferRequest.parse(body(inputs), MODEL.metadata().schema(), "salary", 4,
                ModelExamples.inferBody(MODEL.metadata()));
    }

    private static byte[] body(String... inputs) {
        return ("{\"inputs\":[" + String.join(",", inputs) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(String... inputs) {
        var e = catchThrowableOfType(ProtocolException.class, () -> parse(inputs));
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e.getMessage();
    }

    private static String input(String name, String datatype, String shape, String data) {
        return "{\"name\":\"" + name + "\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape + ",\"data\":"
                + data + "}";
    }

    private static final String RANK = input("rank", "BYTES", "[2]", "[\"Prof\",\"AsstProf\"]");
    private static final String DISCIPLINE = input("discipline", "BYTES", "[2,1]", "[[\"A\"],[\"B\"]]");
    private static final String YEARS = input("yrs_since_phd", "INT64", "[2]", "[10,3]");

    @Test
    void aCategoryIsABytesTensorOfItsLevelsAndEachRowPredictsAsTheNativeApiDoes() throws ProtocolException {
        InferRequest request = parse(RANK, DISCIPLINE, YEARS);

        assertThat(request.instances()).containsExactly(
                Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 10.0),
                Map.of("rank", "AsstProf", "discipline", "B", "yrs_since_phd", 3.0));
        assertThat(MODEL.predict(request.instances().get(0)).value()).isEqualTo(Math.exp(11.453125));
    }

    @Test
    void aCategorySentAsNumbersIsRefusedNamingTheInputAndItsLevels() {
        assertThat(refusal(input("rank", "FP64", "[2]", "[2,0]"), DISCIPLINE, YEARS)).isEqualTo("input 'rank' has"
                + " datatype FP64; it is a category, so its datatype is BYTES and its data one of AsstProf,"
                + " AssocProf, Prof as strings.");
        assertThat(refusal(input("rank", "BYTES", "[2]", "[\"Prof\",2]"), DISCIPLINE, YEARS))
                .isEqualTo("input 'rank' data[1] must be a string, one of AsstProf, AssocProf, Prof, was a number.");
    }

    @Test
    void aNumberSentAsBytesIsRefusedNamingTheInput() {
        assertThat(refusal(RANK, DISCIPLINE, input("yrs_since_phd", "BYTES", "[2]", "[\"10\",\"3\"]")))
                .isEqualTo("input 'yrs_since_phd' has datatype BYTES; this input takes FP64, FP32, INT32 or INT64.");
    }

    @Test
    void aCategoryWithoutADatatypeIsToldToSendBytes() {
        assertThat(refusal("{\"name\":\"rank\",\"shape\":[2],\"data\":[\"Prof\",\"Prof\"]}", DISCIPLINE, YEARS))
                .isEqualTo("input 'rank' needs a datatype: BYTES, its data one of AsstProf, AssocProf, Prof as"
                        + " strings.");
    }

    @Test
    void theExampleInTheMessagesSendsTheFirstCategoryAsBytes() {
        assertThat(ModelExamples.inferBody(MODEL.metadata())).startsWith(
                "{\"inputs\":[{\"name\":\"rank\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"Prof\"]}");
    }

    @Test
    void theInputsDatatypesAreBytesForACategoryAndFp64ForANumber() {
        var features = MODEL.metadata().schema().features();

        assertThat(features.stream().map(InferAnswers::datatype).toList()).containsExactly("BYTES", "BYTES", "FP64");
    }
}
