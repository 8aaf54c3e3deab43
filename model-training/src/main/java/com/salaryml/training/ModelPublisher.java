package com.salaryml.training;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.metadata.Provenance;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Writes a model as {@code <name>-model-<version>.json} and {@code .jar}, and its review report as
 * {@code .html}, into an output folder.
 *
 * <p>A version is immutable once written: publishing a different model under a version that already exists
 * fails unless the caller explicitly asks to overwrite. "Different" means different parameters, metrics or
 * data; a retrain that differs only in provenance (a later commit, say) keeps the file already published.
 * Each file is written under a temporary name and then renamed, so a reader never sees half a file.
 */
public final class ModelPublisher {

    /**
     * What was written.
     *
     * @param modelFile the model file, {@code <model>-model-<version>.json}
     * @param jarFile   the model JAR beside it
     * @param unchanged whether the same model was already there, so nothing was written
     * @param replaced  whether a different model was replaced, as {@code --overwrite} allows
     */
    public record Published(Path modelFile, Path jarFile, boolean unchanged, boolean replaced) {
    }

    /** Stamped on JAR entries when the model has no training time: the earliest a ZIP can record, in UTC. */
    private static final LocalDateTime DEFAULT_ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    private ModelPublisher() {
    }

    /**
     * The time stamped on a model JAR's entries: when the model was trained, so that the JAR is as reproducible as
     * the model file ({@link TrainingTime}); never before the ZIP epoch of 1980.
     *
     * @param provenance the model's provenance
     * @return its {@code trained_at} in UTC, or 1980-02-01 if it has none or an earlier one
     */
    public static LocalDateTime entryTime(Provenance provenance) {
        LocalDateTime time = provenance.trainedAt() == null ? null
                : LocalDateTime.ofInstant(Instant.parse(provenance.trainedAt()), ZoneOffset.UTC);
        // ZIP's own time field starts in 1980; earlier times add an extra field whose bytes depend on the time zone.
        return time == null || time.isBefore(DEFAULT_ENTRY_TIME) ? DEFAULT_ENTRY_TIME : time;
    }

    static String baseName(Model model) {
        return model.metadata().name() + "-model-" + model.metadata().version();
    }

    static Path reportPath(Model model, Path outDir) {
        return outDir.resolve(baseName(model) + ".html");
    }

    /** Fails, before anything is written, if the version already holds a different model. */
    static void checkVersionFree(Model model, Path outDir, boolean overwrite) throws PublishException {
        if (overwrite) {
            return;
        }
        // The JAR is what gets deployed: a JAR left without its .json still occupies the version.
        for (String extension : new String[] {".json", ".jar"}) {
            Path path = outDir.resolve(baseName(model) + extension);
            Model published = !Files.exists(path) ? null
                    : extension.equals(".json") ? existing(path) : existingJar(path);
            if (Files.exists(path) && !sameModel(published, model)) {
                throw new PublishException(path + " already holds a different model for version "
                        + model.metadata().version() + ". A published version never changes: train with a new"
                        + " --version (for example " + nextVersion(model.metadata().version()) + "), or pass"
                        + " --overwrite if you really mean to replace it.");
            }
        }
    }

