package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.Target;
import com.salaryml.training.Algorithm;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataException;
import com.salaryml.training.DataSchema;
import com.salaryml.training.Dataset;
import com.salaryml.training.FitSettings;
import com.salaryml.training.HiringCsv;
import com.salaryml.training.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark trainer reads the Smile trainer's schema and CSV as it does, categories, missing cells, columns named
 * apart and a log target included, and its linear models are the Smile trainer's to 1e-9 relative: coefficients,
 * standard errors, t and p values, the fill values, the cross-validated figures with each fold's own fill values,
 * the interval and its held-out coverage, the features' statistics, and every prediction and interval end the
 * model file serves, missing inputs included.
 */
class SparkSchemaEquivalenceTest {

    private static final Provenance PROVENANCE = new Provenance("2026-11-27T00:00:00Z", "1.0.0", "3.1.1", "17",
            null, Map.of("algorithm", "ols"));
    private static final FitSettings OLS = new FitSettings(Algorithm.OLS, 1.0, 10, 42);

    @TempDir
    Path dir;

    @Test
    void leastSquaresWithCategoriesFilledInGapsAndALogTargetIsSmilesModelLeaveOneOut() throws Exception {
        Path data = AcademicRows.write(dir, "academic.csv", AcademicRows.lines(400, 1, false),
                AcademicRows.IMPUTING_SCHEMA);

        Model spark = spark(data, OLS, false);
        Model smile = smile(data, OLS, false);

        assertThat(spark.metadata().metrics().crossValidation().method()).isEqualTo(CrossValidation.LEAVE_ONE_OUT);
        assertThat(spark.metadata().target().transform()).isEqualTo(Target.Transform.LOG);
        assertSameLeastSquares(spark, smile);
        assertSameFileAndPredictions(spark, smile);
    }

    @Test
    void aboveLeaveOneOutEachOfTenFoldsFillsItsGapsFromItsOwnTrainingRowsAsSmilesDo() throws Exception {
        Path data = AcademicRows.write(dir, "academic.csv", AcademicRows.lines(1_500, 2, false),
                AcademicRows.IMPUTING_SCHEMA);

        Model spark = spark(data, OLS, false);
        Model smile = smile(data, OLS, false);

        assertThat(spark.metadata().metrics().crossValidation().method()).isEqualTo(CrossValidation.K_FOLD);
        assertSameLeastSquares(spark, smile);
        assertSameFileAndPredictions(spark, smile);
    }

    @Test
    void ridgeOnTheDesignHasSmilesCoefficientsAndConformalIntervalOnTheLogScale() throws Exception {
        Path data = AcademicRows.write(dir, "academic.csv", AcademicRows.lines(1_200, 3, false),
                AcademicRows.IMPUTING_SCHEMA);
        var ridge = new FitSettings(Algorithm.RIDGE, 5.0, 10, 42);

        Model spark = spark(data, ridge, false);
        Model smile = smile(data, ridge, false);

        assertSameCoefficients(spark, smile);
        assertSameMetrics(spark.metadata().metrics(), smile.metadata().metrics());
        var a = (IntervalParameters.Conformal) spark.interval();
        var b = (IntervalParameters.Conformal) smile.interval();
        assertThat(a.scheme()).isEqualTo(b.scheme());
        close("conformal half width", a.halfWidth(), b.halfWidth());
        assertSameFileAndPredictions(spark, smile);
    }

    @Test
    void dropIncompleteLeavesOutTheRowsSmileLeavesOutAndFitsTheSameModel() throws Exception {
        Path data = AcademicRows.write(dir, "academic.csv", AcademicRows.lines(300, 4, true), AcademicRows.SCHEMA);
        var schema = DataSchema.read(DataSchema.besideData(data));
        Dataset smileRows = HiringCsv.read(data, CsvFormat.DEFAULT, schema, true);
        var sparkRows = read(data, schema, true);
        Model spark;
        try {
            assertThat(sparkRows.count()).isEqualTo(smileRows.target().length);
            assertThat(sparkRows.dropped().count()).isEqualTo(smileRows.dropped().count()).isGreaterThan(20);
            var lines = new ArrayList<String>();
            for (int i = 0; i < 10; i++) {
                lines.add(Long.toString(smileRows.dropped().lines()[i]));
            }
            assertThat(sparkRows.dropped().first()).isEqualTo(lines);
            assertThat(sparkRows.dropped().message(sparkRows.count())).isEqualTo(String.format(
                    "--drop-incomplete left out %d of 300 rows, each with a blank or NA cell in a column the model"
                            + " reads, as R's lm does (na.omit): lines %s, ….", smileRows.dropped().count(),
                    String.join(", ", lines)));
            spark = SparkLinearTrainer.fit(sparkRows, schema, "1.0.0", OLS, PROVENANCE);
        } finally {
            sparkRows.release();
        }
        Model smile = Trainer.fit(smileRows, schema, "1.0.0", OLS, PROVENANCE);

        assertSameLeastSquares(spark, smile);
        assertSameFileAndPredictions(spark, smile);
    }

