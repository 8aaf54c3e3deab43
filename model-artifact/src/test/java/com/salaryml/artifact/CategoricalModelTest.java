package com.salaryml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.schema.FieldError;
import com.salaryml.artifact.schema.InvalidInputException;
import com.salaryml.artifact.schema.Target;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A model with categorical inputs, missing values filled in and a log target ({@link TestModels#ACADEMIC}):
 * its predictions written down by hand from its coefficients, its contributions one per feature, its interval
 * the log-scale interval exponentiated, and its model file read back to the same bits.
 */
class CategoricalModelTest {

    private static final Model MODEL = TestModels.ACADEMIC;

    /** Prof, discipline A, 10 years: 11 + 0.375 + 0 + 0.0078125 · 10 on the log scale. */
    private static final double FITTED = 11.453125;

    @Test
    void predictsTheExponentOfTheLogScaleFitFromLevelsAndNumbers() {
        Prediction prediction = MODEL.predict(Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 10));

        assertThat(prediction.value()).isEqualTo(Math.exp(FITTED));
        assertThat(prediction.scale()).isEqualTo(Target.Transform.LOG);
        assertThat(prediction.warnings()).isEmpty();
    }

    @Test
    void eachCategoryContributesOneNumberAndTheyAddUpToTheLogOfTheEstimate() {
        Prediction prediction = MODEL.predict(Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 10));

        // The baseline is the fit at the training means of the design: the level shares and the years' mean.
        assertThat(prediction.baseline()).isEqualTo(11 + 0.125 * 0.25 + 0.375 * 0.5 + 0.125 * 0.5 + 0.0078125 * 22);
        assertThat(prediction.contributions()).extracting(Prediction.Contribution::feature)
                .containsExactly("rank", "discipline", "yrs_since_phd");
        // A level's coefficient (0 for the reference level) less the training mean of the feature's level terms.
        assertThat(prediction.contributions()).extracting(Prediction.Contribution::amount)
                .containsExactly(0.375 - (0.125 * 0.25 + 0.375 * 0.5), 0 - 0.125 * 0.5, 0.0078125 * (10 - 22));
        double sum = prediction.baseline();
        for (Prediction.Contribution contribution : prediction.contributions()) {
            sum += contribution.amount();
        }
        assertThat(sum).isEqualTo(FITTED);
    }

    @Test
    void theIntervalIsTheLogScaleIntervalExponentiatedSoItIsNeverNegative() {
        Prediction prediction = MODEL.predict(Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 10));

        // The design row is 1, [AssocProf] 0, [Prof] 1, [B] 0, years 10; (XᵀX)⁻¹ is diagonal.
        double leverage = 1.0 / 64 + 1.0 / 16 + 100.0 / 4096;
        double half = 2 * 0.125 * Math.sqrt(1 + leverage);
        assertThat(prediction.interval().low()).isCloseTo(Math.exp(FITTED - half), within(1e-9));
        assertThat(prediction.interval().high()).isCloseTo(Math.exp(FITTED + half), within(1e-9));
        assertThat(prediction.interval().low()).isPositive().isLessThan(prediction.value());
        // Not symmetric on the dollar scale: the estimate is the median, nearer the low end.
        assertThat(prediction.interval().high() - prediction.value())
                .isGreaterThan(prediction.value() - prediction.interval().low());
    }

    @Test
    void aMissingValueIsFilledInWithTheTrainingValueAndSaysSo() {
        var inputs = new HashMap<String, Object>();
        inputs.put("rank", "AsstProf");
        inputs.put("yrs_since_phd", null);

        Prediction prediction = MODEL.predict(inputs);

        // discipline absent: B, the most frequent; years null: 21, the median.
        assertThat(prediction.value()).isEqualTo(Math.exp(11 + 0.125 + 0.0078125 * 21));
        assertThat(prediction.warnings()).extracting(Prediction.Warning::feature)
                .containsExactly("discipline", "yrs_since_phd");
        assertThat(prediction.warnings().get(0).message())
                .isEqualTo("discipline was missing, so the most frequent level in training, B, was used in its place");
        assertThat(prediction.warnings().get(1).message())
                .isEqualTo("yrs_since_phd was missing, so the training median, 21 years, was used in its place");
    }

    /** The worked prediction of docs/model-format.md, number for number. */
    @Test
    void theWorkedExampleOfTheFormatDocumentHolds() {
        Prediction prediction = MODEL.predict(Map.of("rank", "Prof", "yrs_since_phd", 10));

        assertThat(prediction.value()).isEqualTo(Math.exp(11.578125)).isCloseTo(106737.20, within(0.005));
        assertThat(prediction.baseline()).isEqualTo(11.453125);
        assertThat(prediction.contributions()).extracting(Prediction.Contribution::amount)
                .containsExactly(0.15625, 0.0625, -0.09375);
        assertThat(Math.exp(0.15625)).isCloseTo(1.169, within(0.0005));
    }

    @Test
    void aMissingValueWhoseRuleIsRefuseIsAnErrorThatListsTheLevels() {
        assertThat(errors(Map.of("discipline", "A", "yrs_since_phd", 10)))
                .containsExactly(new FieldError("rank", "is required (one of AsstProf, AssocProf, Prof)"));
    }

    @Test
    void aCategoryMustBeOneOfItsLevelsAsTextAndANumberMustBeANumber() {
        assertThat(errors(Map.of("rank", 2, "discipline", "C", "yrs_since_phd", "10"))).containsExactly(
                new FieldError("rank", "must be one of AsstProf, AssocProf, Prof, was the number 2"),
                new FieldError("discipline", "must be one of A, B, was \"C\""),
                new FieldError("yrs_since_phd", "must be a number (0 to 70 years), was \"10\""));
        assertThat(errors(Map.of("rank", "prof", "yrs_since_phd", 71))).containsExactly(
                new FieldError("rank", "must be one of AsstProf, AssocProf, Prof, was \"prof\""),
                new FieldError("yrs_since_phd", "must be between 0 and 70 years, was 71"));
    }

    @Test
    void aBatchOfColumnsTakesCodesAndNanForMissingAndLeavesTheCallersArraysAlone() {
        double[] rank = {2, 0, 1};
        double[] discipline = {0, Double.NaN, 1};
        double[] years = {10, Double.NaN, 33};
        double[][] columns = {rank, discipline, years};

        Predictions batch = MODEL.predictColumns(columns);

        assertThat(years[1]).isNaN();
        assertThat(discipline[1]).isNaN();
        var one = new HashMap<String, Object>();
        one.put("rank", "AsstProf");
        List<Map<String, ?>> singles = List.of(Map.of("rank", "Prof", "discipline", "A", "yrs_since_phd", 10), one,
                Map.of("rank", "AssocProf", "discipline", "B", "yrs_since_phd", 33));
        for (int i = 0; i < 3; i++) {
            Prediction single = MODEL.predict(singles.get(i));
            assertThat(batch.get(i)).isEqualTo(single);
        }
        assertThat(batch.scale()).isEqualTo(Target.Transform.LOG);
        assertThat(batch.warnings(1)).hasSize(2);
    }

    @Test
    void aBatchRefusesAMissingValueWhereTheRuleIsRefuseAndACodeThatIsNoLevel() {
        var e = catchThrowableOfType(InvalidInputException.class, () -> MODEL.predictColumns(new double[][] {
            {Double.NaN, 3}, {0, 0}, {1, 1}}));

        assertThat(e.errors()).containsExactly(
                new FieldError("instances[0].rank", "is required (one of AsstProf, AssocProf, Prof)"),
                new FieldError("instances[1].rank", "must be the code of a level, 0 to 2 for one of AsstProf,"
                        + " AssocProf, Prof, was 3"));
    }

    @Test
    void theModelFileSpellsLevelsRulesAndTheTransformAndReadsBackToTheSameBits() throws Exception {
        byte[] file = ModelFormat.write(MODEL);
        String text = new String(file, StandardCharsets.UTF_8);

        assertThat(text).contains("\"format_version\": 3", "\"transform\": \"log\"", "\"type\": \"categorical\"",
                "\"example\": \"Prof\"", "\"missing\": \"most_frequent\"", "\"missing_value\": \"B\"",
                "\"missing\": \"median\"", "\"missing_value\": 21.0", "\"level_shares\"");
        Model read = ModelFormat.read(file, "academic.json");
        assertThat(read).isEqualTo(MODEL);
        assertThat(ModelFormat.write(read)).isEqualTo(file);
        var inputs = Map.of("rank", "AssocProf", "discipline", "B", "yrs_since_phd", 7.5);
        assertThat(read.predict(inputs)).isEqualTo(MODEL.predict(inputs));
    }

    @Test
    void aFileWithAnUnknownTypeLevelRuleOrTransformIsRefusedNamingTheField() {
        assertRejected(edit(root -> feature(root, 0).put("type", "ordinal")),
                "'features[0].type' is \"ordinal\"; the types are numeric and categorical");
        assertRejected(edit(root -> feature(root, 0).put("example", "Lecturer")),
                "'features[0].example' is \"Lecturer\", which is not one of the levels AsstProf, AssocProf, Prof");
        assertRejected(edit(root -> feature(root, 2).put("missing", "mode")),
                "'features[2].missing' is \"mode\"; the rules are refuse, median, mean, most_frequent");
        assertRejected(edit(root -> feature(root, 1).put("missing", "median")),
                "missing value rule median does not apply to a category");
        assertRejected(edit(root -> feature(root, 0).put("missing_value", "Prof")),
                "'features[0].missing_value' is given, but 'missing' is not");
        assertRejected(edit(root -> ((ObjectNode) root.get("target")).put("transform", "sqrt")),
                "'target.transform' is \"sqrt\"; the transforms are none, log");
        assertRejected(edit(root -> ((ArrayNode) feature(root, 0).get("levels")).add("Prof")),
                "level \"Prof\" appears twice");
    }

    @Test
    void theTrainingSharesMustNameTheLevelsInOrder() {
        assertRejected(edit(root -> {
            var shares = (ObjectNode) root.get("training_data").get("features").get("discipline").get("level_shares");
            shares.remove("A");
            shares.put("A", 0.5);
        }), "'training_data.features.discipline.level_shares' names the levels [B, A]; it must name the"
                + " feature's levels [A, B], in that order");
    }

    @Test
    void anOlderFormatCannotSayCategory() {
        assertRejected(edit(root -> root.put("format_version", 2)), "unknown field 'target.transform'");
    }

    @Test
    void aNumbersOnlyModelStillPredictsAsBeforeWithItsDesignTheInputsThemselves() {
        double[] x = {2, 9, 6};
        var design = com.salaryml.artifact.schema.Design.of(TestModels.SCHEMA);

        assertThat(design.isIdentity()).isTrue();
        assertThat(design.encode(x)).containsExactly(x);
        assertThat(TestModels.REFERENCE.predict(TestModels.reference()).value())
                .isCloseTo(52062.76, within(0.005));
    }

    @Test
    void theDesignOfACategoryIsOneColumnPerLevelAfterTheFirst() {
        var design = com.salaryml.artifact.schema.Design.of(MODEL.metadata().schema());

        assertThat(design.names()).containsExactly("rank=AssocProf", "rank=Prof", "discipline=B", "yrs_since_phd");
        assertThat(design.encode(new double[] {0, 1, 4.5})).containsExactly(0, 0, 1, 4.5);
        assertThat(design.encode(new double[] {2, 0, 1})).containsExactly(0, 1, 0, 1);
        double[][] columns = design.encodeColumns(new double[][] {{1, 2}, {0, 1}, {3, 4}}, 2);
        assertThat(Arrays.stream(columns).map(Arrays::toString))
                .containsExactly("[1.0, 0.0]", "[0.0, 1.0]", "[0.0, 1.0]", "[3.0, 4.0]");
        assertThat(design.featureOf(1)).isEqualTo(0);
        assertThat(design.featureOf(3)).isEqualTo(2);
    }

    private static List<FieldError> errors(Map<String, ?> inputs) {
        assertThatThrownBy(() -> MODEL.predict(inputs)).isInstanceOf(InvalidInputException.class);
        return catchThrowableOfType(InvalidInputException.class, () -> MODEL.predict(inputs)).errors();
    }

    @Test
    void theShareOfMissingTrainingValuesTravelsForTheFeaturesThatFillThemAndOnlyForThem() throws Exception {
        var stats = new java.util.LinkedHashMap<>(MODEL.metadata().trainingData().featureStats());
        stats.put("discipline", stats.get("discipline").withMissingShare(0.125));
        stats.put("yrs_since_phd", stats.get("yrs_since_phd").withMissingShare(0.0625));
        var data = MODEL.metadata().trainingData();
        Model withShares = TestModels.withTrainingData(MODEL, new com.salaryml.artifact.metadata.TrainingData(
                data.file(), data.sha256(), data.rows(), stats, data.predictions()));

        Model read = ModelFormat.read(ModelFormat.write(withShares), "academic.json");

        assertThat(read.metadata().trainingData().featureStats().get("discipline").missingShare()).isEqualTo(0.125);
        assertThat(read.metadata().trainingData().featureStats().get("yrs_since_phd").missingShare())
                .isEqualTo(0.0625);
        assertThat(read.metadata().trainingData().featureStats().get("rank").missingShare()).isZero();
        String json = new String(ModelFormat.write(withShares), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json.split("\"missing_share\"", -1)).as("missing_share once per filling feature").hasSize(3);
    }

    @Test
    void aFeatureThatFillsGapsMustSayHowManyThereWereAndOneThatRefusesThemMustNot() {
        assertRejected(edit(root -> ((ObjectNode) root.at("/training_data/features/discipline"))
                .remove("missing_share")), "missing_share");
        assertRejected(edit(root -> ((ObjectNode) root.at("/training_data/features/rank"))
                .put("missing_share", 0.1)), "unknown field 'training_data.features.rank.missing_share'");
        assertRejected(edit(root -> ((ObjectNode) root.at("/training_data/features/yrs_since_phd"))
                .put("missing_share", 1.5)), "training_data.features.yrs_since_phd.missing_share");
    }

    private static ObjectNode feature(ObjectNode root, int index) {
        return (ObjectNode) root.get("features").get(index);
    }

    private static byte[] edit(Consumer<ObjectNode> change) {
        return ModelFiles.edit(MODEL, change);
    }

    private static void assertRejected(byte[] file, String expected) {
        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelFormat.read(file, "academic.json"));

        assertThat(e).as("reading the bad file should fail").isNotNull();
        assertThat(e.getMessage()).contains(expected);
    }
}
