package com.salaryml.web.serving;

import com.salaryml.artifact.signing.ApprovalException.Reason;
import com.salaryml.web.Approvals;
import com.salaryml.artifact.Approvers;
import com.salaryml.web.ModelFiles;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.Stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.format.LoadedModel;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.signing.TrustedApprovers;
import com.salaryml.artifact.Approvers.Approver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The approval policy by stage, judging model files signed with real keys made by keytool. */
class ApprovalPolicyTest {

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    static Approver alice;
    static Approver mallory;
    static Approver carol;
    static AppConfig.Trust trust;

    @BeforeAll
    static void makeKeys() throws Exception {
        alice = Approvers.ed25519(keys, "alice", "Alice Example");
        mallory = Approvers.ed25519(keys, "mallory", "Mallory Example");
        carol = Approvers.expired(keys, "carol", "Carol Example");
        trust = TrustFiles.trusting(keys, alice, carol);
    }

    static ApprovalPolicy policy(Stage stage, boolean withTrust) {
        return new ApprovalPolicy(stage, withTrust ? Optional.of(trust) : Optional.empty(), Clock.systemUTC());
    }

    /** The model file of {@code version}, signed by {@code approver} (null: unsigned), read as the app reads it. */
    LoadedModel model(String version, Approver approver) throws Exception {
        Model model = ModelFiles.model(version, 0);
        Path file = approver == null ? Approvers.publish(dir, Approvers.fileName(model), ModelFormat.write(model))
                : Approvers.publishSigned(dir, model, approver);
        return ModelLoader.loadWithSignature(file);
    }

    RejectionReason refusal(ApprovalPolicy policy, LoadedModel model) {
        return catchThrowableOfType(ModelRefusedException.class, () -> policy.check(model)).reason();
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"TESTING", "STAGING", "PRODUCTION"})
    void outsideDevelopmentOnlyAModelSignedByATrustedApproverIsServed(Stage stage) throws Exception {
        ApprovalPolicy policy = policy(stage, true);

        ApprovalStatus approved = policy.check(model("1.0.0", alice));

        assertThat(approved).isInstanceOf(ApprovalStatus.Approved.class);
        var approval = ((ApprovalStatus.Approved) approved).approval();
        assertThat(approval.signer()).isEqualTo(alice.subject());
        assertThat(approval.keyFingerprint()).isEqualTo(TrustedApprovers.fingerprint(alice.certificate().getPublicKey()));
        assertThat(approved.modelSha256()).isEqualTo(ModelJar.sha256(Files.readAllBytes(dir.resolve("salary-model-1.0.0.json"))));
        assertThat(refusal(policy, model("1.0.1", null))).isEqualTo(RejectionReason.of(Reason.UNSIGNED));
        assertThat(refusal(policy, model("1.0.2", mallory))).isEqualTo(RejectionReason.of(Reason.UNTRUSTED_SIGNER));
        assertThat(refusal(policy, model("1.0.3", carol))).isEqualTo(RejectionReason.of(Reason.CERTIFICATE_NOT_VALID));
    }

    @Test
    void aFileChangedAfterSigningOrSignedForAnotherIsRefused() throws Exception {
        ApprovalPolicy policy = policy(Stage.PRODUCTION, true);
        model("1.0.0", alice);
        Path file = dir.resolve("salary-model-1.0.0.json");
        Files.write(file, Approvers.withOneByteChanged(Files.readAllBytes(file)));
        assertThat(refusal(policy, ModelLoader.loadWithSignature(file))).isEqualTo(RejectionReason.of(Reason.MODIFIED));

        model("2.0.0", alice);
        Files.copy(dir.resolve("salary-model-1.0.0.json.sig"), dir.resolve("salary-model-2.0.0.json.sig"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(refusal(policy, ModelLoader.loadWithSignature(dir.resolve("salary-model-2.0.0.json"))))
                .isEqualTo(RejectionReason.of(Reason.SIGNATURE_OF_ANOTHER_MODEL));

        Files.writeString(dir.resolve("salary-model-2.0.0.json.sig"), "not a signature");
        assertThat(refusal(policy, ModelLoader.loadWithSignature(dir.resolve("salary-model-2.0.0.json"))))
                .isEqualTo(RejectionReason.of(Reason.MALFORMED_SIGNATURE));
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"TESTING", "STAGING", "PRODUCTION"})
    void outsideDevelopmentWithoutTrustEveryModelIsRefusedWithWhatToSet(Stage stage) throws Exception {
        ApprovalPolicy policy = policy(stage, false);

        var refused = catchThrowableOfType(ModelRefusedException.class, () -> policy.check(model("1.0.0", alice)));

        assertThat(refused.reason()).isEqualTo(RejectionReason.TRUST_NOT_SET);
        assertThat(refused.getMessage()).contains("the " + stage.id() + " stage", "salary.trust is not set");
    }

    @Test
    void thePackagedModelIsServedInDevelopmentOnlyAndItsRefusalSaysWhatToDo() throws Exception {
        assertThat(policy(Stage.DEVELOPMENT, false).checkPackaged(Approvals.SHA256))
                .isEqualTo(new ApprovalStatus.Unsigned(Approvals.SHA256));
        for (boolean withTrust : List.of(true, false)) {
            var refused = catchThrowableOfType(ModelRefusedException.class,
                    () -> policy(Stage.PRODUCTION, withTrust).checkPackaged(Approvals.SHA256));
            assertThat(refused.reason())
                    .isEqualTo(withTrust ? RejectionReason.of(Reason.UNSIGNED) : RejectionReason.TRUST_NOT_SET);
            assertThat(refused.getMessage()).contains("not signed", "set salary.environment=development",
                    "point salary.model at a signed model and salary.trust at the approvers' certificates");
        }
    }

    @Test
    void developmentWithoutTrustServesEverythingAndSaysNothingWasChecked() throws Exception {
        ApprovalPolicy policy = policy(Stage.DEVELOPMENT, false);

        assertThat(policy.check(model("1.0.0", null))).isInstanceOf(ApprovalStatus.Unsigned.class)
                .extracting(ApprovalStatus::note).asString().contains("not signed");
        // Not checked, so not even an untrusted signer is refused; and it is not called approved.
        ApprovalStatus untrusted = policy.check(model("1.0.1", mallory));
        assertThat(untrusted).isInstanceOf(ApprovalStatus.NotVerified.class);
        assertThat(untrusted.approved()).isFalse();
        assertThat(untrusted.note()).contains("not verified", "salary.trust is not set");
    }

    @Test
    void developmentWithTrustServesUnsignedModelsButRefusesABadSignature() throws Exception {
        ApprovalPolicy policy = policy(Stage.DEVELOPMENT, true);

        assertThat(policy.check(model("1.0.0", null))).isInstanceOf(ApprovalStatus.Unsigned.class);
        assertThat(policy.check(model("1.0.1", alice))).isInstanceOf(ApprovalStatus.Approved.class);
        assertThat(refusal(policy, model("1.0.2", mallory))).isEqualTo(RejectionReason.of(Reason.UNTRUSTED_SIGNER));
        assertThat(refusal(policy, model("1.0.3", carol))).isEqualTo(RejectionReason.of(Reason.CERTIFICATE_NOT_VALID));
        Files.writeString(dir.resolve("salary-model-1.0.0.json" + ModelSignature.SUFFIX), "{");
        assertThat(refusal(policy, ModelLoader.loadWithSignature(dir.resolve("salary-model-1.0.0.json"))))
                .isEqualTo(RejectionReason.of(Reason.MALFORMED_SIGNATURE));
    }
}