    @Test
    void anUndeclaredLevelIsRefusedWithTheSmileTrainersMessageNamingLineValueAndLevels() throws Exception {
        var lines = new ArrayList<>(AcademicRows.lines(40, 5, false));
        lines.set(7, lines.get(7).replaceFirst("^[A-Za-z]+", "Lecturer"));
        Path data = AcademicRows.write(dir, "academic.csv", lines, AcademicRows.IMPUTING_SCHEMA);
        var schema = DataSchema.read(DataSchema.besideData(data));

        assertThatThrownBy(() -> HiringCsv.read(data, CsvFormat.DEFAULT, schema, false))
                .isInstanceOf(DataException.class);
        List<String> smileProblems = problems(() -> HiringCsv.read(data, CsvFormat.DEFAULT, schema, false));
        List<String> sparkProblems = problems(() -> read(data, schema, false).release());

        assertThat(sparkProblems).isEqualTo(smileProblems).containsExactly(data + " line 8, column 'rank':"
                + " \"Lecturer\" is not a level of rank; the schema file declares AsstProf, AssocProf, Prof: add the"
                + " level to its \"levels\", or correct the cell");
    }

    @Test
    void aLevelNoRowHasIsRefusedForALinearModelWithTheSmileTrainersMessage() throws Exception {
        Path data = AcademicRows.write(dir, "academic.csv", AcademicRows.lines(60, 6, false),
                AcademicRows.IMPUTING_SCHEMA.replace("[\"A\", \"B\"]", "[\"A\", \"B\", \"C\"]"));
        var schema = DataSchema.read(DataSchema.besideData(data));
        Dataset smileRows = HiringCsv.read(data, CsvFormat.DEFAULT, schema, false);

        List<String> smileProblems = problems(() -> Trainer.fit(smileRows, schema, "1.0.0", OLS, PROVENANCE));
        List<String> sparkProblems = problems(() -> spark(data, OLS, false));

        assertThat(sparkProblems).isEqualTo(smileProblems).singleElement().asString()
                .startsWith("academic.csv: level \"C\" of discipline has no row in the data");
    }

    private interface Action {
        void run() throws Exception;
    }

    private static List<String> problems(Action action) throws Exception {
        try {
            action.run();
        } catch (DataException e) {
            return e.problems();
        }
        throw new AssertionError("expected a DataException");
    }

    static void assertSameCoefficients(Model spark, Model smile) {
        var a = (LinearModel) spark.kind();
        var b = (LinearModel) smile.kind();
        assertThat(a.coefficients()).hasSameSizeAs(b.coefficients());
        close("intercept", a.intercept(), b.intercept());
        for (int j = 0; j < b.coefficients().length; j++) {
            close("coefficient " + j, a.coefficients()[j], b.coefficients()[j]);
        }
    }

    private static void assertSameLeastSquares(Model spark, Model smile) {
        assertSameCoefficients(spark, smile);
        assertSameMetrics(spark.metadata().metrics(), smile.metadata().metrics());
        var ia = (IntervalParameters.OlsExact) spark.interval();
        var ib = (IntervalParameters.OlsExact) smile.interval();
        assertThat(ia.degreesOfFreedom()).isEqualTo(ib.degreesOfFreedom());
        close("t critical", ia.tCritical(), ib.tCritical());
        close("residual standard error", ia.residualStdError(), ib.residualStdError());
        // (XᵀX)⁻¹ and the residual standard error are what the F-test of each category is computed from.
        for (int r = 0; r < ib.xtxInverse().length; r++) {
            for (int c = 0; c < ib.xtxInverse().length; c++) {
                close("(XᵀX)⁻¹[" + r + "][" + c + "]", ia.xtxInverse()[r][c], ib.xtxInverse()[r][c]);
            }
        }
        List<CoefficientStats> sa = spark.metadata().coefficientStats();
        List<CoefficientStats> sb = smile.metadata().coefficientStats();
        assertThat(sa).hasSameSizeAs(sb);
        for (int i = 0; i < sb.size(); i++) {
            assertThat(sa.get(i).term()).isEqualTo(sb.get(i).term());
            close(sb.get(i).term() + " standard error", sa.get(i).stdError(), sb.get(i).stdError());
            close(sb.get(i).term() + " t", sa.get(i).tValue(), sb.get(i).tValue());
            assertThat(sa.get(i).pValue()).as(sb.get(i).term() + " p")
                    .isCloseTo(sb.get(i).pValue(), within(1e-9 + 1e-9 * sb.get(i).pValue()));
        }
        assertThat(sb.stream().map(CoefficientStats::term)).contains("rank=AssocProf", "rank=Prof", "discipline=B",
                "yrs_since_phd", "yrs_service");
    }

