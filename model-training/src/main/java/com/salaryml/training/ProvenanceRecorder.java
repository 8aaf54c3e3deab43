package com.salaryml.training;

import com.salaryml.artifact.metadata.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Collects how a model is being made: software versions, the git commit, the options and the training time. */
public final class ProvenanceRecorder {

    private ProvenanceRecorder() {
    }

    /**
     * How a model is being made, now.
     *
     * @param home      the project folder, whose git commit is recorded if it has one; else the commit this code
     *                  was built from, if the build recorded one
     * @param options   the options as recorded, by name ({@link TrainingOptions#recorded()})
     * @param trainedAt when the model is trained, in UTC ({@link TrainingTime}); {@code null} for not recorded
     * @return the provenance, with this module's and Smile's versions and the JVM's
     */
    public static Provenance record(Path home, Map<String, String> options, LocalDateTime trainedAt) {
        String instant = trainedAt == null ? null : trainedAt.toInstant(ZoneOffset.UTC).toString();
        String commit = gitCommit(home);
        return new Provenance(instant, projectVersion(), smileVersion(), System.getProperty("java.version"),
                commit != null ? commit : buildCommit(), options);
    }

    private static String projectVersion() {
        return buildProperty("project.version");
    }

    private static String smileVersion() {
        return buildProperty("smile.version");
    }

    /** A version the build wrote into build.properties: what this code was compiled and packaged with. */
    private static String buildProperty(String key) {
        var properties = new Properties();
        try (InputStream in = ProvenanceRecorder.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String value = properties.getProperty(key);
        return value == null || value.startsWith("${") ? "unknown" : value;
    }

    /**
     * The commit this code was built from, with "-dirty" if the build's checkout had uncommitted changes, as the
     * build wrote it into the JAR (model-training/pom.xml); null if it was built outside git. Inside a checkout, the
     * checkout's commit comes first: the classes may not have been rebuilt since its last commit, and only the
     * checkout can say whether the data and settings beside it have changed.
     */
    static String buildCommit() {
        try (InputStream in = ProvenanceRecorder.class.getResourceAsStream("build-commit")) {
            return in == null ? null : commitOrNull(new String(in.readNBytes(1024), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return null;
        }
    }

    /** A commit as git names it in full, with "-dirty" or without; anything else is none. */
    static String commitOrNull(String text) {
        return text.matches("[0-9a-f]{40}(-dirty)?") ? text : null;
    }

    /** The commit of the checkout at {@code home}, with "-dirty" if it has uncommitted changes; null outside git. */
    static String gitCommit(Path home) {
        String commit = git(home, "rev-parse", "HEAD");
        if (commit == null || !commit.matches("[0-9a-f]{40}")) {
            return null;
        }
        String status = git(home, "status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? commit : commit + "-dirty";
    }

    private static String git(Path home, String... args) {
        var command = new java.util.ArrayList<String>();
        command.add("git");
        command.add("-C");
        command.add(home.toAbsolutePath().toString());
        command.addAll(java.util.List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] output = process.getInputStream().readNBytes(64 * 1024);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
