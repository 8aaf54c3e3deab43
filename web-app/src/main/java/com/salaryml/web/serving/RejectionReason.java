package com.salaryml.web.serving;

import com.salaryml.artifact.signing.ApprovalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Why the app refused to serve a model file, as the log and {@code salary_model_rejections_total} name it: one
 * of the app's own reasons, or an approval that failed, for model-artifact's reason
 * ({@link ApprovalException.Reason}). The approval reasons are not copied here, so a reason model-artifact adds
 * is the app's too, with its own label.
 */
public sealed interface RejectionReason permits RejectionReason.App, RejectionReason.Approval {

    /** Not a model the app can serve: unreadable, invalid, or it cannot predict. */
    RejectionReason INVALID_MODEL = App.INVALID_MODEL;
    /** A version already served from another file of the directory. */
    RejectionReason DUPLICATE_VERSION = App.DUPLICATE_VERSION;
    /** A symbolic link in the model directory: only files copied into it are served. */
    RejectionReason SYMBOLIC_LINK = App.SYMBOLIC_LINK;
    /** The stage serves approved models only, and {@code salary.trust} names no approvers to check them with. */
    RejectionReason TRUST_NOT_SET = App.TRUST_NOT_SET;

    /** The lower-case name, as the metric's {@code reason} label and the log spell it: {@code untrusted_signer}. */
    String label();

    /** The app's name for an approval that failed: the same word. */
    static RejectionReason of(ApprovalException.Reason reason) {
        return new Approval(reason);
    }

    /** Every reason: the app's own, then the approval's, each in its declared order. */
    static List<RejectionReason> values() {
        var all = new ArrayList<RejectionReason>(List.of(App.values()));
        for (ApprovalException.Reason reason : ApprovalException.Reason.values()) {
            all.add(of(reason));
        }
        return List.copyOf(all);
    }

    /** The reasons that are the app's own, not the approval's. */
    enum App implements RejectionReason {
        INVALID_MODEL, DUPLICATE_VERSION, SYMBOLIC_LINK, TRUST_NOT_SET;

        @Override
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An approval that failed, for model-artifact's reason. */
    record Approval(ApprovalException.Reason reason) implements RejectionReason {

        public Approval {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String label() {
            return reason.label();
        }
    }
}
