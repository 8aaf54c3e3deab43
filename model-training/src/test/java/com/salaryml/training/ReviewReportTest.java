package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.schema.UnitFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern IMAGE = Pattern.compile("<img [^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final Pattern ATTRIBUTE_URL =
            Pattern.compile("(?i)\\b(?:src|href|action|srcset|poster|data)\\s*=\\s*[\"']?\\s*([a-z][a-z0-9+.-]*:|//)");

    private static Dataset data;
    private static Model ols;
    private static String written;

    @BeforeAll
    static void train(@TempDir Path dir) throws Exception {
        data = Fits.read(Csv.HIRING);
        ols = Fits.fit(data, "1.0.0");
        Path out = dir.resolve("models");
        int status = new TrainCommand(new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, UTF_8))
                .run(new ArrayList<>(List.of("--data", Csv.HIRING.toString(), "--out", out.toString())));
        assertThat(status).isZero();
        written = Files.readString(out.resolve("salary-model-1.0.0.html"), UTF_8);
    }

    @Test
    void theWrittenReportIsACompleteHtmlPage() {
        assertThat(written).startsWith("<!DOCTYPE html>\n<html lang=\"en\">").endsWith("</html>\n");
        assertWrittenHolds("<meta charset=\"utf-8\">", "<title>Review: salary model 1.0.0</title>",
                "Passes the approval gate");
    }

    @Test
    void holdsTheMetricsTable() {
        var metrics = ols.metadata().metrics();
        assertThat(written).contains("<h2>Metrics</h2>").contains("on the training rows")
                .contains("cross-validated, leave-one-out (8 fits)")
                .contains("<tr><th>R²</th><td>" + String.format(java.util.Locale.US, "%.4f", metrics.rSquared())
                        + "</td><td>" + String.format(java.util.Locale.US, "%.4f",
                        metrics.crossValidation().rSquared()) + "</td></tr>")
                .contains("<th>adjusted R²</th>")
                .contains("<th>RMSE</th><td>" + UnitFormat.of("USD").format(metrics.rmse()) + "</td><td>"
                        + UnitFormat.of("USD").format(metrics.crossValidation().rmse()) + "</td>")
                .contains("<th>MAE</th>");
    }

    @Test
    void holdsTheCoefficientTableWithStandardErrorsAndPValues() {
        assertThat(written).contains("<h2>Coefficients</h2>")
                .contains("<tr><th>term</th><th>estimate</th><th>std. error</th><th>t</th><th>p</th>"
                        + "<th>meaning</th></tr>");
        for (String term : List.of("intercept", "experience", "test_score", "interview_score")) {
            assertThat(written).containsPattern("<tr><td>" + term + "</td><td>-?[\\d,]+\\.\\d{2}</td>"
                    + "<td>[\\d,]+\\.\\d{2}</td><td>-?[\\d.]+</td><td>0\\.\\d{4}</td><td>(USD per [a-z ]+\\d*)?</td></tr>");
        }
        assertThat(written).contains("<td>USD per year</td>").doesNotContain("F-test");
        assertThat(written).contains("<td>2,687.80</td>");
    }

    @Test
    void holdsTheTrainingRangesOfTheInputs() {
        assertWrittenHolds("<h2>Inputs</h2>",
                "<tr><td>experience</td><td>years</td><td>0 to 50 years</td><td>0.00</td><td>11.00</td><td>4.75</td>");
    }

    @Test
    void embedsTwoPlotsAsPngImages() {
        var images = IMAGE.matcher(written).results().map(match -> match.group(1)).toList();

        assertThat(images).hasSize(2);
        for (String image : images) {
            byte[] png = Base64.getDecoder().decode(image);
            assertThat(png).startsWith(PNG_SIGNATURE);
            assertThat(png.length).isGreaterThan(1000);
        }
        assertThat(written).contains("alt=\"Predicted against actual salary\"")
                .contains("alt=\"Residuals against predicted salary\"");
        assertThat(written.split("<img ", -1)).hasSize(3);
    }

    @Test
    void holdsTheModelCard() {
        assertWrittenHolds("<h2>Model card</h2>", "<h3>Intended use</h3>", "<h3>Limitations</h3>",
                "<h3>Fairness</h3>", "The data is tiny.");
    }

    @Test
    void linksToNothingOutsideTheFile() {
        assertThat(ATTRIBUTE_URL.matcher(written).results().map(match -> match.group()).toList())
                .allSatisfy(attribute -> assertThat(attribute).contains("data:"));
        assertThat(written).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?\\s*https?:")
                .doesNotContain("http://").doesNotContain("https://")
                .doesNotContainPattern("(?i)<script|<link|<iframe|url\\(|@import");
    }

    @Test
    void aPenalisedModelsReportSaysWhyThereAreNoStandardErrors() throws Exception {
        Model ridge = Fits.fit(data, "1.0.0", new FitSettings(Algorithm.RIDGE, 10, 10, 42));

        String html = new String(ReviewReport.render(ridge, data, new ApprovalGate(0.1, 0.95), List.of(), null),
                UTF_8);

        assertThat(html).contains("ridge regression (lambda 10)")
                .contains("<tr><th>term</th><th>estimate</th><th>meaning</th></tr>")
                .contains("Standard errors and p values are given only for ordinary least squares")
                .contains("Model card").contains("Fairness");
        assertThat(IMAGE.matcher(html).results().count()).isEqualTo(2);
    }

    @Test
    void aRejectedModelsReportListsWhatItMissed() {
        String html = new String(ReviewReport.render(ols, data, new ApprovalGate(0.99, 0.95),
                List.of("cross-validated R² is 0.7305, below the minimum 0.99 (gate.min_cv_r2)"), null), UTF_8);

        assertThat(html).contains("Rejected by the approval gate; no model file or JAR was written")
                .contains("<li>cross-validated R² is 0.7305, below the minimum 0.99 (gate.min_cv_r2)</li>")
                .doesNotContain("Passes the approval gate");
    }

    @Test
    void escapesWhatItWrites() {
        assertThat(ReviewReport.esc("<b>\"R&D\"</b>")).isEqualTo("&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;");
    }

    @Test
    void plotsOnlyASampleOfLargeData(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.csv");
        GenerateCommand.write(file, 5000, 2);
        Dataset large = Fits.read(file);
        Model model = Fits.fit(large, "1.0.0");

        String html = new String(ReviewReport.render(model, large, new ApprovalGate(0.1, 0.95), List.of(), null),
                UTF_8);

        assertThat(html).contains("One row in 3 is plotted (1,667 points)");
        assertThat(IMAGE.matcher(html).results().count()).isEqualTo(2);
    }

    /** The written report holds each of these pieces of HTML. */
    private static void assertWrittenHolds(String... pieces) {
        for (String piece : pieces) {
            assertThat(written).contains(piece);
        }
    }
}
