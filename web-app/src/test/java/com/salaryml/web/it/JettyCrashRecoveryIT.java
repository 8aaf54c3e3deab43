package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.web.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed (SIGKILL) in the middle of writing a model file or a prediction-log line leaves a broken file
 * behind; the app started afterwards serves the last good model and goes on logging.
 */
class JettyCrashRecoveryIT {

    @TempDir
    Path dir;

    final Http http = new Http();

    /** Starts {@link SlowWriter} in a JVM of its own and kills it once {@code path} holds some bytes. */
    private void killMidWrite(String mode, Path path, long bytes) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowWriter.class.getName(), mode, path.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(mode + "-writer.out").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(path) || Files.size(path) < bytes) {
            if (!writer.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the writer did not get going: "
                        + Files.readString(dir.resolve(mode + "-writer.out")));
            }
            Thread.sleep(10);
        }
        writer.destroyForcibly().waitFor();
    }

    @Test
    void aModelFileCutShortByAKilledWriterIsRejectedAndTheLastGoodModelServed() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        ModelFiles.publish(models, ModelFiles.model("1.0.0", 0));
        Path broken = models.resolve("salary-model-2.0.0.json");
        killMidWrite("model", broken, 400);
        assertThat(Files.readString(broken)).doesNotEndWith("}\n");
        try (Deployment app = new JettyContainer().deploy(Container.builtWar(), "/salary",
                Map.of("salary.model", models.toString()))) {
            var ready = http.get(app.base().resolve("health/ready"));
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("model_version").textValue()).isEqualTo("1.0.0");
            var api = http.postJson(app.base().resolve("api/v1/predict"), SalaryAppContract.REFERENCE);
            assertThat(api.json().get("model_version").textValue()).isEqualTo("1.0.0");
        }
    }

    @Test
    void aLogLineCutShortByAKilledWriterDoesNotSpoilTheLinesAfterIt() throws Exception {
        Path log = dir.resolve("predictions.jsonl");
        killMidWrite("log", log, 300);
        long cut = Files.size(log);
        try (Deployment app = new JettyContainer().deploy(Container.builtWar(), "/salary",
                Map.of("salary.prediction-log", log.toString()))) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.postJson(app.base().resolve("api/v1/predict"), SalaryAppContract.REFERENCE).status())
                        .isEqualTo(200);
            }
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).length()).isEqualTo((int) cut);
        var mapper = new ObjectMapper();
        for (String line : lines.subList(1, 4)) {
            assertThat(mapper.readTree(line).get("model_version").textValue()).isEqualTo("1.0.0");
        }
    }
}
