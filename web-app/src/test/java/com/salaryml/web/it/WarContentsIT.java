package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The WAR is the web team's artifact: it must hold no Smile, no native BLAS and no training code. */
class WarContentsIT {

    @Test
    void warHoldsNoTrainingCodeNoSmileAndNoSpark() throws IOException {
        List<String> everything = new ArrayList<>();
        try (var war = new ZipFile(Container.builtWar().toFile())) {
            for (ZipEntry entry : java.util.Collections.list(war.entries())) {
                everything.add(entry.getName());
                if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
                    try (InputStream in = war.getInputStream(entry); var jar = new ZipInputStream(in)) {
                        for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                            everything.add(entry.getName() + "!/" + inner.getName());
                        }
                    }
                }
            }
        }
        assertThat(everything).isNotEmpty()
                .anyMatch(name -> name.endsWith("com/salaryml/web/page/PageServlet.class"))
                .anyMatch(name -> name.endsWith("com/salaryml/artifact/Predictor.class"))
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("smile"))
                .noneMatch(name -> name.contains("bytedeco") || name.contains("openblas"))
                .noneMatch(name -> name.contains("com/salaryml/training/"))
                // Spark trains models in model-training-spark; nothing of it, Scala or Hadoop serves them.
                .noneMatch(name -> name.contains("org/apache/spark/") || name.contains("spark-")
                        || name.startsWith("WEB-INF/lib/scala") || name.contains("scala/")
                        || name.contains("org/apache/hadoop/") || name.contains("hadoop-"))
                .noneMatch(name -> name.startsWith("WEB-INF/lib/jakarta.servlet-api"))
                // The OpenAPI parser and its many libraries are for the tests alone.
                .noneMatch(name -> name.contains("swagger") || name.startsWith("WEB-INF/lib/guava")
                        || name.startsWith("WEB-INF/lib/rhino"));
    }

    /**
     * Exactly the libraries docs/architecture.md says the WAR ships, by artifact name: the contract and its
     * Jackson, the Prometheus client and its own modules, the database's driver, pool and migrations with their
     * logging, and the default model. A new one must be named there.
     */
    @Test
    void warShipsTheLibrariesTheArchitectureDocNames() throws IOException {
        List<String> libraries = new ArrayList<>();
        try (var war = new ZipFile(Container.builtWar().toFile())) {
            war.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                    // model-training-1.0.0-model.jar is model-training-model; jackson-core-2.23.0.jar jackson-core.
                    .map(name -> name.substring("WEB-INF/lib/".length())
                            .replaceFirst("-\\d[^-]*(-model)?\\.jar$", "$1"))
                    .forEach(libraries::add);
        }
        assertThat(libraries).containsExactlyInAnyOrder(
                "model-artifact", "jackson-core", "jackson-databind", "jackson-annotations",
                "prometheus-metrics-core", "prometheus-metrics-exposition-textformats", "prometheus-metrics-model",
                "prometheus-metrics-config", "prometheus-metrics-tracer-common",
                "prometheus-metrics-tracer-initializer", "prometheus-metrics-tracer-otel",
                "prometheus-metrics-tracer-otel-agent",
                "postgresql", "HikariCP", "flyway-core", "flyway-database-postgresql",
                "flyway-database-cockroachdb", "slf4j-api", "slf4j-jdk14",
                "model-training-model");
    }

    @Test
    void warCarriesTheDefaultModelAsData() throws IOException {
        try (var war = new ZipFile(Container.builtWar().toFile())) {
            var modelJar = war.stream().filter(e -> e.getName().startsWith("WEB-INF/lib/")
                    && e.getName().endsWith("-model.jar")).findFirst();
            assertThat(modelJar).isPresent();
            List<String> names = new ArrayList<>();
            try (var jar = new ZipInputStream(war.getInputStream(modelJar.get()))) {
                for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                    names.add(inner.getName());
                }
            }
            assertThat(names).contains("salaryml/model.json", "salaryml/model.properties")
                    .noneMatch(name -> name.endsWith(".class"));
        }
        // The record in PostgreSQL brought its driver, pool and migrations; the WAR still stays under 10 MB.
        assertThat(Files.size(Container.builtWar())).isLessThan(10L * 1024 * 1024);
    }
}
