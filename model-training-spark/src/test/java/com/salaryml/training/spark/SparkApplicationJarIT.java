package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application JAR this module builds, run the way spark-submit runs it on a cluster: in a JVM of its own, with
 * Spark's JARs beside it and the JAR's own classes for everything else.
 */
class SparkApplicationJarIT {

    @TempDir
    Path dir;

    private static Path property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property " + name + ", set by the module's failsafe configuration").isNotNull();
        return Path.of(value);
    }

    @Test
    void holdsTheTrainerButNotSparkAndKeepsItsJacksonApart() throws Exception {
        List<String> names = new ArrayList<>();
        try (var jar = new ZipFile(property("salary.spark.app-jar").toFile())) {
            for (ZipEntry entry : Collections.list(jar.entries())) {
                names.add(entry.getName());
            }
        }
        assertThat(names)
                .contains("com/salaryml/training/spark/SparkTrainCommand.class", "com/salaryml/artifact/format/ModelFormat.class")
                .anyMatch(name -> name.startsWith("com/salaryml/shaded/jackson/databind/"))
                .noneMatch(name -> name.startsWith("org/apache/spark/") || name.startsWith("scala/")
                        || name.startsWith("org/apache/hadoop/") || name.startsWith("com/fasterxml/jackson/")
                        || name.contains("bytedeco"));
    }

    @Test
    void trainsTheReferenceModelAsSparkSubmitWouldRunIt() throws Exception {
        String sparkClasspath = Files.readString(property("salary.spark.classpath")).strip();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("salary.spark.jvm-options").split(" ")));
        command.addAll(List.of("-Xmx1g", "-cp", property("salary.spark.app-jar") + File.pathSeparator + sparkClasspath,
                SparkTrainCommand.class.getName(), "--master", "local[2]", "--data",
                Path.of("../data/hiring.csv").toAbsolutePath().toString(), "--config",
                Path.of("../training.properties").toAbsolutePath().toString(), "--out", dir.toString(),
                "--version", "5.0.0"));
        Path log = dir.resolve("log.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished within three minutes").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isEqualTo(0);
        assertThat(output).contains("$52,062.76", "Wrote " + dir.resolve("salary-model-5.0.0.jar"))
                .doesNotContain("Exception");
        Model trained = (Model) ModelLoader.load(dir.resolve("salary-model-5.0.0.jar"));
        Model built = (Model) ModelLoader.load(property("salary.spark.model"));
        assertThat(trained.kind()).isEqualTo(built.kind());
        assertThat(trained.interval()).isEqualTo(built.interval());
        assertThat(trained.metadata().metrics()).isEqualTo(built.metadata().metrics());
    }
}
