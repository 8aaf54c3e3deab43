package com.salaryml.artifact.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.signing.Approval;
import java.io.IOException;
import java.util.Objects;

/**
 * Who approved the model behind a record, as the prediction log and a server's model description spell it:
 * {@code "approval": {"status", ["signer", "key_fingerprint", "signed_at",] "model_sha256"[, "note"]}}.
 *
 * @param status      {@code approved}, {@code unsigned} or {@code not_verified}
 * @param approval    the verified approval of an approved model; null for any other status
 * @param modelSha256 the SHA-256 of the model file's bytes
 */
public record ApprovalFields(String status, Approval approval, String modelSha256) {

    public ApprovalFields {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(modelSha256, "modelSha256");
    }

    /** Writes the {@code approval} object into an open JSON object; {@code note} is left out when null. */
    public void write(JsonGenerator json, String note) throws IOException {
        json.writeObjectFieldStart("approval");
        json.writeStringField("status", status);
        if (approval != null) {
            json.writeStringField("signer", approval.signer());
            json.writeStringField("key_fingerprint", approval.keyFingerprint());
            json.writeStringField("signed_at", approval.signedAt().toString());
        }
        json.writeStringField("model_sha256", modelSha256);
        if (note != null) {
            json.writeStringField("note", note);
        }
        json.writeEndObject();
    }
}
