package com.salaryml.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The model JAR: a model file packaged so that it can sit on a classpath, with a small properties file
 * that names the model and holds the SHA-256 of the model file.
 *
 * <pre>
 * META-INF/MANIFEST.MF
 * salaryml/model.json        the model file, byte for byte
 * salaryml/model.properties  name, version, format, format_version, file, sha256
 * </pre>
 *
 * <p>The JAR holds no classes. Loading it reads those two entries and nothing else.
 */
public final class ModelJar {

    /** Where the model file sits inside the JAR and on a classpath. */
    public static final String MODEL_ENTRY = "salaryml/model.json";

    /** Where the model's name, version and digest sit inside the JAR and on a classpath. */
    public static final String PROPERTIES_ENTRY = "salaryml/model.properties";

    /** Model JARs larger than this are refused before they are opened. */
    public static final long MAX_JAR_BYTES = 16L * 1024 * 1024;

    private static final int MAX_PROPERTIES_BYTES = 16 * 1024;

    private ModelJar() {
    }

    /**
     * Packages a model file as a model JAR. The output depends only on the arguments.
     *
     * @param modelFile the model file's bytes, as written by {@link ModelFormat#write}
     * @param model     the model those bytes hold
     * @param fileName  the model file's name, recorded in the properties
     * @param entryTime the time stamped on every entry, for reproducible builds
     */
    public static byte[] write(byte[] modelFile, Model model, String fileName, LocalDateTime entryTime) {
        var manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Created-By", "salaryml model-training");
        main.putValue("Salary-Model-Name", model.metadata().name());
        main.putValue("Salary-Model-Version", model.metadata().version());
        main.putValue("Salary-Model-Entry", MODEL_ENTRY);

        var out = new ByteArrayOutputStream();
        try (var jar = new JarOutputStream(out)) {
            add(jar, "META-INF/", null, entryTime);
            var manifestBytes = new ByteArrayOutputStream();
            manifest.write(manifestBytes);
            add(jar, "META-INF/MANIFEST.MF", manifestBytes.toByteArray(), entryTime);
            add(jar, "salaryml/", null, entryTime);
            add(jar, MODEL_ENTRY, modelFile, entryTime);
            add(jar, PROPERTIES_ENTRY, properties(modelFile, model, fileName), entryTime);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void add(JarOutputStream jar, String name, byte[] content, LocalDateTime time)
            throws IOException {
        var entry = new ZipEntry(name);
        // Local time, not an instant: the bytes must not depend on the machine's time zone.
        entry.setTimeLocal(time);
        jar.putNextEntry(entry);
        if (content != null) {
            jar.write(content);
        }
        jar.closeEntry();
    }

    private static byte[] properties(byte[] modelFile, Model model, String fileName) {
        // Written by hand: Properties.store would add the current date and make the JAR unreproducible.
        String text = "# The model file in this JAR and its SHA-256; the loader checks the digest.\n"
                + "name=" + model.metadata().name() + "\n"
                + "version=" + model.metadata().version() + "\n"
                + "format=" + ModelFormat.FORMAT + "\n"
                + "format_version=" + ModelFormat.versionOf(modelFile) + "\n"
                + "file=" + fileName + "\n"
                + "sha256=" + sha256(modelFile) + "\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads the model from a model JAR on disk, checking its digest, name and version. */
    static Model read(Path jar) throws ModelLoadException {
        String source = jar.toString();
        try (var zip = new ZipFile(jar.toFile())) {
            checkEntryNames(zip, source);
            byte[] model = entry(zip, MODEL_ENTRY, ModelFormat.MAX_BYTES, source);
            byte[] properties = entry(zip, PROPERTIES_ENTRY, MAX_PROPERTIES_BYTES, source);
            return verified(model, properties, source + "!/" + MODEL_ENTRY, source);
        } catch (IOException e) {
            throw new ModelLoadException(source, "is not a readable model JAR: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a JAR whose entry names climb out of it or name one entry twice. The loader extracts nothing,
     * so such names do no harm here; but no tool writes them into a model JAR, so they mean it was crafted or
     * damaged, and a copy of the JAR unpacked by another tool could write outside its directory. A name given
     * twice would let two readers see two different models.
     */
    private static void checkEntryNames(ZipFile zip, String source) throws ModelLoadException {
        var seen = new java.util.HashSet<String>();
        for (var entries = zip.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            String slashed = name.replace('\\', '/');
            boolean climbs = slashed.startsWith("/") || slashed.equals("..") || slashed.startsWith("../")
                    || slashed.contains("/../") || slashed.endsWith("/..") || slashed.contains(":");
            if (climbs) {
                throw new ModelLoadException(source, "is not a model JAR: entry '" + name
                        + "' has a path outside the JAR; a model JAR holds only " + MODEL_ENTRY + " and "
                        + PROPERTIES_ENTRY + " beside its manifest");
            }
            if (!seen.add(name)) {
                throw new ModelLoadException(source, "is not a model JAR: entry '" + name
                        + "' appears more than once");
            }
        }
    }

    /** Reads a model from the two entries of a model JAR, wherever they came from. */
    static Model verified(byte[] model, byte[] propertiesBytes, String modelSource, String jarSource)
            throws ModelLoadException {
        var properties = new Properties();
        try {
            properties.load(new StringReader(new String(propertiesBytes, StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException(jarSource, PROPERTIES_ENTRY + " is not a properties file: " + e.getMessage());
        }
        String expected = properties.getProperty("sha256");
        if (expected == null) {
            throw new ModelLoadException(jarSource, PROPERTIES_ENTRY + " has no sha256");
        }
        String actual = sha256(model);
        if (!actual.equals(expected.trim())) {
            throw new ModelLoadException(jarSource, "digest mismatch: " + MODEL_ENTRY + " has SHA-256 " + actual
                    + " but " + PROPERTIES_ENTRY + " says " + expected.trim()
                    + "; the JAR was altered or damaged after it was written");
        }
        Model read = ModelFormat.read(model, modelSource);
        checkSame(jarSource, "name", properties.getProperty("name"), read.metadata().name());
        checkSame(jarSource, "version", properties.getProperty("version"), read.metadata().version());
        return read;
    }

    private static void checkSame(String source, String key, String declared, String actual)
            throws ModelLoadException {
        if (declared == null || !declared.trim().equals(actual)) {
            throw new ModelLoadException(source, PROPERTIES_ENTRY + " says " + key + " is " + declared
                    + " but the model file says " + actual);
        }
    }

    private static byte[] entry(ZipFile zip, String name, int maxBytes, String source)
            throws IOException, ModelLoadException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new ModelLoadException(source, "is not a model JAR: it has no " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return Bytes.readAtMost(in, maxBytes, source + "!/" + name);
        }
    }

    /** The SHA-256 of {@code bytes}, as 64 lower-case hex digits. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
