package com.salaryml.artifact.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.kind.LinearModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every model file ever written keeps loading and predicting the same numbers. The fixture is the model file
 * of format 1 that the project shipped as 1.0.0 (also in web-app's tests), kept here for good; the expected
 * predictions beside it were recorded, as hexadecimal doubles, by the format 1 code (commit af8d92d) on a
 * grid and on seeded random inputs.
 */
class FormatVersion1Test {

    private static final String FIXTURE = "/models/salary-model-1.0.0.json";
    private static final String RECORDED = "/models/salary-model-1.0.0.predictions.csv";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theShippedFormat1FileLoadsAsTheLinearModelItAlwaysWas() throws Exception {
        Model model = ModelFormat.read(fixture(), FIXTURE);

        assertThat(model.kind()).isInstanceOf(LinearModel.class);
        assertThat(model.metadata().kind()).isEqualTo("linear");
        assertThat(model.metadata().algorithm()).isEqualTo("ols");
        assertThat(TestModels.linear(model).intercept()).isEqualTo(25292.686286212727);
        assertThat(model.interval()).isInstanceOf(IntervalParameters.OlsExact.class);
        assertThat(model.interval().method()).isEqualTo("ols-exact");
    }

    @Test
    void itPredictsTheRecordedNumbersToTheLastBitOneAtATimeAndAsABatch() throws Exception {
        Model model = ModelFormat.read(fixture(), FIXTURE);
        List<double[]> rows = recorded();
        assertThat(rows).hasSizeGreaterThan(700);

        double[][] columns = new double[3][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            for (int f = 0; f < 3; f++) {
                columns[f][r] = row[f];
            }
            Prediction single = model.predict(TestModels.inputs(row[0], row[1], row[2]));
            assertSameBits(single, row, "row " + (r + 1));
        }
        Predictions batch = model.predictColumns(columns);
        for (int r = 0; r < rows.size(); r++) {
            assertSameBits(batch.get(r), rows.get(r), "batch row " + (r + 1));
        }
        assertThat(batch.intervalMethod()).isEqualTo("ols-exact");
    }

    @Test
    void theReferenceInstanceStillGetsTheShippedAnswer() throws Exception {
        Prediction prediction = ModelFormat.read(fixture(), FIXTURE).predict(TestModels.reference());

        assertThat(String.format(java.util.Locale.ROOT, "$%,.2f", prediction.value())).isEqualTo("$52,062.76");
        assertThat(prediction.interval().method()).isEqualTo("ols-exact");
    }

    @Test
    void writtenAgainItBecomesFormat2AndPredictsTheSameBits() throws Exception {
        Model model = ModelFormat.read(fixture(), FIXTURE);
        byte[] rewritten = ModelFormat.write(model);
        Model again = ModelFormat.read(rewritten, "rewritten");

        assertThat(JSON.readTree(rewritten).get("format_version").intValue()).isEqualTo(2);
        assertThat(again).isEqualTo(model);
        List<double[]> rows = recorded();
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            assertSameBits(again.predict(TestModels.inputs(row[0], row[1], row[2])), row, "row " + (r + 1));
        }
    }

    @Test
    void aFormat1PenalisedModelLoadsWithoutAnInterval() throws Exception {
        byte[] ridge = edit(root -> {
            root.put("algorithm", "ridge");
            root.putObject("hyperparameters").put("lambda", 10.0);
            root.putNull("prediction_interval");
            root.putArray("coefficient_stats");
        });

        Model model = ModelFormat.read(ridge, FIXTURE);

        assertThat(model.interval()).isNull();
        assertThat(model.predict(TestModels.reference()).intervalNote()).contains("ridge");
    }

    @Test
    void format1HoldsLinearModelsOnlyAndOnlyItsOwnFields() {
        assertRejected(edit(root -> root.put("algorithm", "gbm")), "field 'algorithm' is \"gbm\"",
                "format_version 1 holds linear models only");
        assertRejected(edit(root -> root.putObject("model").put("kind", "linear")), "unknown field 'model'");
        assertRejected(edit(root -> ((ObjectNode) root.get("metrics").get("cross_validation"))
                .put("interval_coverage", 0.95)), "unknown field 'metrics.cross_validation.interval_coverage'");
        assertRejected(edit(root -> ((ObjectNode) root.get("prediction_interval")).put("method", "ols-exact")),
                "unknown field 'prediction_interval.method'");
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(0)).put("example", 2)),
                "unknown field 'features[0].example'");
        assertRejected(edit(root -> root.remove("intercept")), "required field 'intercept' is missing");
    }

    private static void assertSameBits(Prediction prediction, double[] row, String what) {
        double[] actual = {prediction.value(), prediction.interval().low(), prediction.interval().high(),
                prediction.baseline(), prediction.contributions().get(0).amount(),
                prediction.contributions().get(1).amount(), prediction.contributions().get(2).amount(),
                prediction.interval().level()};
        for (int i = 0; i < actual.length; i++) {
            assertThat(Double.toHexString(actual[i])).as("%s, column %d", what, i + 4)
                    .isEqualTo(Double.toHexString(row[i + 3]));
        }
        assertThat(prediction.contributions()).extracting(Prediction.Contribution::feature)
                .containsExactly("experience", "test_score", "interview_score");
    }

    /** The recorded rows: the three inputs, then value, low, high, baseline, three contributions and level. */
    private static List<double[]> recorded() throws IOException {
        String text;
        try (InputStream in = FormatVersion1Test.class.getResourceAsStream(RECORDED)) {
            text = new String(in.readAllBytes(), UTF_8);
        }
        var rows = new ArrayList<double[]>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",");
            assertThat(cells).hasSize(11);
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = Double.parseDouble(cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    static byte[] fixture() {
        try (InputStream in = FormatVersion1Test.class.getResourceAsStream(FIXTURE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] edit(Consumer<ObjectNode> change) {
        try {
            var root = (ObjectNode) JSON.readTree(fixture());
            change.accept(root);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertRejected(byte[] file, String... expected) {
        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelFormat.read(file, FIXTURE));
        assertThat(e).as("reading the bad file should fail").isNotNull();
        for (String part : expected) {
            assertThat(e.getMessage()).contains(part);
        }
    }
}
