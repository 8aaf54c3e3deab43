package com.salaryml.training;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.signing.SigningCertificates;
import com.salaryml.artifact.signing.TrustedApprovers;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/**
 * The data scientist's approval: signs a model file, after they have read its review report, with the private key
 * in their PKCS12 keystore. Writes {@code <model file>.sig} beside it and, if the model JAR made with it is beside
 * it too, signs that JAR: the signature file goes inside, and the JAR gets a standard JAR signature that
 * {@code jarsigner -verify} accepts. Everything is written to a temporary file first and renamed into place, so a
 * failure leaves the files as they were.
 *
 * <p>The keystore's password comes from {@value #PASSWORD_VARIABLE} or from a prompt at the terminal, never from
 * the command line, where other users and the shell's history would see it.
 */
final class SignCommand {

    static final String PASSWORD_VARIABLE = "SALARY_KEYSTORE_PASSWORD";

    static final String USAGE = """
            Usage: mvn -pl model-training exec:java -Dexec.args="sign --model FILE --keystore FILE --alias NAME"

            Signs a model file you have reviewed, with your key, so that testing, staging and
            production serve it. Writes FILE.sig beside it and signs the model JAR beside it, if
            there is one (the JAR gets the signature inside it and a standard JAR signature).

            Options:
              --model FILE      the model file (.json) to sign, e.g. models/salary-model-1.1.0.json
              --keystore FILE   your PKCS12 keystore, made with keytool -genkeypair
              --alias NAME      the alias of your key in the keystore
              --jar FILE        the model JAR to sign as well (default: the model file's name
                                with .jar, beside it, if it exists)

            The keystore's password is read from the environment variable %s,
            or asked for at the terminal. It is never an argument.
            """.formatted(PASSWORD_VARIABLE);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Console console;
    private final Clock clock;

    SignCommand(PrintStream out, PrintStream err, Map<String, String> environment, Console console, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.console = console;
        this.clock = clock;
    }

    /** What the command line asks for. */
    record Options(Path model, Path keystore, String alias, Path jar) {
    }

    int run(List<String> args) {
        return SubcommandArgs.run(args, SignCommand::parse, USAGE, out, err, this::sign, "Nothing was written.");
    }

    static Options parse(List<String> args) {
        for (String option : args) {
            if (option.equals("--password") || option.startsWith("--password=") || option.equals("--storepass")) {
                throw new IllegalArgumentException(option + ": the keystore's password is never an argument, where"
                        + " other users and the shell's history would see it; set " + PASSWORD_VARIABLE
                        + " or let the command ask for it");
            }
        }
        Map<String, String> values = SubcommandArgs.parse(args, List.of("model", "keystore", "alias"),
                List.of("jar"));
        if (values == null) {
            return null;
        }
        return new Options(Path.of(values.get("model")), Path.of(values.get("keystore")), values.get("alias"),
                values.containsKey("jar") ? Path.of(values.get("jar")) : null);
    }

    private void sign(Options options) throws SignException {
        byte[] modelFile = readModelFile(options.model());
        Model model = validModel(modelFile, options.model());
        String fileName = options.model().getFileName().toString();
        Path jar = options.jar() != null ? options.jar() : defaultJar(options.model());
        if (options.jar() != null && !Files.isRegularFile(jar)) {
            throw new SignException(jar + ": no such file");
        }
        if (jar != null) {
            checkJarHolds(jar, modelFile);
        }

        KeyStore.PrivateKeyEntry entry = key(options.keystore(), options.alias());
        var certificate = (X509Certificate) entry.getCertificate();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new SignException(options.keystore() + ": the certificate of " + options.alias() + " is valid from "
                    + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant()
                    + ", not now; renew it (docs/security.md) before signing");
        }
        // The checks every stage makes, made before anything is written: a signature that every server refuses
        // would only be found out at deployment.
        java.security.cert.Certificate[] chain = entry.getCertificateChain();
        X509Certificate issuer = chain.length > 1 && chain[1] instanceof X509Certificate next ? next : null;
        var unfit = SigningCertificates.check(certificate, issuer);
        if (unfit.isPresent()) {
            throw new SignException(options.keystore() + ": " + options.alias() + " cannot approve models: "
                    + unfit.get().problem());
        }

        byte[] signature;
        byte[] signedJar = null;
        try {
            signature = ModelSignature.sign(modelFile, fileName, entry.getPrivateKey(), certificate, now);
            if (jar != null) {
                signedJar = signJar(jar, modelFile, model, fileName, signature, entry);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new SignException("signing with " + options.alias() + " from " + options.keystore() + " failed: "
                    + e.getMessage());
        }
        Path signatureFile = options.model().resolveSibling(fileName + ModelSignature.SUFFIX);
        try {
            ModelPublisher.writeAtomically(signatureFile, signature);
            if (signedJar != null) {
                ModelPublisher.writeAtomically(jar, signedJar);
            }
        } catch (IOException e) {
            throw new SignException("cannot write " + signatureFile + ": " + e.getMessage());
        }

        out.println("Signed " + options.model() + " (SHA-256 " + ModelJar.sha256(modelFile) + ")");
        out.println("  as " + certificate.getSubjectX500Principal().getName());
        out.println("  key " + TrustedApprovers.fingerprint(certificate.getPublicKey()) + ", certificate SHA-256 "
                + TrustedApprovers.certificateFingerprint(certificate));
        out.println("  at " + now);
        out.println("Wrote " + signatureFile);
        if (signedJar != null) {
            out.println("Signed " + jar + " (check it with: jarsigner -verify " + jar + ")");
        }
    }

