package com.salaryml.artifact;

import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.signing.TrustedApprovers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/**
 * Approvers' keys for tests, made as a data scientist makes them: by running the JDK's {@code keytool} into
 * PKCS12 keystores. Shared by every module's tests through model-artifact's test JAR. Their certificates go into a trust file with {@code keytool -exportcert -rfc}, and models are
 * signed with model-artifact's {@link ModelSignature} and, as JARs, with the JDK's {@link JarSigner}.
 */
public final class Approvers {

    public static final String PASSWORD = "test-keystore-password";

    /** One approver: the keystore keytool wrote, and the private key and certificate read back from it. */
    public record Approver(String alias, Path keystore, PrivateKey key, X509Certificate certificate) {

        /** The certificate's subject, as the app names the approver. */
        public String subject() {
            return certificate.getSubjectX500Principal().getName();
        }
    }

    private Approvers() {
    }

    /** An Ed25519 key pair with a certificate valid from now for 90 days. */
    public static Approver ed25519(Path dir, String alias, String commonName) {
        return create(dir, alias, commonName, "-keyalg", "Ed25519", "-validity", "90");
    }

    /** An EC P-256 key pair with a certificate valid from now for 90 days. */
    public static Approver ec(Path dir, String alias, String commonName) {
        return create(dir, alias, commonName, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "90");
    }

    /** An Ed25519 key pair whose certificate was valid for one day, ten days ago. */
    public static Approver expired(Path dir, String alias, String commonName) {
        return create(dir, alias, commonName, "-keyalg", "Ed25519", "-startdate", "-10d", "-validity", "1");
    }

    /**
     * Four approvers for tests that need a few: Alice (Ed25519), Bob (EC P-256), Mallory (Ed25519, whom no test
     * trusts) and Lapsed (an expired certificate).
     */
    public record Team(Approver alice, Approver bob, Approver mallory, Approver lapsed) {
    }

    private static Team team;

    /**
     * The same {@link Team} for every test of this JVM: keytool takes about a second a key, and a key is made
     * afresh for each run. Its keystores are deleted when the JVM exits.
     */
    public static synchronized Team team() {
        if (team == null) {
            try {
                Path dir = Files.createTempDirectory("approvers");
                team = new Team(ed25519(dir, "alice", "Alice Example"), ec(dir, "bob", "Bob Example"),
                        ed25519(dir, "mallory", "Mallory Example"), expired(dir, "lapsed", "Lapsed Example"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return team;
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A temporary folder left behind harms nothing.
        }
    }

    /** The approvers' certificates as the trust a loader checks signatures against. */
    public static TrustedApprovers trust(Approver... approvers) {
        return TrustedApprovers.of(Arrays.stream(approvers).map(Approver::certificate).toList());
    }

    /**
     * A key pair made by {@code keytool -genkeypair} with these options, e.g. {@code -keyalg RSA}, its certificate
     * made for signing ({@code -ext KeyUsage:critical=digitalSignature}) as docs/security.md makes approvers'.
     */
    public static Approver create(Path dir, String alias, String commonName, String... options) {
        var withUsage = new ArrayList<>(List.of(options));
        withUsage.addAll(List.of("-ext", "KeyUsage:critical=digitalSignature"));
        return createExactly(dir, alias, commonName, withUsage.toArray(String[]::new));
    }

    /** A key pair made by {@code keytool -genkeypair} with these options and no others. */
    public static Approver createExactly(Path dir, String alias, String commonName, String... options) {
        Path keystore = dir.resolve(alias + ".p12");
        var command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", alias, "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-dname",
                "CN=" + commonName + ", OU=Data Science, O=Example Org"));
        command.addAll(List.of(options));
        run(command);
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return new Approver(alias, keystore, (PrivateKey) store.getKey(alias, PASSWORD.toCharArray()),
                    (X509Certificate) store.getCertificate(alias));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("reading back " + keystore, e);
        }
    }

