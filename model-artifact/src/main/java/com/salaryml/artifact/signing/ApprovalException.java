package com.salaryml.artifact.signing;

import java.util.Locale;
import java.util.Objects;

/**
 * Thrown when a model's approval cannot be established: it has no signature, or its signature is malformed,
 * made over other bytes, not made by a trusted approver, or made with a certificate that is not valid now or not
 * fit to sign ({@link SigningCertificates}).
 * The message names the file and says what is wrong; {@link #reason()} says it in one word, for metrics.
 */
public final class ApprovalException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a model's approval was refused. */
    public enum Reason {
        /** No signature at all. */
        UNSIGNED,
        /** A signature file that cannot be read: truncated, too large, not the signature format. */
        MALFORMED_SIGNATURE,
        /** The signature is for this file's name, but the bytes changed after signing. */
        MODIFIED,
        /** The signature is for another model file. */
        SIGNATURE_OF_ANOTHER_MODEL,
        /** The signature does not verify with the certificate it names: forged or damaged. */
        BAD_SIGNATURE,
        /** Signed by a certificate that is not one of the trusted approvers, nor issued by one. */
        UNTRUSTED_SIGNER,
        /** Signed by a trusted approver whose certificate has expired or is not yet valid. */
        CERTIFICATE_NOT_VALID,
        /** Signed with a certificate not made for signing: no digitalSignature key usage, or made for TLS. */
        CERTIFICATE_NOT_FOR_SIGNING,
        /** Signed with a certificate issued by one that is not a certificate authority. */
        ISSUER_NOT_A_CA,
        /** Signed with a key too weak to trust: RSA under 2,048 bits, EC under P-256. */
        WEAK_KEY;

        /** The lower-case name, as metrics label it: {@code untrusted_signer}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String source;
    private final Reason reason;

    public ApprovalException(String source, Reason reason, String problem) {
        super(source + ": " + problem);
        this.source = Objects.requireNonNull(source, "source");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The model file, model JAR or signature file that was refused. */
    public String source() {
        return source;
    }

    public Reason reason() {
        return reason;
    }
}
