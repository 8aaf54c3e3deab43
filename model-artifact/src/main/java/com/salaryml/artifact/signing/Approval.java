package com.salaryml.artifact.signing;

import java.time.Instant;
import java.util.Objects;

/**
 * Who approved a model file and when, as its verified signature says.
 *
 * @param signer         the subject of the approver's certificate, e.g. {@code CN=Alice Example, OU=Data Science}
 * @param keyFingerprint the SHA-256 of the approver's public key (its DER SubjectPublicKeyInfo), as
 *                       {@code sha256:} and 64 lower-case hex digits; it stays the same when a certificate is
 *                       renewed for the same key
 * @param signedAt       when the approver signed, as their signing command recorded it
 * @param modelFile      the name of the model file that was signed, e.g. {@code salary-model-1.1.0.json}
 * @param modelSha256    the SHA-256 of the model file's bytes, 64 lower-case hex digits
 */
public record Approval(String signer, String keyFingerprint, Instant signedAt, String modelFile, String modelSha256) {

    public Approval {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(modelSha256, "modelSha256");
    }
}
