package com.salaryml.artifact.signing;

import com.salaryml.artifact.signing.ApprovalException.Reason;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Whether a certificate is fit to approve models: made for signing, with a key strong enough, and, when another
 * certificate issued it, issued by a certificate authority. A trusted CA that issues TLS server certificates, or
 * an approver who issues a certificate to someone else with their own, must not thereby make model approvers.
 *
 * <p>The signer's certificate must carry a key usage with {@code digitalSignature}, as {@code keytool -ext
 * KeyUsage:critical=digitalSignature} makes it; where it also carries an extended key usage, one of them must be
 * code signing (or any usage). Keys: RSA of 2,048 bits or more, EC on a curve of 256 bits or more (P-256 and up),
 * Ed25519 or Ed448. An issuer must be a CA ({@code BasicConstraints CA:TRUE}) and, where it has a key usage,
 * allowed to sign certificates ({@code keyCertSign}).
 */
public final class SigningCertificates {

    /** The fewest bits of an RSA modulus: NIST SP 800-57's floor for signatures made today. */
    public static final int MIN_RSA_BITS = 2048;
    /** The fewest bits of an EC key's field: P-256. */
    public static final int MIN_EC_BITS = 256;

    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;

    /** Why a certificate is not fit to approve models. */
    public record Unfit(Reason reason, String problem) {
    }

    private SigningCertificates() {
    }

    /**
     * What makes {@code signer} unfit to approve models, if anything.
     *
     * @param signer the certificate whose key signs
     * @param issuer the certificate that issued it, or null when it is trusted itself (self-signed)
     */
    public static Optional<Unfit> check(X509Certificate signer, X509Certificate issuer) {
        String name = signer.getSubjectX500Principal().getName();
        Optional<String> weak = weakness(signer.getPublicKey());
        if (weak.isPresent()) {
            return Optional.of(new Unfit(Reason.WEAK_KEY, "the certificate of " + name + " has " + weak.get()
                    + "; approvers' keys must be RSA of " + MIN_RSA_BITS + " bits or more, EC P-256 or stronger,"
                    + " or Ed25519"));
        }
        boolean[] usage = signer.getKeyUsage();
        if (usage == null || usage.length <= DIGITAL_SIGNATURE || !usage[DIGITAL_SIGNATURE]) {
            return Optional.of(new Unfit(Reason.CERTIFICATE_NOT_FOR_SIGNING, "the certificate of " + name
                    + (usage == null ? " has no key usage" : " has a key usage without digitalSignature")
                    + ": it was not made to sign. An approver's certificate is made with keytool -genkeypair"
                    + " ... -ext KeyUsage:critical=digitalSignature"));
        }
        List<String> extended;
        try {
            extended = signer.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.of(new Unfit(Reason.CERTIFICATE_NOT_FOR_SIGNING, "the certificate of " + name
                    + " has an extended key usage that cannot be read: " + e.getMessage()));
        }
        if (extended != null && !extended.contains(CODE_SIGNING) && !extended.contains(ANY_EXTENDED_KEY_USAGE)) {
            return Optional.of(new Unfit(Reason.CERTIFICATE_NOT_FOR_SIGNING, "the certificate of " + name
                    + " is for " + String.join(", ", extended.stream().map(SigningCertificates::usageName).toList())
                    + ", not for code signing (" + CODE_SIGNING + "): it was made for another purpose"));
        }
        if (issuer != null && !issuer.equals(signer)) {
            String issuerName = issuer.getSubjectX500Principal().getName();
            if (issuer.getBasicConstraints() < 0) {
                return Optional.of(new Unfit(Reason.ISSUER_NOT_A_CA, "the certificate of " + name + " was issued by "
                        + issuerName + ", which is not a certificate authority (no BasicConstraints CA:TRUE):"
                        + " an approver cannot make other approvers"));
            }
            boolean[] issuerUsage = issuer.getKeyUsage();
            if (issuerUsage != null && (issuerUsage.length <= KEY_CERT_SIGN || !issuerUsage[KEY_CERT_SIGN])) {
                return Optional.of(new Unfit(Reason.ISSUER_NOT_A_CA, "the certificate of " + name + " was issued by "
                        + issuerName + ", whose key usage does not allow signing certificates (keyCertSign)"));
            }
        }
        return Optional.empty();
    }

    /** What is too weak about a key, if anything. */
    private static Optional<String> weakness(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits < MIN_RSA_BITS ? Optional.of("an RSA key of " + bits + " bits") : Optional.empty();
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits < MIN_EC_BITS ? Optional.of("an EC key of " + bits + " bits") : Optional.empty();
        }
        return switch (key.getAlgorithm()) {
            case "Ed25519", "Ed448", "EdDSA" -> Optional.empty();
            default -> Optional.of("a key of kind " + key.getAlgorithm());
        };
    }

    private static String usageName(String oid) {
        return switch (oid) {
            case "1.3.6.1.5.5.7.3.1" -> "TLS servers (serverAuth)";
            case "1.3.6.1.5.5.7.3.2" -> "TLS clients (clientAuth)";
            case "1.3.6.1.5.5.7.3.4" -> "e-mail (emailProtection)";
            case "1.3.6.1.5.5.7.3.8" -> "time stamping (timeStamping)";
            case "1.3.6.1.5.5.7.3.9" -> "OCSP signing (OCSPSigning)";
            default -> oid;
        };
    }
}
