package com.salaryml.web.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.signing.ApprovalException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RejectionReasonTest {

    /** A reason model-artifact adds must get its own metric label here, not fail the refusal with an exception. */
    @ParameterizedTest
    @EnumSource(ApprovalException.Reason.class)
    void everyApprovalReasonHasTheSameLabelInTheApp(ApprovalException.Reason reason) {
        assertThat(RejectionReason.of(reason).label()).isEqualTo(reason.label());
    }
}
