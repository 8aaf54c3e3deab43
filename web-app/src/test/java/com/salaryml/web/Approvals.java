package com.salaryml.web;

import com.salaryml.web.serving.ApprovalStatus;
import com.salaryml.artifact.signing.Approval;
import java.time.Instant;

/** Approval states for tests that need one but check no signature: a fixed approver, and an unsigned model. */
public final class Approvals {

    /** A SHA-256 that looks like one: 64 lower-case hex digits. */
    public static final String SHA256 = "0123456789abcdef".repeat(4);

    /** Approved by a fixed approver, as a verified signature would say. */
    public static final ApprovalStatus APPROVED = new ApprovalStatus.Approved(new Approval(
            "CN=Alice Example,OU=Data Science,O=Example Org", "sha256:" + "fedcba9876543210".repeat(4),
            Instant.parse("2026-11-29T10:15:30Z"), "salary-model-1.0.0.json", SHA256));

    /** Served unsigned, as development serves it. */
    public static final ApprovalStatus UNSIGNED = new ApprovalStatus.Unsigned(SHA256);

    private Approvals() {
    }
}
