package com.salaryml.web.serving;

import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.Approvers.Approver;
import com.salaryml.artifact.signing.TrustedApprovers;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.Settings;

import java.nio.file.Path;

/** Writes an approvers file into a key folder and trusts it, as the context init-param would. */
final class TrustFiles {

    private TrustFiles() {
    }

    static AppConfig.Trust trusting(Path keys, Approver... approvers) throws Exception {
        Path pem = Approvers.pem(keys.resolve("approvers.pem"), approvers);
        return new AppConfig.Trust(TrustedApprovers.load(pem, null),
                new Settings.Value(pem.toString(), "context init-param salary.trust"));
    }
}
