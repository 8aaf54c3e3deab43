package com.salaryml.training.spark;


import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.schema.UnitFormat;
import com.salaryml.training.Algorithm;
import com.salaryml.training.CsvFormat;
import com.salaryml.training.DataSchema;
import com.salaryml.training.FitSettings;
import com.salaryml.training.GenerateCommand;
import com.salaryml.training.HiringCsv;
import com.salaryml.training.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Spark trainer and the Smile trainer, on the same data, give the same model: the reference salary to the
 * cent, coefficients and metrics to 1e-9 relative, interval bounds to 1e-6, and the same quantile bins.
 */
class SparkTrainerEquivalenceTest {

    private static final Path HIRING = Path.of("../data/hiring.csv");
    private static final Provenance PROVENANCE = new Provenance("2026-11-27T00:00:00Z", "1.0.0", "3.1.1", "17",
            null, Map.of("algorithm", "ols"));
    private static final FitSettings OLS = new FitSettings(Algorithm.OLS, 1.0, 10, 42);

    @TempDir
    Path dir;

    @Test
    void theReferenceSalaryIsTheSameToTheCent() throws Exception {
        Model spark = spark(HIRING);
        Model smile = smile(HIRING);

        Prediction prediction = spark.predict(Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0));

        assertThat(UnitFormat.of("USD").format(prediction.value())).isEqualTo("$52,062.76");
        assertSameModel(spark, smile);
        assertThat(spark.metadata().metrics().crossValidation().method()).isEqualTo(CrossValidation.LEAVE_ONE_OUT);
    }

    @Test
    void aHundredThousandSeededRowsGiveTheSameModel() throws Exception {
        Path file = dir.resolve("generated.csv");
        GenerateCommand.write(file, 100_000, 7);

        Model spark = spark(file);
        Model smile = smile(file);

        assertSameModel(spark, smile);
        assertThat(spark.metadata().metrics().crossValidation().method()).isEqualTo(CrossValidation.K_FOLD);
        assertThat(spark.metadata().metrics().crossValidation().seed()).isEqualTo(42L);
    }

    @Test
    void ridgeIsTheSameModelAsSmilesWithTheSameConformalInterval() throws Exception {
        Path file = dir.resolve("generated.csv");
        GenerateCommand.write(file, 20_000, 11);
        var ridge = new FitSettings(Algorithm.RIDGE, 50.0, 10, 42);

        for (Path data : new Path[] {HIRING, file}) {
            Model spark = spark(data, ridge);
            Model smile = smile(data, ridge);

            assertSameCoefficients(spark, smile, 1e-9);
            assertSameMetrics(spark, smile);
            var a = (IntervalParameters.Conformal) spark.interval();
            var b = (IntervalParameters.Conformal) smile.interval();
            if (b == null) {
                assertThat(a).as("8 rows are too few for a 95% conformal interval").isNull();
                continue;
            }
            assertThat(a.scheme()).isEqualTo(b.scheme());
            assertThat(a.calibrationSize()).isEqualTo(b.calibrationSize());
            close("conformal half width", a.halfWidth(), b.halfWidth());
            assertThat(spark.metadata().hyperparameters()).isEqualTo(smile.metadata().hyperparameters());
        }
    }

    @Test
    void theLassoAgreesWithSmilesToItsSolversTolerance() throws Exception {
        Path file = dir.resolve("generated.csv");
        GenerateCommand.write(file, 20_000, 13);
        // A penalty that moves the coefficients visibly: Smile's interior-point solver stops at a relative duality
        // gap of 1e-4, MLlib's OWL-QN at its own tolerance, so the two agree to about 1e-4, not to the last bits.
        var lasso = new FitSettings(Algorithm.LASSO, 2_000_000.0, 10, 42);

        Model spark = spark(file, lasso);
        Model smile = smile(file, lasso);

        assertSameCoefficients(spark, smile, 1e-3);
        assertThat(spark.metadata().metrics().crossValidation().rmse())
                .isCloseTo(smile.metadata().metrics().crossValidation().rmse(),
                        within(1e-4 * smile.metadata().metrics().crossValidation().rmse()));
        assertThat(spark.interval()).isInstanceOf(IntervalParameters.Conformal.class);
        var ols = smile(file, OLS);
        assertThat(Math.abs(((LinearModel) spark.kind()).coefficients()[1]))
                .as("the penalty shrinks the coefficients")
                .isLessThan(Math.abs(((LinearModel) ols.kind()).coefficients()[1]));
    }

    private static void assertSameCoefficients(Model spark, Model smile, double tolerance) {
        var a = (LinearModel) spark.kind();
        var b = (LinearModel) smile.kind();
        assertThat(a.intercept()).as("intercept").isCloseTo(b.intercept(), within(tolerance * Math.abs(b.intercept())));
        for (int j = 0; j < b.coefficients().length; j++) {
            assertThat(a.coefficients()[j]).as("coefficient %d", j)
                    .isCloseTo(b.coefficients()[j], within(tolerance * Math.abs(b.coefficients()[j])));
        }
    }

    private static void assertSameMetrics(Model spark, Model smile) {
        Metrics ma = spark.metadata().metrics();
        Metrics mb = smile.metadata().metrics();
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
        if (cb.intervalMeanWidth() != null) {
            close("interval mean width", ca.intervalMeanWidth(), cb.intervalMeanWidth());
        }
    }

    private static void assertSameModel(Model spark, Model smile) {
        assertSameCoefficients(spark, smile, 1e-9);
        assertSameMetrics(spark, smile);
        var ia = (IntervalParameters.OlsExact) spark.interval();
        var ib = (IntervalParameters.OlsExact) smile.interval();
        assertThat(ia.degreesOfFreedom()).isEqualTo(ib.degreesOfFreedom());
        close("t critical", ia.tCritical(), ib.tCritical());
        close("residual standard error", ia.residualStdError(), ib.residualStdError());
        for (var inputs : new double[][] {{2, 9, 6}, {0, 0, 0}, {10, 10, 10}, {25, 3, 8}}) {
            var values = Map.of("experience", inputs[0], "test_score", inputs[1], "interview_score", inputs[2]);
            Prediction pa = spark.predict(values);
            Prediction pb = smile.predict(values);
            assertThat(pa.interval().low()).isCloseTo(pb.interval().low(), within(1e-6));
            assertThat(pa.interval().high()).isCloseTo(pb.interval().high(), within(1e-6));
        }
        var sa = spark.metadata().coefficientStats();
        var sb = smile.metadata().coefficientStats();
        assertThat(sa).hasSameSizeAs(sb);
        for (int i = 0; i < sb.size(); i++) {
            CoefficientStats x = sa.get(i);
            CoefficientStats y = sb.get(i);
            assertThat(x.term()).isEqualTo(y.term());
            close(y.term() + " standard error", x.stdError(), y.stdError());
            close(y.term() + " t", x.tValue(), y.tValue());
            assertThat(x.pValue()).as(y.term() + " p").isCloseTo(y.pValue(), within(1e-9 + 1e-9 * y.pValue()));
        }
        var fa = spark.metadata().trainingData();
        var fb = smile.metadata().trainingData();
        SameData.assertSameTrainingData(fa, fb);
        // The predictions differ from Smile's in their last bits, as the coefficients do: the cuts to 1e-9, the
        // shares exactly.
        assertThat(fa.predictions().shares()).as("prediction bin shares").isEqualTo(fb.predictions().shares());
        assertThat(fa.predictions().edges()).hasSameSizeAs(fb.predictions().edges());
        for (int i = 0; i < fb.predictions().edges().length; i++) {
            close("prediction bin edge " + i, fa.predictions().edges()[i], fb.predictions().edges()[i]);
        }
    }

    private static void close(String what, double actual, double expected) {
        SameData.close(what, actual, expected);
    }

    static Model spark(Path csv) throws Exception {
        return spark(csv, OLS);
    }

    static Model spark(Path csv, FitSettings settings) throws Exception {
        var schemaFile = DataSchema.besideData(csv);
        var schema = DataSchema.read(schemaFile);
        var data = SparkTrainingData.read(LocalSpark.session(), csv.toString(), null, CsvFormat.DEFAULT, schema,
                Files.readAllBytes(schemaFile), schemaFile.toString());
        try {
            return SparkLinearTrainer.fit(data, schema, "1.0.0", settings, PROVENANCE);
        } finally {
            data.release();
        }
    }

    static Model smile(Path csv) throws Exception {
        return smile(csv, OLS);
    }

    static Model smile(Path csv, FitSettings settings) throws Exception {
        var schema = DataSchema.read(DataSchema.besideData(csv));
        var data = HiringCsv.read(csv, CsvFormat.DEFAULT, schema);
        return Trainer.fit(data, schema.features(), schema.target(), schema.model(), "1.0.0", settings, PROVENANCE);
    }

}
