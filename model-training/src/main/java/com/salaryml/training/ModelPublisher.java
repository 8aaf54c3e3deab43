package com.salaryml.training;

import com.salaryml.artifact.LinearModel;
import com.salaryml.artifact.ModelFormat;
import com.salaryml.artifact.ModelJar;
import com.salaryml.artifact.ModelLoadException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * Writes a model as {@code <name>-model-<version>.json} and {@code .jar} into an output folder.
 *
 * <p>A version is immutable once written: publishing a different model under a version that already exists
 * fails unless the caller explicitly asks to overwrite. Each file is written under a temporary name and then
 * renamed, so a reader never sees half a file.
 */
final class ModelPublisher {

    /** What was written. {@code unchanged} means the same model was already there, byte for byte. */
    record Published(Path modelFile, Path jarFile, boolean unchanged, boolean replaced) {
    }

    private ModelPublisher() {
    }

    static String baseName(LinearModel model) {
        return model.metadata().name() + "-model-" + model.metadata().version();
    }

    static Published publish(LinearModel model, Path outDir, boolean overwrite, LocalDateTime entryTime)
            throws PublishException {
        byte[] json = ModelFormat.write(model);
        checkRoundTrip(model, json);
        String base = baseName(model);
        byte[] jar = ModelJar.write(json, model, base + ".json", entryTime);
        Path jsonPath = outDir.resolve(base + ".json");
        Path jarPath = outDir.resolve(base + ".jar");
        try {
            Files.createDirectories(outDir);
            boolean sameJson = sameContent(jsonPath, json);
            boolean sameJar = sameContent(jarPath, jar);
            if (sameJson && sameJar) {
                return new Published(jsonPath, jarPath, true, false);
            }
            boolean exists = Files.exists(jsonPath) || Files.exists(jarPath);
            if (exists && !sameJson && !overwrite) {
                throw new PublishException(jsonPath + " already holds a different model for version "
                        + model.metadata().version() + ". A published version never changes: train with a new"
                        + " --version (for example " + nextVersion(model.metadata().version()) + "), or pass"
                        + " --overwrite if you really mean to replace it.");
            }
            writeAtomically(jarPath, jar);
            writeAtomically(jsonPath, json);
            return new Published(jsonPath, jarPath, false, exists);
        } catch (IOException e) {
            throw new PublishException("cannot write the model to " + outDir + ": " + e, e);
        }
    }

    private static void checkRoundTrip(LinearModel model, byte[] json) throws PublishException {
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

    private static void writeAtomically(Path target, byte[] content) throws IOException {
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
        var match = java.util.regex.Pattern.compile("(.*?)(\\d+)$").matcher(version);
        if (match.matches()) {
            return match.group(1) + new java.math.BigInteger(match.group(2)).add(java.math.BigInteger.ONE);
        }
        return version + ".1";
    }
}
