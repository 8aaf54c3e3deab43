package com.salaryml.web.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.records.ApprovalFields;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a served model's approval is spelled, the same in {@code GET /api/v1/model}, the prediction log and, as
 * flat strings, the V2 model metadata's {@code properties}.
 */
public final class ApprovalJson {

    private ApprovalJson() {
    }

    /**
     * Writes {@code "approval": {"status", ["signer", "key_fingerprint", "signed_at",] "model_sha256"[, "note"]}}:
     * the approver's fields for an approved model, the note for another when {@code withNote}.
     */
    public static void write(JsonGenerator json, ApprovalStatus approval, boolean withNote) throws IOException {
        fields(approval).write(json, withNote ? approval.note() : null);
    }

    /** The contract's fields of an approval, as the prediction log writes them. */
    public static ApprovalFields fields(ApprovalStatus approval) {
        return new ApprovalFields(approval.status(),
                approval instanceof ApprovalStatus.Approved approved ? approved.approval() : null,
                approval.modelSha256());
    }

    /**
     * The same as string properties, as the V2 model metadata carries them: {@code approval_status},
     * {@code approval_signer}, {@code approval_key_fingerprint}, {@code approval_signed_at}, {@code model_sha256}
     * and {@code approval_note}, those that apply, in that order.
     */
    public static Map<String, String> properties(ApprovalStatus approval) {
        var properties = new LinkedHashMap<String, String>();
        properties.put("approval_status", approval.status());
        if (approval instanceof ApprovalStatus.Approved approved) {
            properties.put("approval_signer", approved.approval().signer());
            properties.put("approval_key_fingerprint", approved.approval().keyFingerprint());
            properties.put("approval_signed_at", approved.approval().signedAt().toString());
        }
        properties.put("model_sha256", approval.modelSha256());
        if (approval.note() != null) {
            properties.put("approval_note", approval.note());
        }
        return properties;
    }
}