    private static byte[] readModelFile(Path path) throws SignException {
        try {
            if (Files.size(path) > ModelFormat.MAX_BYTES) {
                throw new SignException(path + ": is larger than a model file may be (" + ModelFormat.MAX_BYTES
                        + " bytes)");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new SignException(path + ": no such file");
        } catch (IOException e) {
            throw new SignException(path + ": cannot be read: " + e.getMessage());
        }
    }

    private static Model validModel(byte[] bytes, Path path) throws SignException {
        try {
            return ModelFormat.read(bytes, path.toString());
        } catch (ModelLoadException e) {
            throw new SignException(e.getMessage() + "; only a valid model file can be signed (sign the .json;"
                    + " its JAR beside it is signed with it)");
        }
    }

    private static Path defaultJar(Path model) {
        String name = model.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        Path jar = model.resolveSibling(base + ".jar");
        return Files.isRegularFile(jar) ? jar : null;
    }

    private static void checkJarHolds(Path jar, byte[] modelFile) throws SignException {
        try (var zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry(ModelJar.MODEL_ENTRY);
            if (entry == null) {
                throw new SignException(jar + ": is not a model JAR; it has no " + ModelJar.MODEL_ENTRY);
            }
            byte[] inside;
            try (InputStream in = zip.getInputStream(entry)) {
                inside = in.readNBytes(ModelFormat.MAX_BYTES + 1);
            }
            if (!Arrays.equals(inside, modelFile)) {
                throw new SignException(jar + ": holds another model file than the one signed (SHA-256 "
                        + ModelJar.sha256(inside) + "); name the right JAR with --jar");
            }
        } catch (IOException e) {
            throw new SignException(jar + ": is not a readable model JAR: " + e.getMessage());
        }
    }

    private KeyStore.PrivateKeyEntry key(Path keystore, String alias) throws SignException {
        char[] password = password(keystore);
        try {
            KeyStore store;
            try {
                store = KeyStore.getInstance(keystore.toFile(), password);
            } catch (NoSuchFileException | java.io.FileNotFoundException e) {
                throw new SignException(keystore + ": no such file");
            } catch (IOException e) {
                throw new SignException(keystore + ": cannot be opened: " + (e.getCause()
                        instanceof UnrecoverableKeyException ? "the password is wrong" : e.getMessage()));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new SignException(keystore + ": is not a keystore keytool made: " + e.getMessage());
            }
            if (!store.containsAlias(alias)) {
                throw new SignException(keystore + ": has no key " + alias + "; its aliases are "
                        + String.join(", ", Collections.list(store.aliases())));
            }
            if (!store.isKeyEntry(alias)) {
                throw new SignException(keystore + ": " + alias + " is a certificate without its private key;"
                        + " sign with the keystore that holds your key");
            }
            var entry = (KeyStore.PrivateKeyEntry) store.getEntry(alias, new KeyStore.PasswordProtection(password));
            if (!(entry.getCertificate() instanceof X509Certificate)) {
                throw new SignException(keystore + ": " + alias + " has no X.509 certificate");
            }
            return entry;
        } catch (UnrecoverableKeyException e) {
            throw new SignException(keystore + ": the key " + alias + " does not open with the keystore's password");
        } catch (GeneralSecurityException e) {
            throw new SignException(keystore + ": cannot read the key " + alias + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] password(Path keystore) throws SignException {
        String given = environment.get(PASSWORD_VARIABLE);
        if (given != null && !given.isEmpty()) {
            return given.toCharArray();
        }
        if (console == null) {
            throw new SignException("no password for " + keystore + ": set " + PASSWORD_VARIABLE
                    + " or run the command at a terminal, where it asks");
        }
        char[] typed = console.readPassword("Password for %s: ", keystore);
        if (typed == null) {
            throw new SignException("no password for " + keystore + ": the terminal closed");
        }
        return typed;
    }

    /** The model JAR again, with the signature inside, then JAR-signed by the same key. */
    private static byte[] signJar(Path jar, byte[] modelFile, Model model, String fileName, byte[] signature,
                                  KeyStore.PrivateKeyEntry entry) throws IOException, GeneralSecurityException {
        LocalDateTime entryTime;
        try (var zip = new ZipFile(jar.toFile())) {
            entryTime = zip.getEntry(ModelJar.MODEL_ENTRY).getTimeLocal();
        }
        byte[] withSignature = ModelJar.write(modelFile, model, fileName, entryTime, signature);
        Path unsigned = Files.createTempFile(jar.toAbsolutePath().getParent(), ".unsigned-", ".jar");
        try {
            Files.write(unsigned, withSignature);
            var chain = Arrays.stream(entry.getCertificateChain()).toList();
            var signer = new JarSigner.Builder(entry.getPrivateKey(),
                    CertificateFactory.getInstance("X.509").generateCertPath(chain)).build();
            var out = new ByteArrayOutputStream();
            try (var zip = new ZipFile(unsigned.toFile())) {
                signer.sign(zip, out);
            } catch (jdk.security.jarsigner.JarSignerException e) {
                throw new GeneralSecurityException("the JAR signature failed: " + e.getMessage(), e);
            }
            return out.toByteArray();
        } finally {
            Files.deleteIfExists(unsigned);
        }
    }

    /** Why nothing was signed. */
    static final class SignException extends SubcommandArgs.Failure {
        private static final long serialVersionUID = 1L;

        SignException(String message) {
            super(message);
        }
    }
}
