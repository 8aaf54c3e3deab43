package com.salaryml.artifact.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The certificates of the people whose signature approves a model for serving. A model signed with one of
 * these certificates, or with a certificate one of them issued, is approved; removing a certificate revokes
 * its holder.
 *
 * <p>They are read from a PEM file of certificates ({@code -----BEGIN CERTIFICATE-----} blocks, as
 * {@code keytool -exportcert -rfc} writes them) or from a truststore (PKCS12 or JKS) of trusted certificates.
 */
public final class TrustedApprovers {

    /** Trust files larger than this are refused: a list of approvers is a few kilobytes. */
    public static final int MAX_BYTES = 1024 * 1024;

    private final List<X509Certificate> certificates;

    private TrustedApprovers(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /** The given certificates, none of them required to be valid today: validity is checked at each signature. */
    public static TrustedApprovers of(List<X509Certificate> certificates) {
        return new TrustedApprovers(certificates);
    }

    /**
     * Reads the approvers' certificates from a PEM file or a truststore.
     *
     * @param password the truststore's password, or null for a PEM file or a truststore that needs none
     * @throws TrustLoadException naming the file and the problem, if it cannot be read or holds no certificate
     */
    public static TrustedApprovers load(Path file, char[] password) throws TrustLoadException {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new TrustLoadException(source, "is a directory; expected a PEM file of certificates or a truststore");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new TrustLoadException(source, "is larger than " + MAX_BYTES + " bytes; refused");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TrustLoadException(source, "no such file");
        } catch (IOException e) {
            throw new TrustLoadException(source, "cannot be read: " + e.getMessage());
        }
        List<X509Certificate> certificates = looksLikePem(bytes) ? pem(bytes, source) : keyStore(bytes, password, source);
        if (certificates.isEmpty()) {
            throw new TrustLoadException(source, "holds no certificate; export each approver's certificate with"
                    + " keytool -exportcert -rfc and put it here");
        }
        return new TrustedApprovers(certificates);
    }

    private static boolean looksLikePem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1)
                .contains("-----BEGIN ");
    }

    private static List<X509Certificate> pem(byte[] bytes, String source) throws TrustLoadException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("PRIVATE KEY-----")) {
            throw new TrustLoadException(source, "holds a private key; the app needs only the approvers'"
                    + " certificates, and a private key must never leave its holder's keystore");
        }
        try {
            var certificates = new ArrayList<X509Certificate>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes))) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (CertificateException | RuntimeException e) {
            throw new TrustLoadException(source, "is not a PEM file of X.509 certificates: " + e.getMessage());
        }
    }

    private static List<X509Certificate> keyStore(byte[] bytes, char[] password, String source)
            throws TrustLoadException {
        var problems = new ArrayList<String>();
        for (String type : List.of("PKCS12", "JKS")) {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(new ByteArrayInputStream(bytes), password);
                var certificates = new ArrayList<X509Certificate>();
                for (String alias : Collections.list(store.aliases())) {
                    if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                        certificates.add(certificate);
                    }
                }
                return certificates;
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                problems.add(type + ": " + e.getMessage());
            }
        }
        throw new TrustLoadException(source, "is neither a PEM file of certificates nor a truststore that opens with"
                + (password == null ? " no password" : " the given password") + " (" + String.join("; ", problems)
                + ")");
    }

    /** The approvers' certificates, in the order the file gives them. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /**
     * The trusted certificate that vouches for {@code signer}: the same certificate, or the one that issued and
     * signed it.
     */
    Optional<X509Certificate> anchorFor(X509Certificate signer) {
        for (X509Certificate trusted : certificates) {
            if (trusted.equals(signer)) {
                return Optional.of(trusted);
            }
        }
        for (X509Certificate trusted : certificates) {
            if (trusted.getSubjectX500Principal().equals(signer.getIssuerX500Principal())) {
                try {
                    signer.verify(trusted.getPublicKey());
                    return Optional.of(trusted);
                } catch (GeneralSecurityException | RuntimeException e) {
                    // Same name, other key: not this one.
                }
            }
        }
        return Optional.empty();
    }

    /** {@code sha256:} and the hex SHA-256 of a public key's DER encoding. */
    public static String fingerprint(PublicKey key) {
        return "sha256:" + Digests.sha256(key.getEncoded());
    }

    /** The SHA-256 of a certificate's DER encoding, as {@code keytool -list} shows it: upper-case, colon-separated. */
    public static String certificateFingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
