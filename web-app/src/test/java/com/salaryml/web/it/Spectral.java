package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spectral, the OpenAPI linter, on the document a deployed app serves: the version the build installed with
 * {@code npm ci} in target/openapi-lint (web-app/openapi-lint/package-lock.json), with the rules of its
 * .spectral.yaml. Any error or warning fails the test, with Spectral's report as the message. The document is
 * kept in target/openapi-lint/served/ for a person to look at.
 */
final class Spectral {

    private Spectral() {
    }

    /** Lints {@code document}, the body of GET openapi.json, kept as {@code served/<name>.json}. */
    static void lint(String name, String document) throws IOException, InterruptedException {
        String setting = System.getProperty("salary.openapi-lint");
        assertThat(setting).as("system property salary.openapi-lint, set by the build").isNotNull();
        Path directory = Path.of(setting);
        assertThat(directory.resolve("node_modules")).as("Spectral, installed by the build's npm ci").isDirectory();
        Path file = Files.createDirectories(directory.resolve("served")).resolve(name + ".json");
        Files.writeString(file, document, StandardCharsets.UTF_8);
        Path report = directory.resolve("served").resolve(name + ".lint.txt");
        Process spectral = new ProcessBuilder(List.of("npm", "run", "--silent", "lint", "--", file.toString()))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(report.toFile())
                .start();
        boolean finished = spectral.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            spectral.destroyForcibly();
        }
        assertThat(finished).as("Spectral finished within 3 minutes").isTrue();
        assertThat(spectral.exitValue()).as("Spectral on %s:%n%s", file, Files.readString(report)).isZero();
    }
}
