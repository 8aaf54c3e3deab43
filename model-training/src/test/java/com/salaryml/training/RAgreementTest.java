package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.schema.Feature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R as the independent oracle of the linear fits with categories, missing cells and a log target: on seeded data
 * in the shape of carData::Salaries, the trainer's coefficients, standard errors, F-tests, predictions and 95%
 * prediction intervals agree with R's {@code lm} with factors and {@code predict(interval = "prediction")}
 * (exponentiated), read from the very CSV the trainer reads; and {@code --drop-incomplete} leaves out exactly the
 * rows {@code na.omit} does. R runs {@code src/test/resources/r/lm-agreement.R}. Without Rscript these tests fail:
 * CI installs it.
 */
class RAgreementTest {

    /** Agreement to this relative difference: the two differ only in floating-point rounding. */
    static final double RELATIVE = 1e-9;

    /** p values agree less closely: Smile's incomplete beta function is good to about 1e-8 (see Intervals). */
    static final double P_VALUE = 1e-7;

    static final int ROWS = 400;

    @TempDir
    static Path dir;

    static Path dropData;
    static Path imputeData;
    static Map<String, double[]> dropR;
    static Map<String, double[]> imputeR;
    static List<String> names;

    @BeforeAll
    static void fitWithR() throws Exception {
        dropData = AcademicData.write(dir, "academic.csv", AcademicData.lines(ROWS, 7, true), AcademicData.SCHEMA);
        imputeData = AcademicData.write(dir, "academic-gaps.csv", AcademicData.lines(ROWS, 8, false),
                AcademicData.IMPUTING_SCHEMA);
        dropR = rscript("drop", dropData, AcademicData.NEW_LINES);
        imputeR = rscript("impute", imputeData, AcademicData.NEW_LINES_WITH_GAPS);
    }

    @Test
    void dropIncompleteLeavesOutExactlyTheRowsNaOmitDoes() throws Exception {
        Dataset data = HiringCsv.read(dropData, CsvFormat.DEFAULT, DataSchema.read(DataSchema.besideData(dropData)),
                true);

        long[] expected = Arrays.stream(dropR.get("dropped")).mapToLong(Math::round).toArray();
        assertThat(expected).as("the data has incomplete rows, some only in the unused column sex").hasSizeGreaterThan(20);
        assertThat(data.dropped().rows()).containsExactly(expected);
        assertThat((double) data.rows()).isEqualTo(dropR.get("rows")[0]);
    }

    @Test
    void coefficientsStandardErrorsAndPredictionIntervalsAgreeWithRsLmAfterDroppingIncompleteRows() throws Exception {
        Model model = fit(dropData, true);

        assertAgrees(model, dropR, AcademicData.NEW_LINES);
    }

    @Test
    void fillValuesCoefficientsAndPredictionIntervalsAgreeWithRsLmOnImputedData() throws Exception {
        Model model = fit(imputeData, false);
        List<Feature> features = model.metadata().schema().features();

        assertThat(features.get(1).missing().value()).isEqualTo(imputeR.get("fill.discipline")[0]);
        assertClose("median of yrs_since_phd", features.get(2).missing().value(), imputeR.get("fill.yrs_since_phd")[0]);
        assertClose("mean of yrs_service", features.get(3).missing().value(), imputeR.get("fill.yrs_service")[0]);
        assertAgrees(model, imputeR, AcademicData.NEW_LINES_WITH_GAPS);
    }

    /** What the server loads predicts what R predicts: the file holds everything, to the last rounding. */
    @Test
    void theModelFileReadBackPredictsWhatRPredicts() throws Exception {
        Model model = fit(imputeData, false);
        Model loaded = ModelFormat.read(ModelFormat.write(model), "academic-gaps model");

        assertThat(loaded).isEqualTo(model);
        for (int i = 1; i < AcademicData.NEW_LINES_WITH_GAPS.size(); i++) {
            Prediction prediction = loaded.predict(AcademicData.instance(AcademicData.NEW_LINES_WITH_GAPS.get(i)));
            double[] r = imputeR.get("prediction." + (i - 1));
            assertClose("estimate " + i, prediction.value(), r[0]);
            assertClose("interval low " + i, prediction.interval().low(), r[1]);
            assertClose("interval high " + i, prediction.interval().high(), r[2]);
        }
    }

