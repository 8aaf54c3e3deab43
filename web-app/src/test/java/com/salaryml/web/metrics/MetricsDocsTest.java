package com.salaryml.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.metadata.ModelMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What docs/metrics.md says of the metrics' labels and of alerting, against the code and the promtool tests. */
class MetricsDocsTest {

    /** The project's root, from this module's folder, where Maven runs its tests. */
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..").normalize();

    @Test
    void theModelInfoSectionNamesEveryAlgorithmAModelFileMayName() throws IOException {
        String section = section(Files.readString(ROOT.resolve("docs/metrics.md"), StandardCharsets.UTF_8),
                "### `salary_model_info`");

        assertThat(ModelMetadata.ALGORITHMS).isNotEmpty()
                .allSatisfy(algorithm -> assertThat(section).contains("`" + algorithm + "`"));
    }

    @Test
    void theDocumentedStartUpExpressionIsTheOnePromtoolTests() throws IOException {
        List<String> documented = Files.readAllLines(ROOT.resolve("docs/metrics.md"), StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(line -> line.contains("salary_model_rejections_total offset"))
                .toList();
        String tests = Files.readString(ROOT.resolve("monitoring/prometheus/salary-alerts.test.yml"),
                StandardCharsets.UTF_8);

        String rules = Files.readString(ROOT.resolve("monitoring/prometheus/salary-alerts.yml"), StandardCharsets.UTF_8);

        assertThat(documented).as("the start-up expression in docs/metrics.md").hasSize(1);
        assertThat(tests).contains("- expr: " + documented.get(0) + "\n");
        assertThat(rules).as("the alert SalaryModelRefused's expression")
                .contains("- alert: SalaryModelRefused\n").contains("expr: " + documented.get(0) + "\n");
    }

    /** From a heading to the next heading of any level. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading + " in docs/metrics.md").isNotNegative();
        int end = markdown.indexOf("\n#", start + heading.length() + 2);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }
}
