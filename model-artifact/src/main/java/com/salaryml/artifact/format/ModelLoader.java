package com.salaryml.artifact.format;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.signing.ModelSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads a {@link Predictor} from a model file ({@code .json}), a model JAR ({@code .jar}) or the classpath.
 *
 * <p>Loading parses data and runs no code from the file. Every field is validated; any problem is a
 * {@link ModelLoadException} that names the file and the problem, and no half-loaded model is returned.
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    /**
     * Loads a model file or a model JAR. Which one it is follows from the content, not the name.
     *
     * @throws ModelLoadException if the file is missing, unreadable, too large or not a valid model
     */
    public static Predictor load(Path path) throws ModelLoadException {
        return reading(path, (source, zip) -> zip ? ModelJar.read(path)
                : ModelFormat.read(readModelFile(path, source), source));
    }

    /**
     * Loads a model file or a model JAR with what its approval is checked against: the model file's SHA-256 and
     * name, and its signature (for a model file, the file beside it named with {@value ModelSignature#SUFFIX}
     * added; for a model JAR, its {@value ModelJar#SIGNATURE_ENTRY} entry and its JAR signature). Each is read
     * once, so the signature is checked against the bytes that are served.
     *
     * @throws ModelLoadException if the model cannot be loaded, as {@link #load(Path)}
     */
    public static LoadedModel loadWithSignature(Path path) throws ModelLoadException {
        return reading(path, (source, zip) -> {
            if (zip) {
                ModelJar.Entries entries = ModelJar.readEntries(path);
                return new LoadedModel(entries.model(), entries.fileName(), ModelJar.sha256(entries.modelFile()),
                        entries.signature(), source + "!/" + ModelJar.SIGNATURE_ENTRY, entries.modelSigners(), true);
            }
            byte[] bytes = readModelFile(path, source);
            Model model = ModelFormat.read(bytes, source);
            Path signaturePath = path.resolveSibling(path.getFileName() + ModelSignature.SUFFIX);
            byte[] signature = null;
            // A signature that is a symbolic link is not read: it could point anywhere, and its text reaches logs.
            if (Files.isRegularFile(signaturePath, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (InputStream in = Files.newInputStream(signaturePath)) {
                    // One byte past the limit is enough to refuse it as too large, with the signature's reason.
                    signature = in.readNBytes(ModelSignature.MAX_BYTES + 1);
                }
            }
            return new LoadedModel(model, path.getFileName().toString(), ModelJar.sha256(bytes), signature,
                    signaturePath.toString(), java.util.List.of(), false);
        });
    }

    /** How one loader reads a checked path: {@code zip} says whether it holds a model JAR. */
    private interface Read<T> {
        T from(String source, boolean zip) throws IOException, ModelLoadException;
    }

    /** What every load does alike: the size check, the JAR-or-file decision, and the messages of a failed read. */
    private static <T> T reading(Path path, Read<T> read) throws ModelLoadException {
        Objects.requireNonNull(path, "path");
        String source = path.toString();
        try {
            checkIsAModelSizedFile(path, source);
            return read.from(source, isZip(path));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(source, "no such file", e);
        } catch (IOException e) {
            throw new ModelLoadException(source, "cannot be read: " + e, e);
        }
    }

    private static byte[] readModelFile(Path path, String source) throws IOException, ModelLoadException {
        try (InputStream in = Files.newInputStream(path)) {
            return Bytes.readAtMost(in, ModelFormat.MAX_BYTES, source);
        }
    }

    /**
     * Loads the model of a model JAR on the classpath: the entries {@value ModelJar#MODEL_ENTRY} and
     * {@value ModelJar#PROPERTIES_ENTRY}, with the digest checked.
     *
     * @throws ModelLoadException if there is no model on the classpath, or it is not valid
     */
    public static Predictor loadFromClasspath(ClassLoader classLoader) throws ModelLoadException {
        String source = "classpath:" + ModelJar.MODEL_ENTRY;
        URL model = classLoader.getResource(ModelJar.MODEL_ENTRY);
        if (model == null) {
            throw new ModelLoadException(source, "not found; put a model JAR on the classpath or name a model file");
        }
        // Read the properties beside this very model file, not whichever copy the classpath finds first.
        String modelUrl = model.toExternalForm();
        String propertiesUrl = modelUrl.substring(0, modelUrl.length() - ModelJar.MODEL_ENTRY.length())
                + ModelJar.PROPERTIES_ENTRY;
        try {
            byte[] modelBytes = read(model, ModelFormat.MAX_BYTES, modelUrl);
            byte[] properties = read(new URL(propertiesUrl), 16 * 1024, propertiesUrl);
            return ModelJar.verified(modelBytes, properties, modelUrl, modelUrl);
        } catch (IOException e) {
            throw new ModelLoadException(modelUrl, "cannot be read: " + e, e);
        }
    }

    private static byte[] read(URL url, int maxBytes, String source) throws IOException, ModelLoadException {
        var connection = url.openConnection();
        // A cached JarFile would keep serving the old bytes after a redeploy replaced the JAR.
        connection.setUseCaches(false);
        try (InputStream in = connection.getInputStream()) {
            return Bytes.readAtMost(in, maxBytes, source);
        }
    }

    private static void checkIsAModelSizedFile(Path path, String source) throws IOException, ModelLoadException {
        if (Files.isDirectory(path)) {
            throw new ModelLoadException(source, "is a directory; expected a model file (.json) or a model JAR (.jar)");
        }
        long size = Files.size(path);
        if (size > ModelJar.MAX_JAR_BYTES) {
            throw new ModelLoadException(source, "is " + size + " bytes; a model may be at most "
                    + ModelJar.MAX_JAR_BYTES + " bytes");
        }
    }

    private static boolean isZip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }
}