    private static void assertSameMetrics(Metrics ma, Metrics mb) {
        close("R²", ma.rSquared(), mb.rSquared());
        close("adjusted R²", ma.adjustedRSquared(), mb.adjustedRSquared());
        close("RMSE", ma.rmse(), mb.rmse());
        close("MAE", ma.mae(), mb.mae());
        CrossValidation ca = ma.crossValidation();
        CrossValidation cb = mb.crossValidation();
        assertThat(ca.method()).isEqualTo(cb.method());
        assertThat(ca.folds()).isEqualTo(cb.folds());
        close("cross-validated RMSE", ca.rmse(), cb.rmse());
        close("cross-validated MAE", ca.mae(), cb.mae());
        close("cross-validated R²", ca.rSquared(), cb.rSquared());
        assertThat(ca.intervalCoverage()).isEqualTo(cb.intervalCoverage());
        close("interval mean width", ca.intervalMeanWidth(), cb.intervalMeanWidth());
    }

    /**
     * Both models written as model files and loaded back: the same features with the same fill values and level
     * statistics, and the same estimate and interval ends, in dollars, for candidates with and without gaps.
     */
    private void assertSameFileAndPredictions(Model sparkModel, Model smileModel) throws Exception {
        Path sparkFile = Files.write(dir.resolve("spark.json"), ModelFormat.write(sparkModel));
        Path smileFile = Files.write(dir.resolve("smile.json"), ModelFormat.write(smileModel));
        var spark = (Model) ModelLoader.load(sparkFile);
        var smile = (Model) ModelLoader.load(smileFile);
        List<Feature> fa = spark.metadata().schema().features();
        List<Feature> fb = smile.metadata().schema().features();
        assertThat(fa).hasSameSizeAs(fb);
        for (int j = 0; j < fb.size(); j++) {
            assertThat(fa.get(j).name()).isEqualTo(fb.get(j).name());
            assertThat(fa.get(j).levels()).isEqualTo(fb.get(j).levels());
            assertThat(fa.get(j).missing().rule()).isEqualTo(fb.get(j).missing().rule());
            if (fb.get(j).missing().fills()) {
                close(fb.get(j).name() + " fill value", fa.get(j).missing().value(), fb.get(j).missing().value());
            }
            FeatureStats sa = spark.metadata().trainingData().featureStats().get(fb.get(j).name());
            FeatureStats sb = smile.metadata().trainingData().featureStats().get(fb.get(j).name());
            assertThat(sa.missingShare()).as(fb.get(j).name() + " missing share").isEqualTo(sb.missingShare());
            if (fb.get(j).isCategorical()) {
                assertThat(sa.levelShares()).as(fb.get(j).name() + " level shares").isEqualTo(sb.levelShares());
            } else {
                assertThat(sa.min()).isEqualTo(sb.min());
                assertThat(sa.max()).isEqualTo(sb.max());
                close(fb.get(j).name() + " mean", sa.mean(), sb.mean());
                close(fb.get(j).name() + " std", sa.std(), sb.std());
                assertThat(sa.distribution()).isEqualTo(sb.distribution());
            }
        }
        assertThat(spark.metadata().trainingData().rows()).isEqualTo(smile.metadata().trainingData().rows());
        assertThat(spark.metadata().trainingData().predictions().shares())
                .isEqualTo(smile.metadata().trainingData().predictions().shares());
        for (Map<String, Object> candidate : AcademicRows.candidates()) {
            boolean refused = fb.stream().anyMatch(f -> candidate.get(f.name()) == null && !f.missing().fills());
            if (refused) {
                continue; // a model that refuses a missing input serves no estimate for it
            }
            Prediction a = spark.predict(candidate);
            Prediction b = smile.predict(candidate);
            close("estimate for " + candidate, a.value(), b.value());
            if (b.interval() != null) {
                close("interval low for " + candidate, a.interval().low(), b.interval().low());
                close("interval high for " + candidate, a.interval().high(), b.interval().high());
            }
            assertThat(a.warnings()).hasSameSizeAs(b.warnings());
        }
    }

    /** Within 1e-9 of the expected value, relative; absolute for values below 1e-3. */
    private static void close(String what, double actual, double expected) {
        assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1e-3, Math.abs(expected))));
    }

    private static SparkTrainingData read(Path csv, DataSchema schema, boolean dropIncomplete) throws Exception {
        Path schemaFile = DataSchema.besideData(csv);
        return SparkTrainingData.read(LocalSpark.session(), csv.toString(), null, CsvFormat.DEFAULT, schema,
                Files.readAllBytes(schemaFile), schemaFile.toString(), dropIncomplete);
    }

    static Model spark(Path csv, FitSettings settings, boolean dropIncomplete) throws Exception {
        var schema = DataSchema.read(DataSchema.besideData(csv));
        var data = read(csv, schema, dropIncomplete);
        try {
            return SparkLinearTrainer.fit(data, schema, "1.0.0", settings, PROVENANCE);
        } finally {
            data.release();
        }
    }

    static Model smile(Path csv, FitSettings settings, boolean dropIncomplete) throws Exception {
        var schema = DataSchema.read(DataSchema.besideData(csv));
        var data = HiringCsv.read(csv, CsvFormat.DEFAULT, schema, dropIncomplete);
        return Trainer.fit(data, schema, "1.0.0", settings, PROVENANCE);
    }
}
