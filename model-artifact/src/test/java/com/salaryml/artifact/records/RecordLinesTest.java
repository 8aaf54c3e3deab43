package com.salaryml.artifact.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.signing.Approval;
import com.salaryml.artifact.Prediction;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordLinesTest {

    private static final Instant TIME = Instant.parse("2026-11-27T10:15:30.123456Z");
    private static final String SHA256 = "9b2e".repeat(16);
    private static final String KEY = "q3vXoWc2R9mB1yZ0kLpA7g";
    private static final Approval ALICE = new Approval("CN=Alice Example,OU=Data Science", "sha256:" + "3f1c".repeat(16),
            Instant.parse("2026-11-29T10:15:30Z"), "salary-model-1.0.0.json", SHA256);
    private static final Prediction PREDICTION = new Prediction(127321.19737385798,
            new Prediction.Interval(0.95, 100618.6548234392, 154023.73992427677, "ols-exact"), null,
            62999.999999999985, List.of(new Prediction.Contribution("experience", 67866.98269133654),
            new Prediction.Contribution("test_score", 745.0817226022685),
            new Prediction.Contribution("interview_score", -4290.867040080804)),
            List.of(new Prediction.Warning("experience", "experience 30 is outside the range")), "salary", "1.0.0");

    /** The example of docs/prediction-log.md, as lines were written before they had a record_version. */
    private static final String FIRST_VERSION_LINE = "{\"time\":\"2026-11-27T10:15:30.123456Z\",\"request_id\":\"order-17\","
            + "\"endpoint\":\"v2\",\"model_name\":\"salary\",\"model_version\":\"1.0.0\",\"approval\":{\"status\":"
            + "\"approved\",\"signer\":\"CN=Alice Example,OU=Data Science,O=Example Org\",\"key_fingerprint\":"
            + "\"sha256:3f1c\",\"signed_at\":\"2026-11-29T10:15:30Z\",\"model_sha256\":\"9b2e\"},\"index\":1,"
            + "\"inputs\":{\"experience\":30.0,\"test_score\":9.0,\"interview_score\":6.0},\"output\":{\"salary\":"
            + "127321.19737385798,\"interval\":{\"level\":0.95,\"low\":100618.6548234392,\"high\":154023.73992427677,"
            + "\"method\":\"ols-exact\"},\"baseline\":62999.999999999985,\"contributions\":{\"experience\":"
            + "67866.98269133654,\"test_score\":745.0817226022685,\"interview_score\":-4290.867040080804}},"
            + "\"warnings\":[]}";

    @Test
    void aWrittenPredictionLineReadsBackWithItsVersionFirst() throws Exception {
        var inputs = new HashMap<String, Double>(Map.of("interview_score", 6.0, "experience", 30.0));
        String line = predictionLine(new ApprovalFields("approved", ALICE, SHA256), inputs);

        assertThat(line).startsWith("{\"record_version\":2,\"time\":\"2026-11-27T10:15:30.123456Z\","
                + "\"request_id\":\"order-17\",\"outcome_key\":\"" + KEY + "\",\"endpoint\":\"v2\",\"model_name\":\"salary\",\"model_version\":\"1.0.0\","
                + "\"approval\":{\"status\":\"approved\",\"signer\":\"CN=Alice Example,OU=Data Science\",")
                .contains("\"index\":1,\"inputs\":{\"experience\":30.0,\"test_score\":null,\"interview_score\":6.0},"
                        + "\"output\":{\"salary\":127321.19737385798,")
                .endsWith("\"warnings\":[{\"feature\":\"experience\",\"message\":\"experience 30 is outside the range\"}]}");
        PredictionLine.Logged logged = PredictionLine.read(line);
        assertThat(logged.requestId()).isEqualTo("order-17");
        assertThat(logged.outcomeKey()).isEqualTo(KEY);
        assertThat(logged.index()).isEqualTo(1);
        assertThat(logged.modelVersion()).isEqualTo("1.0.0");
        assertThat(logged.inputs().keySet()).containsExactly("experience", "test_score", "interview_score");
        assertThat(logged.inputs().get("experience")).isEqualTo(30.0);
        assertThat(logged.inputs().get("test_score")).isNull();
        assertThat(logged.inputs().get("interview_score")).isEqualTo(6.0);
        assertThat(logged.value()).isEqualTo(127321.19737385798);
        assertThat(logged.low()).isEqualTo(100618.6548234392);
        assertThat(logged.high()).isEqualTo(154023.73992427677);
        assertThat(logged.hasEstimate()).isTrue();
        assertThat(logged.time()).isEqualTo(TIME);
    }

    @Test
    void anUnsignedModelsApprovalHasNoSigner() throws Exception {
        String line = predictionLine(new ApprovalFields("unsigned", null, SHA256), Map.of());
        assertThat(line).contains("\"approval\":{\"status\":\"unsigned\",\"model_sha256\":\"" + SHA256 + "\"},");
    }

    @Test
    void linesWrittenBeforeTheVersionFieldStillRead() throws Exception {
        PredictionLine.Logged logged = PredictionLine.read(FIRST_VERSION_LINE);
        assertThat(logged.requestId()).isEqualTo("order-17");
        assertThat(logged.outcomeKey()).isNull();
        assertThat(logged.value()).isEqualTo(127321.19737385798);
        OutcomeLine outcome = OutcomeLine.read("{\"time\":\"2026-12-01T09:00:00Z\",\"request_id\":\"order-17\","
                + "\"index\":1,\"actual\":131000.0,\"model_version\":\"1.0.0\"}");
        assertThat(outcome).isEqualTo(new OutcomeLine(Instant.parse("2026-12-01T09:00:00Z"), null, "order-17", 1,
                131000.0, "1.0.0"));
        assertThat(outcome.keyed()).isFalse();
    }

    @Test
    void aFirstVersionLineWithItsVersionStillReadsByRequestId() throws Exception {
        PredictionLine.Logged logged = PredictionLine.read("{\"record_version\":1,\"request_id\":\"a\",\"inputs\":{}}");
        assertThat(logged.outcomeKey()).isNull();
        OutcomeLine outcome = OutcomeLine.read("{\"record_version\":1,\"request_id\":\"a\",\"actual\":1}");
        assertThat(outcome.requestId()).isEqualTo("a");
        assertThat(outcome.outcomeKey()).isNull();
    }

    @Test
    void anOutcomeLineReadsBackAsWritten() throws Exception {
        var outcome = OutcomeLine.keyed(TIME, KEY, 0, 52000.5, "1.1.0");
        assertThat(outcome.json()).isEqualTo("{\"record_version\":2,\"time\":\"2026-11-27T10:15:30.123456Z\","
                + "\"outcome_key\":\"" + KEY + "\",\"index\":0,\"actual\":52000.5,\"model_version\":\"1.1.0\"}");
        assertThat(OutcomeLine.read(outcome.json())).isEqualTo(outcome);
        assertThat(outcome.keyed()).isTrue();
    }

    @Test
    void aFirstVersionOutcomeIsNeverWrittenAgain() {
        var old = new OutcomeLine(TIME, null, "order-18", 0, 52000.5, "1.1.0");
        assertThatThrownBy(old::json).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new OutcomeLine(TIME, KEY, "order-18", 0, 1, "1.1.0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutcomeLine(TIME, null, null, 0, 1, "1.1.0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecondVersionLineWithoutItsKeyIsRefused() {
        // Read by request id, it would join to whichever prediction last took that id: the hijack version 2 ends.
        assertThatThrownBy(() -> OutcomeLine.read("{\"record_version\":2,\"request_id\":\"a\",\"actual\":1}"))
                .isInstanceOf(RecordException.class)
                .hasMessage("'outcome_key' must be a non-empty string");
        assertThatThrownBy(() -> PredictionLine.read("{\"record_version\":2,\"request_id\":\"a\",\"inputs\":{}}"))
                .isInstanceOf(RecordException.class)
                .hasMessage("'outcome_key' must be a non-empty string");
    }

    @Test
    void aLineFromANewerWriterIsRefusedNamingTheVersion() {
        assertThatThrownBy(() -> OutcomeLine.read("{\"record_version\":3,\"outcome_key\":\"a\",\"actual\":1}"))
                .isInstanceOf(RecordException.class)
                .hasMessage("'record_version' is 3, but this reader reads up to 2; upgrade model-artifact to read it");
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> PredictionLine.read("[1]")).hasMessage("not a JSON object on one line");
        assertThatThrownBy(() -> PredictionLine.read("{\"request_id\":\"\"}"))
                .hasMessage("'request_id' must be a non-empty string");
        assertThatThrownBy(() -> PredictionLine.read("{\"request_id\":\"a\",\"index\":-1}"))
                .hasMessage("'index' must be a whole number from 0");
        assertThatThrownBy(() -> PredictionLine.read("{\"request_id\":\"a\",\"index\":0}"))
                .hasMessage("no 'inputs' object; is this a prediction log?");
        assertThatThrownBy(() -> OutcomeLine.read("{\"request_id\":\"a\",\"actual\":\"1\"}"))
                .hasMessage("'actual' must be a number");
        assertThatThrownBy(() -> OutcomeLine.read("{\"request_id\":\"a\",\"actual\":1,\"time\":\"yesterday\"}"))
                .hasMessage("'time' must be an ISO-8601 instant, was \"yesterday\"");
    }

    @Test
    void aLineWithoutAnOutputHasNoEstimate() throws Exception {
        PredictionLine.Logged logged = PredictionLine.read("{\"request_id\":\"a\",\"inputs\":{}}");
        assertThat(logged.hasEstimate()).isFalse();
        assertThat(logged.index()).isZero();
    }

    private static String predictionLine(ApprovalFields approval, Map<String, Double> inputs) throws IOException {
        var text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            PredictionLine.write(json, new PredictionLine.Request(TIME, "order-17", KEY, "v2", "salary", "1.0.0",
                    approval),
                    1, List.of("experience", "test_score", "interview_score"), inputs, "salary", PREDICTION);
        }
        return text.toString();
    }
}
