package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.metadata.Provenance;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Assumptions;
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

    /** What a spark-submit run printed, and how it ended. */
    private record Submitted(int exitValue, String out, List<String> err) {
    }

    /**
     * spark-submit in client mode, without the script: the JVM its launcher starts for the driver, with the options
     * Spark's launcher gives every driver (JavaModuleOptions) and the driver's memory, running SparkSubmit on the
     * application JAR, in {@code directory}, with the build's environment less Spark's settings (as a shell without
     * them starts it) and with {@code environment} added.
     */
    private Submitted sparkSubmit(Path directory, Map<String, String> environment, String... trainerArgs)
            throws Exception {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        command.addAll(List.of("-Xmx1g", "-cp", Files.readString(property("salary.spark.classpath")).strip(),
                "org.apache.spark.deploy.SparkSubmit", "--class", SparkTrainCommand.class.getName(),
                "--master", "local[2]", property("salary.spark.app-jar").toString()));
        command.addAll(List.of(trainerArgs));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        var builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SPARK_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished within three minutes").isTrue();
        return new Submitted(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readAllLines(stderr, StandardCharsets.UTF_8));
    }

    /**
     * Started from the project's folder with a relative --data, as a data engineer would. The model records when it
     * was trained: during the run, or SOURCE_DATE_EPOCH's time if the build sets it.
     */
    @Test
    void sparkSubmitPrintsTheTrainersLinesAndSparksWarningsOnlyAndRecordsWhereTheDataIs() throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Submitted run = sparkSubmit(project, Map.of(), "--data", "data/hiring.csv", "--out", dir.toString(),
                "--version", "5.0.0");
        Instant ended = Instant.now();
        List<String> err = run.err();

        assertThat(run.exitValue()).as(run.out() + String.join("\n", err)).isEqualTo(0);
        assertThat(run.out()).contains("$52,062.76", "Wrote " + dir.resolve("salary-model-5.0.0.jar"));
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
                "git_commit", String.valueOf(provenance.gitCommit()),
                "trained_at", String.valueOf(provenance.trainedAt()))).doesNotContainValue("null");
        Instant trainedAt = Instant.parse(provenance.trainedAt());
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch == null || epoch.isBlank()) {
            assertThat(trainedAt).as("trained_at, to the second").isBetween(started, ended);
        } else {
            assertThat(trainedAt).as("trained_at, from SOURCE_DATE_EPOCH").isEqualTo(
                    Instant.ofEpochSecond(Long.parseLong(epoch.strip())));
        }
    }

    /**
     * On a cluster's edge node the JAR is run where no checkout is: the model then names the commit the JAR was built
     * from, which the build wrote into it (model-training's record-build-commit profile).
     */
    @Test
    void outsideAnyCheckoutTheModelNamesTheCommitTheJarWasBuiltFrom() throws Exception {
        String built;
        try (var jar = new ZipFile(property("salary.spark.app-jar").toFile())) {
            ZipEntry entry = jar.getEntry("com/salaryml/training/build-commit");
            Assumptions.assumeTrue(entry != null, "the JAR was not built from a git checkout");
            built = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Process git = new ProcessBuilder("git", "-C", elsewhere.toString(), "rev-parse", "--git-dir")
                .redirectErrorStream(true).start();
        git.getInputStream().readAllBytes();
        assertThat(git.waitFor()).as("git in " + elsewhere + ": not inside a checkout").isNotZero();
        Path data = Path.of("../data/hiring.csv").toAbsolutePath().normalize();

        // SOURCE_DATE_EPOCH set, as a reproducible build sets it: the model says that time, not the clock's.
        Submitted run = sparkSubmit(elsewhere, Map.of("SOURCE_DATE_EPOCH", "1764547200"), "--data", data.toString(),
                "--out", dir.resolve("models").toString(), "--version", "5.0.0");

        assertThat(run.exitValue()).as(run.out() + String.join("\n", run.err())).isEqualTo(0);
        Provenance provenance = ((Model) ModelLoader.load(dir.resolve("models/salary-model-5.0.0.jar"))).metadata()
                .provenance();
        assertThat(provenance.gitCommit()).isEqualTo(built).matches("[0-9a-f]{40}(-dirty)?");
        assertThat(provenance.trainedAt()).isEqualTo("2025-12-01T00:00:00Z");
    }
}
