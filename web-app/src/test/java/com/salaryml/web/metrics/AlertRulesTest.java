package com.salaryml.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.salaryml.web.Programs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules in monitoring/prometheus/ are valid, and their unit tests (series that fire and series
 * that stay quiet) pass, as promtool judges them. promtool is required, as for the metrics integration test.
 */
class AlertRulesTest {

    /** The project's monitoring/prometheus folder, from this module's folder, where Maven runs its tests. */
    private static final Path RULES = Path.of(System.getProperty("basedir", "."), "..", "monitoring", "prometheus")
            .normalize();

    @Test
    void promtoolChecksTheRules() throws Exception {
        String report = promtool("check", "rules", RULES.resolve("salary-alerts.yml").toString());
        assertThat(report).contains("SUCCESS");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        String report = promtool("test", "rules", RULES.resolve("salary-alerts.test.yml").toString());
        assertThat(report).contains("SUCCESS");
    }

    /** Runs promtool in the rules' folder, where the test file names the rules file; fails unless it exits 0. */
    private static String promtool(String... arguments) throws Exception {
        Path promtool = Programs.onPath("promtool").orElseGet(() -> fail("promtool is not installed; it checks the alerting"
                + " rules as Prometheus would. Install it with: apt-get install prometheus"));
        var command = new java.util.ArrayList<String>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Not a timing test: only a guard against a hung process.
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool " + String.join(" ", arguments) + " said: " + report).isZero();
        return report;
    }
}
