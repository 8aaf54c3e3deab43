package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.metadata.Provenance;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.spark.launcher.JavaModuleOptions;
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

    /**
     * spark-submit in client mode, without the script: the JVM its launcher starts for the driver, with the options
     * Spark's launcher gives every driver (JavaModuleOptions) and the driver's memory, running SparkSubmit on the
     * application JAR. Started from the project's folder with a relative --data, as a data engineer would.
     */
    @Test
    void sparkSubmitPrintsTheTrainersLinesAndSparksWarningsOnlyAndRecordsWhereTheDataIs() throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        command.addAll(List.of("-Xmx1g", "-cp", Files.readString(property("salary.spark.classpath")).strip(),
                "org.apache.spark.deploy.SparkSubmit", "--class", SparkTrainCommand.class.getName(),
                "--master", "local[2]", property("salary.spark.app-jar").toString(),
                "--data", "data/hiring.csv", "--out", dir.toString(), "--version", "5.0.0"));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        var builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // As a shell without Spark's settings starts it: none inherited from the build's environment.
        builder.environment().keySet().removeIf(name -> name.startsWith("SPARK_"));
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished within three minutes").isTrue();
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        List<String> err = Files.readAllLines(stderr, StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(out + String.join("\n", err)).isEqualTo(0);
        assertThat(out).contains("$52,062.76", "Wrote " + dir.resolve("salary-model-5.0.0.jar"));
        assertThat(err).as("the driver's stderr").hasSizeLessThan(100)
                .noneMatch(line -> line.contains(" INFO ") || line.contains("Exception"))
                .noneMatch(line -> line.contains("regParam is zero"));
        // spark-submit says so before the command starts; the command's configuration follows.
        assertThat(err).filteredOn(line -> line.contains("Using Spark's default log4j profile")).hasSizeLessThan(2);

        Provenance provenance = ((Model) ModelLoader.load(dir.resolve("salary-model-5.0.0.jar"))).metadata()
                .provenance();
        assertThat(provenance.options()).containsEntry("data",
                project.resolve("data/hiring.csv").toUri().toString());
        assertThat(Map.of("project_version", String.valueOf(provenance.projectVersion()),
                "java_version", String.valueOf(provenance.javaVersion()),
                "smile_version", String.valueOf(provenance.smileVersion()),
                "spark_version", String.valueOf(provenance.sparkVersion()),
                "git_commit", String.valueOf(provenance.gitCommit()))).doesNotContainValue("null");
    }
}