    /** The approvers' certificates, exported with {@code keytool -exportcert -rfc}, one after another in a PEM file. */
    public static Path pem(Path file, Approver... approvers) {
        var text = new StringBuilder();
        for (Approver approver : approvers) {
            Path one = file.resolveSibling(approver.alias() + ".pem");
            run(List.of(keytool(), "-exportcert", "-rfc", "-alias", approver.alias(), "-keystore",
                    approver.keystore().toString(), "-storepass", PASSWORD, "-file", one.toString()));
            try {
                text.append(Files.readString(one, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PKCS12 truststore of the approvers' certificates, imported with {@code keytool -importcert}. */
    public static Path truststore(Path file, String password, Approver... approvers) {
        for (Approver approver : approvers) {
            Path one = pem(file.resolveSibling(approver.alias() + "-for-truststore.pem"), approver);
            run(List.of(keytool(), "-importcert", "-noprompt", "-alias", approver.alias(), "-file", one.toString(),
                    "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", password));
        }
        return file;
    }

    /** The signature file of a model file's bytes, signed now. */
    public static byte[] signature(byte[] modelFile, String fileName, Approver approver) {
        try {
            return ModelSignature.sign(modelFile, fileName, approver.key(), approver.certificate(), Instant.now());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing " + fileName + " as " + approver.alias(), e);
        }
    }

    /** The model file a model is published as: {@code salary-model-<version>.json}. */
    public static String fileName(Model model) {
        return "salary-model-" + model.metadata().version() + ".json";
    }

    /**
     * Publishes a model file and its signature by {@code approver} into {@code directory}: the signature first, then
     * the model, each written under a hidden name and renamed into place.
     */
    public static Path publishSigned(Path directory, Model model, Approver approver) {
        byte[] bytes = ModelFormat.write(model);
        String name = fileName(model);
        publish(directory, name + ModelSignature.SUFFIX, signature(bytes, name, approver));
        return publish(directory, name, bytes);
    }

    /** Writes {@code bytes} to {@code directory/name} the safe way: under a hidden name, then renamed into place. */
    public static Path publish(Path directory, String name, byte[] bytes) {
        Path target = directory.resolve(name);
        Path temporary = directory.resolve("." + name + ".tmp");
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A model JAR as a data scientist's sign command makes it: the model file and its signature inside, then the
     * whole JAR signed by the same approver with the JDK's JarSigner, as {@code jarsigner} would.
     */
    public static byte[] signedJar(Model model, Approver approver, Path workDir) {
        byte[] bytes = ModelFormat.write(model);
        String name = fileName(model);
        byte[] unsigned = ModelJar.write(bytes, model, name, LocalDateTime.of(2026, 11, 29, 10, 0),
                signature(bytes, name, approver));
        try {
            Path in = Files.createTempFile(workDir, "unsigned", ".jar");
            Path out = Files.createTempFile(workDir, "signed", ".jar");
            Files.write(in, unsigned);
            var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(approver.certificate()));
            JarSigner signer = new JarSigner.Builder(approver.key(), path).digestAlgorithm("SHA-256").build();
            try (var zip = new ZipFile(in.toFile()); OutputStream os = Files.newOutputStream(out)) {
                signer.sign(zip, os);
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the JAR of " + name, e);
        }
    }

    /** A model JAR with the approver's signature entry inside but no JAR signature over it. */
    public static byte[] jarWithoutJarSignature(Model model, Approver approver) {
        byte[] bytes = ModelFormat.write(model);
        String name = fileName(model);
        return ModelJar.write(bytes, model, name, LocalDateTime.of(2026, 11, 29, 10, 0),
                signature(bytes, name, approver));
    }

    /**
     * A model file with one byte changed: a digit of its intercept, so that it is still a valid model, only not
     * the bytes that were signed.
     */
    public static byte[] withOneByteChanged(byte[] modelFile) {
        String text = new String(modelFile, StandardCharsets.UTF_8);
        int field = text.indexOf("\"intercept\"");
        if (field < 0) {
            throw new IllegalArgumentException("not a linear model file: no intercept");
        }
        int index = text.indexOf(':', field) + 1;
        for (int digits = 0; digits < 3; index++) {
            if (Character.isDigit(text.charAt(index))) {
                digits++;
            }
        }
        // From characters to bytes: the text before may hold characters of more than one byte.
        index = text.substring(0, index - 1).getBytes(StandardCharsets.UTF_8).length;
        byte[] changed = Arrays.copyOf(modelFile, modelFile.length);
        changed[index] = (byte) (changed[index] == '1' ? '2' : '1');
        return changed;
    }

    /** The JDK's own keytool, of the JVM running the tests. */
    public static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    /** Runs a command, such as keytool, and fails with its output if it does not succeed within a minute. */
    public static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
