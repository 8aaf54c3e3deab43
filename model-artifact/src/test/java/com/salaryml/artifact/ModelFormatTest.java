package com.salaryml.artifact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModelFormatTest {

    private static final String SOURCE = "models/bad-model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsBackWhatItWrote() throws ModelLoadException {
        LinearModel read = ModelFormat.read(ModelFormat.write(TestModels.SALARY), SOURCE);

        assertThat(read).isEqualTo(TestModels.SALARY);
        assertThat(read.metadata()).isEqualTo(TestModels.SALARY.metadata());
        assertThat(read.intercept()).isEqualTo(30000.5);
        assertThat(read.coefficients()).containsExactly(2000.25, 1000.125, 1500.0625);
    }

    @Test
    void roundTripsNumbersThatAreNotExactInDecimal() throws ModelLoadException {
        var model = TestModels.model("2.0.0", 0.1 + 0.2, Math.PI, -1.0 / 3, 1e-300);

        LinearModel read = ModelFormat.read(ModelFormat.write(model), SOURCE);

        assertThat(read).isEqualTo(model);
        assertThat(read.intercept()).isEqualTo(0.1 + 0.2);
    }

    @Test
    void writesTheSameBytesEveryTime() {
        byte[] first = ModelFormat.write(TestModels.SALARY);
        byte[] second = ModelFormat.write(TestModels.model("1.0.0", 30000.5, 2000.25, 1000.125, 1500.0625));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void writesUtf8WithUnixLineEndingsAndAFinalNewline() {
        String text = new String(ModelFormat.write(TestModels.SALARY), UTF_8);

        assertThat(text).doesNotContain("\r").contains("\n  \"format\": \"salaryml-model\",\n").endsWith("}\n");
        assertThat(text.lines()).hasSizeGreaterThan(10);
    }

    @Test
    void writesTheDocumentedFieldsInOrder() throws IOException {
        var root = JSON.readTree(ModelFormat.write(TestModels.SALARY));

        assertThat(root.fieldNames()).toIterable().containsExactly("format", "format_version", "name", "version",
                "algorithm", "hyperparameters", "target", "features", "intercept", "coefficients",
                "prediction_interval", "metrics", "coefficient_stats", "training_data", "provenance");
        assertThat(root.get("format").textValue()).isEqualTo(ModelFormat.FORMAT);
        assertThat(root.get("format_version").intValue()).isEqualTo(ModelFormat.VERSION);
        assertThat(root.get("features").get(1).get("name").textValue()).isEqualTo("test_score");
        assertThat(root.get("training_data").get("sha256").textValue()).isEqualTo(TestModels.SHA256);
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        assertRejected(edit(root -> root.put("format_version", 2)),
                "format_version 2 is not supported", "reads format_version 1");
    }

    @Test
    void reportsTheUnsupportedVersionEvenWhenTheNewerFormatHasNewFields() {
        // A newer format will add fields; the reader must say "version", not "unknown field".
        assertRejected(edit(root -> {
            root.put("format_version", 2);
            root.put("preprocessing", "standardize");
        }), "format_version 2 is not supported");
    }

    @Test
    void rejectsAFormatVersionThatIsNotAWholeNumber() {
        assertRejected(edit(root -> root.put("format_version", 1.5)), "'format_version' must be a whole number");
        assertRejected(edit(root -> root.put("format_version", "1")), "'format_version' must be a whole number",
                "was a string");
    }

    @Test
    void rejectsAnotherFormat() {
        assertRejected(edit(root -> root.put("format", "onnx")), "field 'format' is \"onnx\"", "salaryml-model");
    }

    @Test
    void rejectsJsonThatIsNotAModelFileByItsFormat() {
        assertRejected("{\"name\": \"my-app\", \"dependencies\": {}}".getBytes(UTF_8), "'format'");
    }

    @Test
    void rejectsAMissingIntercept() {
        assertRejected(edit(root -> root.remove("intercept")), "required field 'intercept' is missing");
    }

    @Test
    void rejectsAMissingFieldOfAFeatureNamingItsPath() {
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(1)).remove("max")),
                "required field 'features[1].max' is missing");
    }

    @Test
    void rejectsNullAsMissing() {
        assertRejected(edit(root -> root.putNull("version")), "required field 'version' is missing");
    }

    @Test
    void rejectsANonFiniteNumber() {
        byte[] bad = replace("\"intercept\": 30000.5", "\"intercept\": 1e999");

        assertRejected(bad, "field 'intercept' must be a finite number");
    }

    @Test
    void rejectsANonFiniteCoefficientNamingItsIndex() {
        // The coefficients array only: coefficient_stats holds the same number as an estimate.
        byte[] bad = replace("\n    1000.125,\n", "\n    -1e400,\n");

        assertRejected(bad, "field 'coefficients[1]' must be a finite number");
    }

    @Test
    void rejectsNaNLiterals() {
        assertRejected(replace("\"intercept\": 30000.5", "\"intercept\": NaN"), "is not valid JSON");
    }

    @Test
    void rejectsMoreCoefficientsThanFeatures() {
        assertRejected(edit(root -> ((ArrayNode) root.get("coefficients")).add(1.0)),
                "4 coefficients but 3 features");
    }

    @Test
    void rejectsFewerCoefficientsThanFeatures() {
        assertRejected(edit(root -> ((ArrayNode) root.get("coefficients")).remove(2)),
                "2 coefficients but 3 features");
    }

    @Test
    void rejectsAStringWhereANumberBelongs() {
        assertRejected(edit(root -> root.put("intercept", "30000.5")),
                "field 'intercept' must be a number, was a string");
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(0)).put("min", "0")),
                "field 'features[0].min' must be a number, was a string");
        assertRejected(edit(root -> ((ArrayNode) root.get("coefficients")).set(0, JSON.getNodeFactory().textNode("1"))),
                "field 'coefficients[0]' must be a number, was a string");
    }

    @Test
    void rejectsOtherWrongTypes() {
        assertRejected(edit(root -> root.put("name", 7)), "field 'name' must be a string, was a number");
        assertRejected(edit(root -> root.putObject("features")), "field 'features' must be an array, was an object");
        assertRejected(edit(root -> root.putArray("metrics")), "field 'metrics' must be a JSON object, was an array");
        assertRejected(edit(root -> root.put("coefficients", true)), "field 'coefficients' must be an array");
        assertRejected(edit(root -> ((ObjectNode) root.get("training_data")).put("rows", 8.5)),
                "field 'training_data.rows' must be a whole number");
    }

    @Test
    void rejectsARootThatIsNotAnObject() {
        assertRejected("[1, 2, 3]".getBytes(UTF_8), "the file must be a JSON object, was an array");
    }

    @Test
    void rejectsAnUnknownFieldAtTheTop() {
        assertRejected(edit(root -> root.put("pickle", "cos\nsystem")), "unknown field 'pickle'");
    }

    @Test
    void rejectsAnUnknownNestedField() {
        assertRejected(edit(root -> ((ObjectNode) root.get("metrics")).put("accuracy", 1)),
                "unknown field 'metrics.accuracy'", "r2, adjusted_r2, rmse, mae");
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(2)).put("default", 5)),
                "unknown field 'features[2].default'");
    }

    @Test
    void rejectsADuplicateKey() {
        byte[] bad = replace("\"intercept\": 30000.5,", "\"intercept\": 30000.5,\n  \"intercept\": 99999.0,");

        assertRejected(bad, "is not valid JSON", "Duplicate field 'intercept'");
    }

    @Test
    void rejectsADuplicateKeyInsideANestedObject() {
        byte[] bad = replace("\"unit\": \"USD\"", "\"unit\": \"USD\", \"unit\": \"EUR\"");

        assertRejected(bad, "is not valid JSON", "Duplicate field 'unit'");
    }

    @Test
    void rejectsInvalidJsonNamingWhere() {
        byte[] bad = replace("\"intercept\": 30000.5,", "\"intercept\" 30000.5,");

        assertRejected(bad, "is not valid JSON", "(line ");
    }

    @Test
    void rejectsATruncatedFile() {
        byte[] good = ModelFormat.write(TestModels.SALARY);
        byte[] half = java.util.Arrays.copyOf(good, good.length / 2);

        assertRejected(half, "is not valid JSON");
    }

    @Test
    void rejectsAnEmptyFile() {
        assertRejected(new byte[0], "is empty");
        assertRejected(" \n\t\n".getBytes(UTF_8), "is empty");
    }

    @Test
    void rejectsTrailingGarbage() {
        byte[] good = ModelFormat.write(TestModels.SALARY);

        assertRejected(concat(good, "{}".getBytes(UTF_8)), "is not valid JSON");
        assertRejected(concat(good, "garbage".getBytes(UTF_8)), "is not valid JSON");
    }

    @Test
    void rejectsAnInvalidFeatureRangeNamingTheFeature() {
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(0)).put("min", 60)),
                "field 'features[0]'", "valid range must be finite with min <= max");
    }

    @Test
    void rejectsDuplicateFeatureNames() {
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(2)).put("name", "experience")),
                "field 'features'", "experience appears twice");
    }

    @Test
    void rejectsAVersionThatIsNotASafeName() {
        assertRejected(edit(root -> root.put("version", "../../etc")), "version must be");
    }

    @Test
    void rejectsABadDigest() {
        assertRejected(edit(root -> ((ObjectNode) root.get("training_data")).put("sha256", "ABC")),
                "field 'training_data'", "sha256 must be 64 lower-case hex digits");
    }

    @Test
    void rejectsANonFiniteMetric() {
        assertRejected(replace("\"rmse\": 2500.5", "\"rmse\": 1e999"), "field 'metrics.rmse' must be a finite number");
    }

    @Test
    void refusesAFileLargerThanTheLimitBeforeParsing() {
        assertRejected(new byte[ModelFormat.MAX_BYTES + 1], "a model file may be at most");
    }

    private static byte[] edit(Consumer<ObjectNode> change) {
        try {
            var root = (ObjectNode) JSON.readTree(ModelFormat.write(TestModels.SALARY));
            change.accept(root);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] replace(String good, String bad) {
        String text = new String(ModelFormat.write(TestModels.SALARY), UTF_8);
        assertThat(text).as("the good model file").contains(good);
        return text.replace(good, bad).getBytes(UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static void assertRejected(byte[] file, String... expected) {
        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelFormat.read(file, SOURCE));

        assertThat(e).as("reading the bad file should fail").isNotNull();
        assertThat(e.source()).isEqualTo(SOURCE);
        assertThat(e.getMessage()).startsWith(SOURCE + ": ");
        for (String part : expected) {
            assertThat(e.getMessage()).contains(part);
        }
    }
}
