package com.salaryml.web.serving;

import com.salaryml.artifact.signing.ApprovalException;
import java.util.Locale;

/**
 * Why the app refused to serve a model file, as the log and {@code salary_model_rejections_total} name it. The
 * approval reasons are model-artifact's ({@link ApprovalException.Reason}), one for one; the others are the
 * app's own.
 */
public enum RejectionReason {
    /** Not a model the app can serve: unreadable, invalid, or it cannot predict. */
    INVALID_MODEL,
    /** A version already served from another file of the directory. */
    DUPLICATE_VERSION,
    /** A symbolic link in the model directory: only files copied into it are served. */
    SYMBOLIC_LINK,
    /** The stage serves approved models only, and {@code salary.trust} names no approvers to check them with. */
    TRUST_NOT_SET,
    /** See {@link ApprovalException.Reason#UNSIGNED}. */
    UNSIGNED,
    /** See {@link ApprovalException.Reason#MALFORMED_SIGNATURE}. */
    MALFORMED_SIGNATURE,
    /** See {@link ApprovalException.Reason#MODIFIED}. */
    MODIFIED,
    /** See {@link ApprovalException.Reason#SIGNATURE_OF_ANOTHER_MODEL}. */
    SIGNATURE_OF_ANOTHER_MODEL,
    /** See {@link ApprovalException.Reason#BAD_SIGNATURE}. */
    BAD_SIGNATURE,
    /** See {@link ApprovalException.Reason#UNTRUSTED_SIGNER}. */
    UNTRUSTED_SIGNER,
    /** See {@link ApprovalException.Reason#CERTIFICATE_NOT_VALID}. */
    CERTIFICATE_NOT_VALID;

    /** The lower-case name, as the metric's {@code reason} label and the log spell it: {@code untrusted_signer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The app's name for an approval that failed: the same word. */
    static RejectionReason of(ApprovalException.Reason reason) {
        return valueOf(reason.name());
    }
}
