package com.salaryml.artifact.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.ModelFiles;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Reference;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.metadata.Algorithm;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.Target;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelFormatTest {

    private static final String SOURCE = "models/bad-model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyKindHasOneReaderAndEveryAlgorithmMakesAKindThatHasOne() {
        assertThat(KindFormat.KIND_READERS).hasSize(ModelKind.class.getPermittedSubclasses().length);
        for (Algorithm algorithm : Algorithm.values()) {
            assertThat(KindFormat.KIND_READERS).as(algorithm.id()).containsKey(algorithm.kind());
        }
    }

    @Test
    void readsBackWhatItWrote() throws ModelLoadException {
        Model read = ModelFormat.read(ModelFormat.write(TestModels.SALARY), SOURCE);

        assertThat(read).isEqualTo(TestModels.SALARY);
        assertThat(read.metadata()).isEqualTo(TestModels.SALARY.metadata());
        assertThat(TestModels.linear(read).intercept()).isEqualTo(30000.5);
        assertThat(TestModels.linear(read).coefficients()).containsExactly(2000.25, 1000.125, 1500.0625);
    }

    @Test
    void roundTripsNumbersThatAreNotExactInDecimal() throws ModelLoadException {
        var model = TestModels.model("2.0.0", 0.1 + 0.2, Math.PI, -1.0 / 3, 1e-300);

        Model read = ModelFormat.read(ModelFormat.write(model), SOURCE);

        assertThat(read).isEqualTo(model);
        assertThat(TestModels.linear(read).intercept()).isEqualTo(0.1 + 0.2);
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
                "algorithm", "hyperparameters", "target", "features", "model", "interval", "metrics",
                "coefficient_stats", "training_data", "provenance");
        assertThat(root.get("model").fieldNames()).toIterable().containsExactly("kind", "intercept", "coefficients");
        assertThat(root.get("model").get("kind").textValue()).isEqualTo("linear");
        // A model of numbers only is written in the oldest format that holds it, which every server reads.
        assertThat(root.get("format_version").intValue()).isEqualTo(2);
        assertThat(root.get("format").textValue()).isEqualTo(ModelFormat.FORMAT);
        assertThat(root.get("features").get(1).get("name").textValue()).isEqualTo("test_score");
        assertThat(root.get("training_data").get("sha256").textValue()).isEqualTo(TestModels.SHA256);
    }

    @Test
    void carriesTheTargetsRangeInFormat3AndChecksIt() throws ModelLoadException {
        Model ranged = new Model(TestModels.SALARY.metadata().toBuilder()
                .target(TestModels.SALARY.metadata().target().withRange(new Target.Range(0.0, 1_000_000.0))).build(),
                TestModels.SALARY.kind(), TestModels.SALARY.interval());
        byte[] file = ModelFormat.write(ranged);

        assertThat(ModelFormat.versionNeeded(ranged)).as("a range is a format-3 field").isEqualTo(3);
        assertThat(ModelFormat.versionNeeded(TestModels.SALARY)).isEqualTo(2);
        assertThat(new String(file, UTF_8)).contains("\"min\": 0.0").contains("\"max\": 1000000.0");
        Model read = ModelFormat.read(file, SOURCE);
        assertThat(read.metadata().target().range()).isEqualTo(new Target.Range(0.0, 1_000_000.0));
        assertThat(read.metadata().target().problem(-1)).hasValueSatisfying(problem ->
                assertThat(problem).contains("outside the valid range 0 to 1000000 USD"));
        assertThat(read.metadata().target().problem(61_000)).isEmpty();

        assertRejected(edit(ranged, root -> ((ObjectNode) root.get("target")).put("min", 2_000_000)),
                "field 'target': min 2000000 must be below max 1000000");
        assertRejected(edit(ranged, root -> ((ObjectNode) root.get("target")).put("max", "lots")),
                "target.max");
        assertRejected(edit(TestModels.SALARY, root -> ((ObjectNode) root.get("target")).put("min", 0)),
                "target", "min");
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        assertRejected(edit(root -> root.put("format_version", 5)),
                "format_version 5 is not supported", "reads format_version 1, 2, 3, 4");
        assertRejected(edit(root -> root.put("format_version", 0)), "format_version 0 is not supported");
    }

    @Test
    void reportsTheUnsupportedVersionEvenWhenTheNewerFormatHasNewFields() {
        // A newer format will add fields; the reader must say "version", not "unknown field".
        assertRejected(edit(root -> {
            root.put("format_version", 5);
            root.put("preprocessing", "standardize");
        }), "format_version 5 is not supported");
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
    void carriesEachFeaturesExampleValueWhenItHasOne() throws ModelLoadException {
        byte[] file = edit(root -> ((ObjectNode) root.get("features").get(0)).put("example", 2));

        Model read = ModelFormat.read(file, SOURCE);

        assertThat(read.metadata().schema().features()).extracting(Feature::example).containsExactly(2.0, null, null);
        assertThat(ModelFormat.read(ModelFormat.write(read), SOURCE)).isEqualTo(read);
        assertThat(new String(ModelFormat.write(read), UTF_8)).containsOnlyOnce("\"example\"");
    }

    @Test
    void carriesTheTrainingDistributionsWhenTheyAreRecorded() throws ModelLoadException {
        var bins = new Distribution(new double[] {3, 6}, new double[] {0.25, 0.5, 0.25});
        var predictions = new Distribution(new double[] {50000}, new double[] {0.5, 0.5});
        var data = TestModels.TRAINING_DATA;
        var stats = new java.util.LinkedHashMap<String, FeatureStats>();
        data.featureStats().forEach((name, s) -> stats.put(name,
                new FeatureStats(s.min(), s.max(), s.mean(), s.std(), name.equals("experience") ? bins : null)));
        Model model = TestModels.withTrainingData(TestModels.SALARY,
                new TrainingData(data.file(), data.sha256(), data.rows(), stats, predictions));

        Model read = ModelFormat.read(ModelFormat.write(model), SOURCE);

        assertThat(read).isEqualTo(model);
        assertThat(read.metadata().trainingData().featureStats().get("experience").distribution()).isEqualTo(bins);
        assertThat(read.metadata().trainingData().featureStats().get("test_score").distribution()).isNull();
        assertThat(read.metadata().trainingData().predictions()).isEqualTo(predictions);
        assertRejected(edit(model, root -> ((ObjectNode) root.at("/training_data/predictions"))
                .putArray("shares").add(0.5).add(0.6)), "field 'training_data.predictions'", "add up to 1");
        assertRejected(edit(model, root -> ((ObjectNode) root.at("/training_data/features/experience/bins"))
                .put("colour", 1)), "unknown field 'training_data.features.experience.bins.colour'");
    }

    @Test
    void rejectsAnExampleOutsideTheValidRangeNamingTheFeature() {
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(1)).put("example", 11)),
                "features[1]", "example 11.0 must lie in the valid range 0 to 10");
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(1)).put("example", "nine")),
                "field 'features[1].example' must be a");
    }

    @Test
    void rejectsAMissingIntercept() {
        assertRejected(edit(root -> model(root).remove("intercept")), "required field 'model.intercept' is missing");
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

        assertRejected(bad, "field 'model.intercept' must be a finite number");
    }

    @Test
    void rejectsANonFiniteCoefficientNamingItsIndex() {
        // The coefficients array only: coefficient_stats holds the same number as an estimate.
        byte[] bad = replace("\n      1000.125,\n", "\n      -1e400,\n");

        assertRejected(bad, "field 'model.coefficients[1]' must be a finite number");
    }

    @Test
    void rejectsNaNLiterals() {
        assertRejected(replace("\"intercept\": 30000.5", "\"intercept\": NaN"), "is not valid JSON");
    }

    @Test
    void rejectsMoreCoefficientsThanFeatures() {
        assertRejected(edit(root -> ((ArrayNode) model(root).get("coefficients")).add(1.0)),
                "4 coefficients but 3 features");
    }

    @Test
    void rejectsFewerCoefficientsThanFeatures() {
        assertRejected(edit(root -> ((ArrayNode) model(root).get("coefficients")).remove(2)),
                "2 coefficients but 3 features");
    }

    @Test
    void rejectsAStringWhereANumberBelongs() {
        assertRejected(edit(root -> model(root).put("intercept", "30000.5")),
                "field 'model.intercept' must be a number, was a string");
        assertRejected(edit(root -> ((ObjectNode) root.get("features").get(0)).put("min", "0")),
                "field 'features[0].min' must be a number, was a string");
        assertRejected(edit(root -> ((ArrayNode) model(root).get("coefficients")).set(0, JSON.getNodeFactory().textNode("1"))),
                "field 'model.coefficients[0]' must be a number, was a string");
    }

    @Test
    void rejectsOtherWrongTypes() {
        assertRejected(edit(root -> root.put("name", 7)), "field 'name' must be a string, was a number");
        assertRejected(edit(root -> root.putObject("features")), "field 'features' must be an array, was an object");
        assertRejected(edit(root -> root.putArray("metrics")), "field 'metrics' must be a JSON object, was an array");
        assertRejected(edit(root -> model(root).put("coefficients", true)), "field 'model.coefficients' must be an array");
        assertRejected(edit(root -> root.put("model", 3)), "field 'model' must be a JSON object, was a number");
        assertRejected(edit(root -> model(root).put("kind", 3)), "field 'model.kind' must be a string, was a number");
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

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("invalidJson")
    void rejectsInvalidJsonSayingWhy(String what, String good, String bad, String why) {
        assertRejected(replace(good, bad), "is not valid JSON", why);
    }

    static Stream<Arguments> invalidJson() {
        return Stream.of(
                Arguments.of("a duplicate key", "\"intercept\": 30000.5,",
                        "\"intercept\": 30000.5,\n  \"intercept\": 99999.0,", "Duplicate field 'intercept'"),
                Arguments.of("a duplicate key inside a nested object", "\"unit\": \"USD\"",
                        "\"unit\": \"USD\", \"unit\": \"EUR\"", "Duplicate field 'unit'"),
                Arguments.of("invalid JSON, naming where", "\"intercept\": 30000.5,",
                        "\"intercept\" 30000.5,", "(line "));
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

    @Test
    void roundTripsALeastSquaresModelWithEverySection() throws Exception {
        Model model = TestModels.REFERENCE;
        byte[] bytes = ModelFormat.write(model);

        Model read = ModelFormat.read(bytes, SOURCE);

        assertThat(read).isEqualTo(model);
        assertThat(read.metadata()).isEqualTo(model.metadata());
        assertThat(read.interval()).isEqualTo(model.interval());
        var interval = (IntervalParameters.OlsExact) read.interval();
        assertThat(interval.xtxInverse()).isDeepEqualTo(Reference.xtxInverse());
        assertThat(interval.tCritical()).isEqualTo(Reference.T_975_4);
        assertThat(read.metadata().coefficientStats()).isEqualTo(model.metadata().coefficientStats());
        assertThat(read.metadata().trainingData().featureStats()).isEqualTo(TestModels.TRAINING_DATA.featureStats());
        assertThat(read.metadata().trainingData().featureStats().keySet())
                .containsExactly("experience", "test_score", "interview_score");
        assertThat(read.metadata().provenance()).isEqualTo(TestModels.PROVENANCE);
        assertThat(read.metadata().metrics().crossValidation().seed()).isNull();
        assertThat(read.predict(TestModels.reference())).isEqualTo(model.predict(TestModels.reference()));
        assertThat(ModelFormat.write(read)).isEqualTo(bytes);
    }

    @Test
    void writesEverySectionOfALeastSquaresModel() throws IOException {
        JsonNode root = JSON.readTree(ModelFormat.write(TestModels.REFERENCE));

        assertThat(root.get("algorithm").textValue()).isEqualTo("ols");
        assertThat(root.get("hyperparameters").isObject()).isTrue();
        assertThat(root.get("hyperparameters").size()).isZero();

        JsonNode interval = root.get("interval");
        assertThat(interval.fieldNames()).toIterable().containsExactly("method", "level", "t_critical",
                "residual_std_error", "degrees_of_freedom", "xtx_inverse");
        assertThat(interval.get("method").textValue()).isEqualTo("ols-exact");
        assertThat(interval.get("level").doubleValue()).isEqualTo(0.95);
        assertThat(interval.get("t_critical").doubleValue()).isEqualTo(Reference.T_975_4);
        assertThat(interval.get("residual_std_error").doubleValue()).isEqualTo(Reference.residualStdError());
        assertThat(interval.get("degrees_of_freedom").isIntegralNumber()).isTrue();
        assertThat(interval.get("degrees_of_freedom").longValue()).isEqualTo(4);
        assertThat(interval.get("xtx_inverse")).hasSize(4).allSatisfy(row -> assertThat(row).hasSize(4));

        JsonNode metrics = root.get("metrics");
        assertThat(metrics.fieldNames()).toIterable().containsExactly("r2", "adjusted_r2", "rmse", "mae",
                "cross_validation");
        JsonNode cv = metrics.get("cross_validation");
        assertThat(cv.fieldNames()).toIterable().containsExactly("method", "folds", "seed", "rmse", "mae", "r2");
        assertThat(cv.get("method").textValue()).isEqualTo("leave-one-out");
        assertThat(cv.get("seed").isNull()).isTrue();

        JsonNode stats = root.get("coefficient_stats");
        assertThat(stats).extracting(node -> node.get("term").textValue())
                .containsExactly("intercept", "experience", "test_score", "interview_score");
        assertThat(stats.get(0).fieldNames()).toIterable().containsExactly("term", "estimate", "std_error", "t", "p");

        JsonNode data = root.get("training_data");
        assertThat(data.fieldNames()).toIterable().containsExactly("file", "sha256", "rows", "features");
        assertThat(data.get("features").fieldNames()).toIterable()
                .containsExactly("experience", "test_score", "interview_score");
        assertThat(data.get("features").get("experience").fieldNames()).toIterable()
                .containsExactly("min", "max", "mean", "std");
        assertThat(data.get("features").get("test_score").get("mean").doubleValue()).isEqualTo(8.125);

        JsonNode provenance = root.get("provenance");
        assertThat(provenance.fieldNames()).toIterable().containsExactly("trained_at", "project_version",
                "smile_version", "java_version", "git_commit", "options");
        assertThat(provenance.get("git_commit").textValue()).isEqualTo(TestModels.COMMIT);
        assertThat(provenance.get("options").fieldNames()).toIterable()
                .containsExactly("algorithm", "data", "version");
    }

    @Test
    void roundTripsARidgeModelWithItsHyperparametersAndNoInterval() throws Exception {
        Model ridge = ridgeWithKFold();
        byte[] bytes = ModelFormat.write(ridge);
        JsonNode root = JSON.readTree(bytes);

        Model read = ModelFormat.read(bytes, SOURCE);

        assertThat(read).isEqualTo(ridge);
        assertThat(read.metadata()).isEqualTo(ridge.metadata());
        assertThat(read.metadata().algorithm()).isEqualTo("ridge");
        assertThat(read.metadata().hyperparameters()).containsExactly(Map.entry("lambda", 10.0));
        assertThat(read.interval()).isNull();
        assertThat(read.metadata().coefficientStats()).isEmpty();
        assertThat(read.metadata().metrics().crossValidation())
                .isEqualTo(new CrossValidation(CrossValidation.K_FOLD, 10, 42L, 4100.5, 3100.25, 0.625));
        assertThat(read.metadata().provenance().gitCommit()).isNull();
        assertThat(read.predict(TestModels.reference()).intervalNote()).isNotBlank();
        assertThat(ModelFormat.write(read)).isEqualTo(bytes);

        assertThat(root.get("hyperparameters").get("lambda").doubleValue()).isEqualTo(10.0);
        assertThat(root.get("interval").isNull()).isTrue();
        assertThat(root.get("coefficient_stats").isArray()).isTrue();
        assertThat(root.get("coefficient_stats")).isEmpty();
        assertThat(root.get("metrics").get("cross_validation").get("seed").longValue()).isEqualTo(42);
        assertThat(root.get("provenance").get("git_commit").isNull()).isTrue();
    }

    @Test
    void roundTripsALassoModel() throws Exception {
        Model lasso = TestModels.penalized("lasso", 0.5, 30000.5, 2000.25, 0, 1500.0625);

        assertThat(ModelFormat.read(ModelFormat.write(lasso), SOURCE)).isEqualTo(lasso);
    }

    @Test
    void aMissingPredictionIntervalCountsAsNone() throws Exception {
        Model ridge = ridgeWithKFold();
        byte[] bytes = edit(ridge, root -> root.remove("interval"));

        assertThat(ModelFormat.read(bytes, SOURCE)).isEqualTo(ridge);
    }

    @Test
    void rejectsANonSquareXtxInverse() {
        assertRejected(edit(root -> ((ArrayNode) root.get("interval").get("xtx_inverse").get(1)).remove(3)),
                "field 'interval'", "xtx_inverse must be square; row 1 has 3 entries, not 4");
    }

    @Test
    void rejectsAnXtxInverseOfTheWrongSize() {
        assertRejected(edit(root -> {
            var matrix = (ArrayNode) root.get("interval").get("xtx_inverse");
            matrix.remove(3);
            matrix.forEach(row -> ((ArrayNode) row).remove(3));
        }), "xtx_inverse is 3×3 but the intercept and 3 features need 4×4");
    }

    @Test
    void rejectsAnXtxInverseEntryThatIsNotANumberNamingItsPath() {
        assertRejected(edit(root -> ((ArrayNode) root.get("interval").get("xtx_inverse").get(2))
                .set(1, JSON.getNodeFactory().textNode("0.5"))),
                "field 'interval.xtx_inverse[2][1]' must be a number, was a string");
        assertRejected(edit(root -> ((ArrayNode) root.get("interval").get("xtx_inverse")).set(0,
                JSON.getNodeFactory().numberNode(1))), "field 'interval.xtx_inverse[0]' must be an array");
    }

    @Test
    void rejectsANonFiniteTCritical() {
        String good = "\"t_critical\": " + Reference.T_975_4;

        assertRejected(replace(good, "\"t_critical\": 1e999"),
                "field 'interval.t_critical' must be a finite number");
        assertRejected(replace(good, "\"t_critical\": -1e999"),
                "field 'interval.t_critical' must be a finite number");
    }

    @Test
    void rejectsATCriticalThatIsNotPositive() {
        assertRejected(edit(root -> ((ObjectNode) root.get("interval")).put("t_critical", 0)),
                "field 'interval'", "t_critical must be positive");
        assertRejected(edit(root -> ((ObjectNode) root.get("interval")).put("level", 1.5)),
                "field 'interval'", "level must be between 0 and 1");
        assertRejected(edit(root -> ((ObjectNode) root.get("interval")).put("degrees_of_freedom", 0)),
                "field 'interval'", "degrees_of_freedom must be at least 1");
    }

    @Test
    void rejectsAnUnknownFieldInThePredictionInterval() {
        assertRejected(edit(root -> ((ObjectNode) root.get("interval")).put("scheme", "split")),
                "unknown field 'interval.scheme'", "method, level, t_critical");
        assertRejected(edit(root -> ((ObjectNode) root.get("interval")).put("method", "bootstrap")),
                "field 'interval.method' is \"bootstrap\"; the methods are ols-exact, conformal");
        assertRejected(edit(root -> ((ObjectNode) root.get("interval")).remove("method")),
                "required field 'interval.method' is missing");
    }

    @Test
    void rejectsALeastSquaresModelWithoutItsInterval() {
        assertRejected(edit(root -> root.putNull("interval")), "an ols model needs its interval parameters");
        assertRejected(edit(root -> root.remove("interval")), "an ols model needs its interval parameters");
    }

    @Test
    void rejectsAPenalisedModelWithAnInterval() {
        byte[] ridgeWithInterval = edit(ridgeWithKFold(), root -> root.set("interval",
                readTree(ModelFormat.write(TestModels.SALARY)).get("interval")));

        assertRejected(ridgeWithInterval, "interval parameters are exact only for ols, not ridge");
    }

    @Test
    void rejectsAMissingCrossValidation() {
        assertRejected(edit(root -> ((ObjectNode) root.get("metrics")).remove("cross_validation")),
                "required field 'metrics.cross_validation' is missing");
    }

    @Test
    void rejectsABadCrossValidation() {
        assertRejected(edit(root -> crossValidation(root).put("method", "bootstrap")),
                "field 'metrics.cross_validation'", "method must be leave-one-out, k-fold or holdout, was bootstrap");
        assertRejected(edit(root -> crossValidation(root).put("folds", 1)),
                "field 'metrics.cross_validation'", "at least 2 folds");
        assertRejected(edit(root -> holdout(root).put("folds", 2)),
                "field 'metrics.cross_validation'", "a holdout is 1 fit, so folds must be 1, was 2");
        assertRejected(edit(root -> crossValidation(root).put("folds", 2.5)),
                "field 'metrics.cross_validation.folds' must be a whole number");
        assertRejected(edit(root -> crossValidation(root).put("seed", "42")),
                "field 'metrics.cross_validation.seed' must be a whole number");
        assertRejected(edit(root -> crossValidation(root).remove("rmse")),
                "required field 'metrics.cross_validation.rmse' is missing");
        assertRejected(edit(root -> crossValidation(root).put("press", 1)),
                "unknown field 'metrics.cross_validation.press'");
    }

    @Test
    void aModelMeasuredOnAHoldoutIsFormat4SoThatOlderServersSayUpgrade() throws Exception {
        Model measuredOnHoldout = ModelFormat.read(edit(root -> holdout(root)), "holdout.json");
        assertThat(measuredOnHoldout.metadata().metrics().crossValidation().method()).isEqualTo("holdout");

        byte[] written = ModelFormat.write(measuredOnHoldout);
        assertThat(readTree(written).get("format_version").intValue()).isEqualTo(4);
        assertThat(ModelFormat.write(ModelFormat.read(written, "written.json"))).isEqualTo(written);
        // A server that reads up to format 3 refuses the file by its version, before any field.
        assertThat(ModelFormat.READABLE_VERSIONS).contains(4);

        assertRejected(edit(root -> {
            holdout(root);
            root.put("format_version", 3);
        }), "metrics.cross_validation.method",
                "\"holdout\", which format_version 4 introduced; this file says format_version 3");
        assertRejected(edit(root -> {
            holdout(root);
            root.put("format_version", 2);
        }), "which format_version 4 introduced");
    }

    @Test
    void rejectsFoldCountsBeyondAnIntWithALoadErrorNotACrash() {
        assertRejected(edit(root -> crossValidation(root)
                .put("folds", -99_999_999_999L)), "field 'metrics.cross_validation'", "folds", "-99999999999");
        assertRejected(edit(root -> crossValidation(root)
                .put("folds", 99_999_999_999L)), "field 'metrics.cross_validation'", "folds", "99999999999");
    }

    @Test
    void rejectsAMissingAdjustedRSquared() {
        assertRejected(edit(root -> ((ObjectNode) root.get("metrics")).remove("adjusted_r2")),
                "required field 'metrics.adjusted_r2' is missing");
    }

    @Test
    void rejectsAnUnknownAlgorithm() {
        assertRejected(edit(root -> root.put("algorithm", "xgboost")),
                "algorithm must be one of [ols, ridge, lasso, gbm, random-forest], was \"xgboost\"");
        assertRejected(edit(root -> root.remove("algorithm")), "required field 'algorithm' is missing");
    }

    @Test
    void rejectsAHyperparameterThatIsNotANumber() {
        assertRejected(edit(ridgeWithKFold(), root -> ((ObjectNode) root.get("hyperparameters")).put("lambda", "10")),
                "field 'hyperparameters.lambda' must be a number, was a string");
        assertRejected(edit(root -> root.putArray("hyperparameters")),
                "field 'hyperparameters' must be a JSON object, was an array");
    }

    @Test
    void rejectsTrainingStatisticsThatDoNotMatchTheFeatures() {
        assertRejected(edit(root -> ((ObjectNode) root.get("training_data").get("features")).remove("interview_score")),
                "training_data.features", "[experience, test_score]", "[experience, test_score, interview_score]");
        assertRejected(edit(root -> {
            var features = (ObjectNode) root.get("training_data").get("features");
            features.set("interview", features.remove("interview_score"));
        }), "training_data.features", "interview", "interview_score");
        assertRejected(edit(root -> ((ObjectNode) root.get("training_data").get("features"))
                .set("salary", root.get("training_data").get("features").get("experience").deepCopy())),
                "training_data.features", "salary");
    }

    @Test
    void rejectsInconsistentTrainingStatisticsNamingTheFeature() {
        assertRejected(edit(root -> ((ObjectNode) root.get("training_data").get("features").get("test_score"))
                .put("min", 12)), "field 'training_data.features.test_score'", "inconsistent");
        assertRejected(edit(root -> ((ObjectNode) root.get("training_data").get("features").get("experience"))
                .remove("std")), "required field 'training_data.features.experience.std' is missing");
        assertRejected(edit(root -> ((ObjectNode) root.get("training_data").get("features").get("experience"))
                .put("median", 3)), "unknown field 'training_data.features.experience.median'");
    }

    @Test
    void rejectsAnUnknownFieldInsideProvenance() {
        assertRejected(edit(root -> ((ObjectNode) root.get("provenance")).put("signature", "abc")),
                "unknown field 'provenance.signature'", "trained_at, project_version");
        assertRejected(edit(root -> ((ObjectNode) root.get("provenance").get("options")).put("lambda", 10)),
                "field 'provenance.options.lambda' must be a string, was a number");
    }

    @Test
    void rejectsATrainingTimeThatIsNotAnInstant() {
        assertRejected(edit(root -> ((ObjectNode) root.get("provenance")).put("trained_at", "yesterday")),
                "field 'provenance'", "trained_at must be an ISO-8601 instant, was yesterday");
    }

    @Test
    void acceptsAModelWithoutTrainingTimeOrCommit() throws Exception {
        Model read = ModelFormat.read(edit(root -> {
            ((ObjectNode) root.get("provenance")).putNull("trained_at");
            ((ObjectNode) root.get("provenance")).remove("git_commit");
        }), SOURCE);

        assertThat(read.metadata().provenance().trainedAt()).isNull();
        assertThat(read.metadata().provenance().gitCommit()).isNull();
    }

    @Test
    void rejectsAPValueOutsideZeroToOne() {
        assertRejected(edit(root -> ((ObjectNode) root.get("coefficient_stats").get(2)).put("p", 1.5)),
                "field 'coefficient_stats[2]'", "p value of test_score must be between 0 and 1, was 1.5");
        assertRejected(edit(root -> ((ObjectNode) root.get("coefficient_stats").get(0)).put("p", -0.01)),
                "field 'coefficient_stats[0]'", "p value of intercept must be between 0 and 1, was -0.01");
    }

    @Test
    void rejectsCoefficientStatisticsThatDoNotCoverEveryTerm() {
        assertRejected(edit(root -> ((ArrayNode) root.get("coefficient_stats")).remove(3)),
                "coefficient_stats has 3 terms; expected the intercept and 3 features");
        assertRejected(edit(root -> ((ObjectNode) root.get("coefficient_stats").get(1)).remove("std_error")),
                "required field 'coefficient_stats[1].std_error' is missing");
        assertRejected(edit(root -> ((ObjectNode) root.get("coefficient_stats").get(1)).put("ci_low", 1)),
                "unknown field 'coefficient_stats[1].ci_low'");
    }

    private static Model ridgeWithKFold() {
        var metrics = new Metrics(0.9, 0.825, 2600.5, 2100.25,
                new CrossValidation(CrossValidation.K_FOLD, 10, 42L, 4100.5, 3100.25, 0.625));
        var provenance = new Provenance("2026-11-27T00:00:00Z", "1.0.0", "3.1.1", "17.0.15", null,
                Map.of("algorithm", "ridge", "lambda", "10.0", "cv.folds", "10", "cv.seed", "42"));
        var metadata = TestModels.salary("1.1.0", "ridge").hyperparameters(Map.of("lambda", 10.0)).metrics(metrics)
                .provenance(provenance).build();
        return new Model(metadata, new LinearModel(29876.5, new double[] {2500.25, 900.125, 2100.0625}), null);
    }

    private static ObjectNode model(ObjectNode root) {
        return (ObjectNode) root.get("model");
    }

    private static ObjectNode crossValidation(ObjectNode root) {
        return (ObjectNode) root.get("metrics").get("cross_validation");
    }

    /** A format 4 file whose cross-validation is a holdout of one fit; returns its cross-validation. */
    private static ObjectNode holdout(ObjectNode root) {
        root.put("format_version", 4);
        return crossValidation(root).put("method", "holdout").put("folds", 1).put("seed", 42);
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] edit(Consumer<ObjectNode> change) {
        return edit(TestModels.SALARY, change);
    }

    private static byte[] edit(Model model, Consumer<ObjectNode> change) {
        return ModelFiles.edit(model, change);
    }

    private static byte[] replace(String good, String bad) {
        return ModelFiles.replace(TestModels.SALARY, good, bad);
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