    /**
     * Writes the model file and the model JAR into {@code outDir}, each under a temporary name first.
     *
     * @param model     the model, past the approval gate
     * @param outDir    the output folder, made if missing
     * @param overwrite whether a different model may replace one published under the same version
     * @param entryTime the time stamped on the new JAR's entries, so the same model gives the same bytes: its
     *                  {@link #entryTime(Provenance)}. A JAR rewritten beside a model file that is kept gets that
     *                  model's own, so that it is the JAR first published with it
     * @return what was written
     * @throws PublishException if the version holds a different model, or a file cannot be written
     */
    public static Published publish(Model model, Path outDir, boolean overwrite, LocalDateTime entryTime)
            throws PublishException {
        checkVersionFree(model, outDir, overwrite);
        byte[] json;
        try {
            json = ModelFormat.write(model);
        } catch (IllegalArgumentException e) {
            // Too large to be a model file: only a tree ensemble can be, and its settings decide.
            String prefix = Algorithm.parse(model.metadata().algorithm()).settingsPrefix();
            throw new PublishException("the model is too large to publish: " + e.getMessage() + " Lower "
                    + prefix + "trees or " + prefix + "max_nodes in " + TrainingOptions.CONFIG_FILE + ".", e);
        }
        checkRoundTrip(model, json);
        String base = baseName(model);
        Path jsonPath = outDir.resolve(base + ".json");
        Path jarPath = outDir.resolve(base + ".jar");
        try {
            Files.createDirectories(outDir);
            Model published = Files.exists(jsonPath) ? existing(jsonPath) : null;
            // --overwrite asks for exactly these bytes; otherwise a model differing only in provenance is kept.
            boolean keep = overwrite ? Arrays.equals(Files.exists(jsonPath) ? Files.readAllBytes(jsonPath) : null, json)
                    : sameModel(published, model);
            if (published != null && keep) {
                // Keep the published bytes; make sure the JAR beside them holds exactly those, stamped with their
                // training time, not this retraining's.
                byte[] publishedJson = Files.readAllBytes(jsonPath);
                byte[] jar = ModelJar.write(publishedJson, published, base + ".json",
                        entryTime(published.metadata().provenance()));
                if (!sameContent(jarPath, jar)) {
                    writeAtomically(jarPath, jar);
                }
                return new Published(jsonPath, jarPath, true, false);
            }
            byte[] jar = ModelJar.write(json, model, base + ".json", entryTime);
            boolean replaced = published != null || Files.exists(jarPath);
            writeAtomically(jarPath, jar);
            writeAtomically(jsonPath, json);
            return new Published(jsonPath, jarPath, false, replaced);
        } catch (IOException e) {
            throw new PublishException("cannot write the model to " + outDir + ": " + e, e);
        }
    }

    static Path writeReport(Model model, byte[] html, Path outDir) throws PublishException {
        Path path = reportPath(model, outDir);
        try {
            Files.createDirectories(outDir);
            writeAtomically(path, html);
            return path;
        } catch (IOException e) {
            throw new PublishException("cannot write the review report to " + outDir + ": " + e, e);
        }
    }

    /** The same model in every respect a prediction or a reviewer depends on; provenance aside. */
    static boolean sameModel(Model a, Model b) {
        if (a == null || b == null) {
            return false;
        }
        return a.equals(b.withMetadata(b.metadata().withProvenance(a.metadata().provenance())));
    }

    /** The model already published at {@code path}, or null if the file there is not a readable model. */
    private static Model existing(Path path) {
        try {
            return ModelFormat.read(Files.readAllBytes(path), path.toString());
        } catch (IOException | ModelLoadException e) {
            return null;
        }
    }

    /** The model in the model JAR at {@code path}, or null if it is not a readable model JAR. */
    private static Model existingJar(Path path) {
        try {
            return ModelLoader.load(path) instanceof Model model ? model : null;
        } catch (ModelLoadException e) {
            return null;
        }
    }

    private static void checkRoundTrip(Model model, byte[] json) throws PublishException {
        try {
            if (!ModelFormat.read(json, "the new model file").equals(model)) {
                throw new PublishException("the model file would not read back as the model trained");
            }
        } catch (ModelLoadException e) {
            throw new PublishException("the new model file does not pass validation: " + e.getMessage(), e);
        }
    }

    private static boolean sameContent(Path path, byte[] content) throws IOException {
        return Files.isRegularFile(path) && Files.size(path) == content.length
                && Arrays.equals(Files.readAllBytes(path), content);
    }

    /** Writes a temporary file beside the target and renames it into place: readers see the old file or the new. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static String nextVersion(String version) {
        var match = Pattern.compile("(.*?)(\\d+)$").matcher(version);
        if (match.matches()) {
            return match.group(1) + new BigInteger(match.group(2)).add(BigInteger.ONE);
        }
        return version + ".1";
    }
}
