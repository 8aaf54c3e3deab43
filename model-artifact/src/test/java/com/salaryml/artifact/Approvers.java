package com.salaryml.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Approvers' keys for tests, made as a data scientist makes them: with the JDK's keytool, into PKCS12 files. */
final class Approvers {

    static final String PASSWORD = "test-keystore-password";

    /** One approver: the keystore keytool wrote, and the private key and certificate read back from it. */
    record Approver(String alias, Path keystore, PrivateKey key, X509Certificate certificate) {
    }

    private Approvers() {
    }

    /** An Ed25519 key, valid from now for 90 days. */
    static Approver ed25519(Path dir, String alias, String commonName) {
        return create(dir, alias, commonName, "-keyalg", "Ed25519");
    }

    /** An EC P-256 key, valid from now for 90 days. */
    static Approver ec(Path dir, String alias, String commonName) {
        return create(dir, alias, commonName, "-keyalg", "EC", "-groupname", "secp256r1");
    }

    /** An Ed25519 key whose certificate was valid for one day, ten days ago. */
    static Approver expired(Path dir, String alias, String commonName) {
        return create(dir, alias, commonName, "-keyalg", "Ed25519", "-startdate", "-10d", "-validity", "1");
    }

    static Approver create(Path dir, String alias, String commonName, String... options) {
        Path keystore = dir.resolve(alias + ".p12");
        var command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", alias, "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-dname",
                "CN=" + commonName + ", OU=Data Science, O=Salary Model Tests", "-validity", "90"));
        command.addAll(List.of(options));
        if (command.indexOf("-validity") != command.lastIndexOf("-validity")) {
            int first = command.indexOf("-validity");
            command.remove(first);
            command.remove(first);
        }
        run(command);
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return new Approver(alias, keystore, (PrivateKey) store.getKey(alias, PASSWORD.toCharArray()),
                    (X509Certificate) store.getCertificate(alias));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("reading back " + keystore, e);
        }
    }

    /** The approvers' certificates exported with {@code keytool -exportcert -rfc}, one after another in a PEM file. */
    static Path pem(Path file, Approver... approvers) {
        var text = new StringBuilder();
        for (Approver approver : approvers) {
            Path one = file.resolveSibling(approver.alias() + ".pem");
            run(List.of(keytool(), "-exportcert", "-rfc", "-alias", approver.alias(), "-keystore",
                    approver.keystore().toString(), "-storepass", PASSWORD, "-file", one.toString()));
            try {
                text.append(Files.readString(one, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TrustedApprovers trust(Approver... approvers) {
        return TrustedApprovers.of(java.util.Arrays.stream(approvers).map(Approver::certificate).toList());
    }

    static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
