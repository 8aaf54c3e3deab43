package com.salaryml.artifact.format;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.signing.Digests;
import com.salaryml.artifact.signing.ModelSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
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
 * salaryml/model.json.sig    the approver's signature of the model file, once signed
 * </pre>
 *
 * <p>The JAR holds no classes. Loading it reads those entries and nothing else. A signed model JAR also carries
 * a standard JAR signature by the same approver ({@code META-INF/*.SF} and its signature block), which
 * {@code jarsigner -verify} checks and the loader checks too.
 */
public final class ModelJar {

    /** Where the model file sits inside the JAR and on a classpath. */
    public static final String MODEL_ENTRY = "salaryml/model.json";

    /** Where the model's name, version and digest sit inside the JAR and on a classpath. */
    public static final String PROPERTIES_ENTRY = "salaryml/model.properties";

    /** Where the approver's signature of the model file sits inside a signed model JAR. */
    public static final String SIGNATURE_ENTRY = MODEL_ENTRY + ModelSignature.SUFFIX;

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
        return write(modelFile, model, fileName, entryTime, null);
    }

    /**
     * Packages a model file and its signature as a model JAR, ready for a JAR signature by the same approver.
     *
     * @param signature the signature file's bytes ({@link ModelSignature#sign}), or null for an unsigned JAR
     */
    public static byte[] write(byte[] modelFile, Model model, String fileName, LocalDateTime entryTime,
                               byte[] signature) {
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
            if (signature != null) {
                add(jar, SIGNATURE_ENTRY, signature, entryTime);
            }
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
        return readEntries(jar).model();
    }

    /**
     * What a model JAR on disk holds: the model (digest, name and version checked), the model file's bytes and
     * name, its signature entry if any, and the certificates whose JAR signature covers the model file.
     *
     * @param signature       the {@value #SIGNATURE_ENTRY} entry's bytes (up to one byte more than
     *                        {@link ModelSignature#MAX_BYTES}, so an oversized one is seen), or null
     * @param modelSigners    the signing certificates (the first of each signer's chain) of a JAR signature
     *                        that covers the model file; empty when the JAR has none
     */
    record Entries(Model model, byte[] modelFile, String fileName, byte[] signature,
                   java.util.List<java.security.cert.X509Certificate> modelSigners) {
    }

    static Entries readEntries(Path jar) throws ModelLoadException {
        String source = jar.toString();
        // A JarFile opened for verification checks each entry against the JAR signature as it is read, and
        // throws a SecurityException for an entry changed after signing.
        try (var zip = new java.util.jar.JarFile(jar.toFile(), true)) {
            checkEntryNames(zip, source);
            byte[] model = entry(zip, MODEL_ENTRY, ModelFormat.MAX_BYTES, source);
            byte[] properties = entry(zip, PROPERTIES_ENTRY, MAX_PROPERTIES_BYTES, source);
            byte[] signature = null;
            ZipEntry signatureEntry = zip.getEntry(SIGNATURE_ENTRY);
            if (signatureEntry != null) {
                try (InputStream in = zip.getInputStream(signatureEntry)) {
                    // One byte past the limit is enough to refuse it as too large, with the signature's reason.
                    signature = in.readNBytes(ModelSignature.MAX_BYTES + 1);
                }
            }
            var signers = new java.util.ArrayList<java.security.cert.X509Certificate>();
            var signed = zip.getJarEntry(MODEL_ENTRY).getCodeSigners();
            if (signed != null) {
                for (java.security.CodeSigner signer : signed) {
                    if (signer.getSignerCertPath().getCertificates().get(0)
                            instanceof java.security.cert.X509Certificate certificate) {
                        signers.add(certificate);
                    }
                }
            }
            Model read = verified(model, properties, source + "!/" + MODEL_ENTRY, source);
            String fileName = fileName(properties);
            return new Entries(read, model, fileName, signature, java.util.List.copyOf(signers));
        } catch (SecurityException e) {
            throw new ModelLoadException(source, "its JAR signature does not match its content: " + e.getMessage()
                    + "; the JAR was altered after it was signed", e);
        } catch (IOException e) {
            throw new ModelLoadException(source, "is not a readable model JAR: " + e.getMessage(), e);
        }
    }

    /** The model file's name that the properties record, or the entry's own name if they record none. */
    private static String fileName(byte[] propertiesBytes) throws IOException {
        var properties = new Properties();
        properties.load(new StringReader(new String(propertiesBytes, StandardCharsets.ISO_8859_1)));
        String name = properties.getProperty("file");
        return name == null || name.isBlank() ? "model.json" : name.trim();
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
        return Digests.sha256(bytes);
    }
}
