package com.salaryml.artifact.format;

import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.signing.Approval;
import com.salaryml.artifact.signing.ApprovalException;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.signing.TrustedApprovers;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A model read from a file or JAR together with what its approval is checked against: the exact bytes of its
 * model file (by their SHA-256), the file's name, and its signature, read once with the model so that the
 * signature is checked against the very bytes that are served.
 *
 * @param predictor       the model
 * @param fileName        the model file's name: the file's own, or the one a model JAR records
 * @param sha256          the SHA-256 of the model file's bytes; the same for a model file and the JAR made from it
 * @param signature       the signature file's bytes (at most one byte more than {@link ModelSignature#MAX_BYTES}),
 *                        or null when there is none
 * @param signatureSource where the signature is, or would be: {@code salary-model-1.1.0.json.sig}, or the JAR's
 *                        {@value ModelJar#SIGNATURE_ENTRY}
 * @param jarSigners      for a model JAR, the certificates whose JAR signature covers the model file; else empty
 * @param jar             whether it was read from a model JAR
 */
public record LoadedModel(Predictor predictor, String fileName, String sha256, byte[] signature,
                          String signatureSource, List<X509Certificate> jarSigners, boolean jar) {

    public LoadedModel {
        Objects.requireNonNull(predictor, "predictor");
        jarSigners = List.copyOf(jarSigners);
    }

    /** Whether a signature came with the model. */
    public boolean signed() {
        return signature != null;
    }

    /**
     * Checks that the model's signature approves it: see {@link ModelSignature#verify}. A model JAR must in
     * addition carry a JAR signature over its model file by the same certificate, so that
     * {@code jarsigner -verify} and this check agree on who approved it.
     */
    public Approval approval(TrustedApprovers trust, Instant now) throws ApprovalException {
        Approval approval = ModelSignature.verify(sha256, fileName, signature, signatureSource, trust, now);
        if (jar && jarSigners.stream().noneMatch(c -> TrustedApprovers.fingerprint(c.getPublicKey())
                .equals(approval.keyFingerprint()))) {
            throw new ApprovalException(signatureSource, ApprovalException.Reason.BAD_SIGNATURE,
                    jarSigners.isEmpty() ? "the JAR has no JAR signature over " + ModelJar.MODEL_ENTRY
                            + "; sign the model JAR with the sign command, which signs it as jarsigner does"
                            : "the JAR signature over " + ModelJar.MODEL_ENTRY + " is not by the approver who"
                            + " signed the model (" + approval.signer() + ")");
        }
        return approval;
    }
}
