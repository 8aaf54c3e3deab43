package com.salaryml.web.serving;

import com.salaryml.artifact.signing.Approval;
import java.util.Objects;

/**
 * Where a served model's approval stands: who approved its exact bytes and when, or, in the development stage
 * only, that it is served without a checked approval. {@code GET /api/v1/model}, the V2 model metadata, the page,
 * the prediction log and the metrics all show it ({@link ApprovalJson} spells it in JSON).
 */
public sealed interface ApprovalStatus {

    /** The SHA-256 of the model file's bytes, 64 lower-case hex digits: the same file has it in every stage. */
    String modelSha256();

    /** {@code approved}, {@code unsigned} or {@code not_verified}, as the API and the metrics spell it. */
    String status();

    /** What a reader should know about a model served without a checked approval; null for an approved one. */
    String note();

    /** Whether a trusted approver's signature over the model file was verified. */
    default boolean approved() {
        return this instanceof Approved;
    }

    /** Signed by a trusted approver, over these very bytes, with a certificate valid now and when they signed. */
    record Approved(Approval approval) implements ApprovalStatus {

        public Approved {
            Objects.requireNonNull(approval, "approval");
        }

        @Override
        public String modelSha256() {
            return approval.modelSha256();
        }

        @Override
        public String status() {
            return "approved";
        }

        @Override
        public String note() {
            return null;
        }
    }

    /** Not signed at all: served because the stage is development, which says so wherever the model shows. */
    record Unsigned(String modelSha256) implements ApprovalStatus {

        public Unsigned {
            Objects.requireNonNull(modelSha256, "modelSha256");
        }

        @Override
        public String status() {
            return "unsigned";
        }

        @Override
        public String note() {
            return "This model is not signed by an approver. The development stage serves it; testing, staging and"
                    + " production refuse it.";
        }
    }

    /**
     * Signed, but the signature was not checked: the development stage without {@code salary.trust} has no
     * approvers to check it against.
     */
    record NotVerified(String modelSha256) implements ApprovalStatus {

        public NotVerified {
            Objects.requireNonNull(modelSha256, "modelSha256");
        }

        @Override
        public String status() {
            return "not_verified";
        }

        @Override
        public String note() {
            return "This model's signature was not verified: salary.trust is not set, which only the development"
                    + " stage allows.";
        }
    }
}