    private static Model fit(Path data, boolean dropIncomplete) throws DataException {
        DataSchema schema = DataSchema.read(DataSchema.besideData(data));
        Dataset rows = HiringCsv.read(data, CsvFormat.DEFAULT, schema, dropIncomplete);
        return Trainer.fit(rows, schema, "1.0.0", Fits.OLS, Fits.PROVENANCE);
    }

    private static void assertAgrees(Model model, Map<String, double[]> r, List<String> newLines) {
        List<CoefficientStats> stats = model.metadata().coefficientStats();
        assertThat(stats).hasSize(r.get("estimate").length);
        for (int i = 0; i < stats.size(); i++) {
            CoefficientStats ours = stats.get(i);
            // R names a level's column rankProf and a number by its CSV column; the trainer rank=Prof and the
            // feature's name.
            assertThat(rName(ours.term(), model)).isEqualTo(names.get(i));
            assertClose(ours.term() + " estimate", ours.estimate(), r.get("estimate")[i]);
            assertClose(ours.term() + " std. error", ours.stdError(), r.get("std_error")[i]);
            assertClose(ours.term() + " t", ours.tValue(), r.get("t")[i]);
            assertThat(ours.pValue()).as(ours.term() + " p").isCloseTo(r.get("p")[i],
                    org.assertj.core.data.Offset.offset(P_VALUE));
        }
        var exact = (IntervalParameters.OlsExact) model.interval();
        assertClose("residual standard error", exact.residualStdError(), r.get("sigma")[0]);
        assertThat((double) exact.degreesOfFreedom()).isEqualTo(r.get("df")[0]);
        assertThat((double) model.metadata().trainingData().rows()).isEqualTo(r.get("rows")[0]);

        List<FTests.FTest> tests = FTests.of(model);
        assertThat(tests).extracting(test -> test.feature().name()).containsExactly("rank", "discipline");
        assertClose("F of rank", tests.get(0).f(), r.get("F.rank")[0]);
        assertClose("F of discipline", tests.get(1).f(), r.get("F.discipline")[0]);
        assertThat(tests.get(0).p()).isCloseTo(r.get("F.rank.p")[0], org.assertj.core.data.Offset.offset(P_VALUE));
        assertThat(tests.get(1).p()).isCloseTo(r.get("F.discipline.p")[0], org.assertj.core.data.Offset.offset(P_VALUE));

        for (int i = 1; i < newLines.size(); i++) {
            Prediction prediction = model.predict(AcademicData.instance(newLines.get(i)));
            double[] expected = r.get("prediction." + (i - 1));
            assertClose(newLines.get(i) + " estimate", prediction.value(), expected[0]);
            assertClose(newLines.get(i) + " interval low", prediction.interval().low(), expected[1]);
            assertClose(newLines.get(i) + " interval high", prediction.interval().high(), expected[2]);
        }
    }

    /** The name R gives a term of the trainer's. */
    private static String rName(String term, Model model) {
        if (term.equals("intercept")) {
            return "(Intercept)";
        }
        if (term.contains("=")) {
            return term.replace("=", "");
        }
        return term.equals("yrs_since_phd") ? "yrs.since.phd" : term.equals("yrs_service") ? "yrs.service" : term;
    }

    private static void assertClose(String what, double actual, double expected) {
        double relative = Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
        assertThat(relative).as("%s: trainer %s, R %s", what, AcademicData.format(actual),
                AcademicData.format(expected)).isLessThanOrEqualTo(RELATIVE);
    }

    /** Runs the R script on the data and the new instances, and reads what it wrote. */
    private static Map<String, double[]> rscript(String scenario, Path data, List<String> newLines) throws Exception {
        Path script = Path.of("src/test/resources/r/lm-agreement.R");
        Path newData = Files.write(dir.resolve(scenario + "-new.csv"), newLines, UTF_8);
        Path out = dir.resolve(scenario + "-r.txt");
        Process process;
        try {
            process = new ProcessBuilder("Rscript", "--vanilla", script.toString(), scenario, data.toString(),
                    newData.toString(), out.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("Rscript cannot be run (" + e.getMessage() + "): R is the independent oracle of these"
                    + " tests. Install it (apt-get install r-base-core), as .ci/run does.");
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            return fail("Rscript " + script + " failed: " + output);
        }
        var values = new HashMap<String, double[]>();
        for (String line : Files.readAllLines(out, UTF_8)) {
            String[] parts = line.split(" ");
            if (parts[0].equals("names")) {
                names = List.of(Arrays.copyOfRange(parts, 1, parts.length));
                continue;
            }
            values.put(parts[0], Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray());
        }
        return values;
    }
}
