package com.salaryml.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.format.ModelFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format document is enough to predict: a reader written in R from docs/model-format.md alone (no code of
 * ours) reads model files as plain JSON and computes the same estimates, intervals, baselines and
 * contributions as {@link Model}, for a model of numbers and for one with categories, missing values filled in
 * and a log target.
 */
class IndependentReaderTest {

    @TempDir
    Path dir;

    @Test
    void anRReaderOfTheDocumentedFormatReproducesACategoricalLogModelsPredictions() throws Exception {
        List<List<String>> rows = List.of(
                List.of("Prof", "A", "10"),
                List.of("AsstProf", "", ""),
                List.of("AssocProf", "B", "33.5"),
                List.of("Prof", "", "0"),
                List.of("AsstProf", "B", "70"));
        assertSameAsR(TestModels.ACADEMIC, List.of("rank", "discipline", "yrs_since_phd"), rows);
    }

    @Test
    void anRReaderOfTheDocumentedFormatReproducesTheReferenceModelsPredictions() throws Exception {
        List<List<String>> rows = List.of(List.of("2", "9", "6"), List.of("0", "0", "0"), List.of("50", "10", "10"),
                List.of("7.25", "3.5", "8"));
        assertSameAsR(TestModels.REFERENCE, List.of("experience", "test_score", "interview_score"), rows);
    }

    private void assertSameAsR(Model model, List<String> names, List<List<String>> rows) throws Exception {
        Path file = dir.resolve("model.json");
        Files.write(file, ModelFormat.write(model));
        Path inputs = dir.resolve("inputs.csv");
        var csv = new StringBuilder(String.join(",", names)).append('\n');
        rows.forEach(row -> csv.append(String.join(",", row)).append('\n'));
        Files.writeString(inputs, csv);
        Path out = dir.resolve("out.csv");

        RScript.run(IndependentReaderTest.class, "predict-linear.R", file.toString(), inputs.toString(),
                out.toString());

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            var values = new HashMap<String, Object>();
            for (int f = 0; f < names.size(); f++) {
                String cell = rows.get(i).get(f);
                boolean category = model.metadata().schema().features().get(f).isCategorical();
                values.put(names.get(f), cell.isEmpty() ? null : category ? cell : (Object) Double.valueOf(cell));
            }
            Prediction java = model.predict(values);
            String[] r = lines.get(i + 1).split(",");
            double scale = Math.abs(java.value());
            assertThat(Double.parseDouble(r[0].strip())).as("row %d value", i).isCloseTo(java.value(),
                    within(1e-12 * scale));
            assertThat(Double.parseDouble(r[1].strip())).as("row %d low", i).isCloseTo(java.interval().low(),
                    within(1e-12 * scale));
            assertThat(Double.parseDouble(r[2].strip())).as("row %d high", i).isCloseTo(java.interval().high(),
                    within(1e-12 * scale));
            assertThat(Double.parseDouble(r[3].strip())).as("row %d baseline", i).isCloseTo(java.baseline(),
                    within(1e-12 * Math.abs(java.baseline())));
            for (int f = 0; f < names.size(); f++) {
                assertThat(Double.parseDouble(r[4 + f].strip())).as("row %d contribution of %s", i, names.get(f))
                        .isCloseTo(java.contributions().get(f).amount(), within(1e-12 * Math.abs(java.baseline())));
            }
        }
    }
}
