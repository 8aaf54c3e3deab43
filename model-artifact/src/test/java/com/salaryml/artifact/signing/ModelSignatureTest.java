package com.salaryml.artifact.signing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.salaryml.artifact.Approvers.Approver;
import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.signing.ApprovalException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing a model file and checking the signature, with keys made by keytool. */
class ModelSignatureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "salary-model-1.0.0.json";
    private static final byte[] MODEL = ModelFormat.write(TestModels.SALARY);
    private static final byte[] OTHER_MODEL = ModelFormat.write(TestModels.model("1.1.0", 31000, 2100, 1000, 1400));

    @TempDir
    static Path dir;

    private static Approver alice;
    private static Approver bob;
    private static Approver mallory;
    private static Approver lapsed;
    private static TrustedApprovers trust;
    private static Instant signedAt;

    @BeforeAll
    static void makeKeys() {
        var team = Approvers.team();
        alice = team.alice();
        bob = team.bob();
        mallory = team.mallory();
        lapsed = team.lapsed();
        trust = Approvers.trust(alice, bob, lapsed);
        signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void aModelSignedWithEd25519OrEcIsApprovedByItsSignerAtItsTime() throws Exception {
        for (Approver approver : List.of(alice, bob)) {
            byte[] signature = ModelSignature.sign(MODEL, NAME, approver.key(), approver.certificate(), signedAt);

            Approval approval = verify(MODEL, NAME, signature, trust);

            assertThat(approval.signer()).isEqualTo(approver.certificate().getSubjectX500Principal().getName())
                    .startsWith("CN=" + approver.certificate().getSubjectX500Principal().getName().substring(3, 8));
            assertThat(approval.keyFingerprint())
                    .isEqualTo("sha256:" + ModelJar.sha256(approver.certificate().getPublicKey().getEncoded()));
            assertThat(approval.signedAt()).isEqualTo(signedAt);
            assertThat(approval.modelFile()).isEqualTo(NAME);
            assertThat(approval.modelSha256()).isEqualTo(ModelJar.sha256(MODEL));
        }
    }

    @Test
    void theSignatureFileIsADsseEnvelopeOfAnInTotoStatementAPersonCanRead() throws Exception {
        byte[] signature = ModelSignature.sign(MODEL, NAME, alice.key(), alice.certificate(), signedAt);

        var envelope = JSON.readTree(signature);
        assertThat(envelope.get("payloadType").textValue()).isEqualTo("application/vnd.in-toto+json");
        var statement = JSON.readTree(Base64.getDecoder().decode(envelope.get("payload").textValue()));
        assertThat(statement.get("_type").textValue()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.at("/subject/0/name").textValue()).isEqualTo(NAME);
        assertThat(statement.at("/subject/0/digest/sha256").textValue()).isEqualTo(ModelJar.sha256(MODEL));
        assertThat(statement.at("/predicate/signer").textValue()).contains("CN=Alice Example");
        assertThat(statement.at("/predicate/signed_at").textValue()).isEqualTo(signedAt.toString());
        assertThat(envelope.at("/signatures/0/keyid").textValue()).startsWith("sha256:");
        assertThat(new String(signature, UTF_8)).endsWith("}\n");
    }

    @Test
    void noSignatureIsUnsigned() {
        assertRefused(MODEL, NAME, null, trust, Reason.UNSIGNED, "not signed", "sign command");
    }

    @Test
    void oneByteChangedAfterSigningIsRefusedAsModified() throws Exception {
        byte[] signature = ModelSignature.sign(MODEL, NAME, alice.key(), alice.certificate(), signedAt);
        String text = new String(MODEL, UTF_8);
        int at = text.indexOf("30000.5");
        for (int position : new int[] {at, text.length() - 2, 0}) {
            byte[] changed = MODEL.clone();
            changed[position] ^= 1;

            assertRefused(changed, NAME, signature, trust, Reason.MODIFIED, "changed after it was signed");
        }
    }

    @Test
    void aSignatureMovedOverFromAnotherModelIsRefused() throws Exception {
        byte[] signature = ModelSignature.sign(MODEL, NAME, alice.key(), alice.certificate(), signedAt);

        assertRefused(OTHER_MODEL, "salary-model-1.1.0.json", signature, trust, Reason.SIGNATURE_OF_ANOTHER_MODEL,
                "it signs " + NAME, "not salary-model-1.1.0.json");
    }

    @Test
    void aSignerWhoIsNotTrustedIsRefusedByName() throws Exception {
        byte[] signature = ModelSignature.sign(MODEL, NAME, mallory.key(), mallory.certificate(), signedAt);

        assertRefused(MODEL, NAME, signature, trust, Reason.UNTRUSTED_SIGNER, "CN=Mallory Example",
                "not a trusted approver");
    }

    @Test
    void removingAnApproversCertificateRevokesThem() throws Exception {
        byte[] signature = ModelSignature.sign(MODEL, NAME, alice.key(), alice.certificate(), signedAt);

        assertThat(verify(MODEL, NAME, signature, trust).signer()).contains("Alice");
        assertRefused(MODEL, NAME, signature, Approvers.trust(bob, lapsed), Reason.UNTRUSTED_SIGNER, "Alice");
    }

    @Test
    void aTrustedCertificateThatHasExpiredIsRefused() throws Exception {
        // Signed while the certificate was valid; it has expired since.
        Instant whileValid = lapsed.certificate().getNotBefore().toInstant().plus(Duration.ofHours(1));
        byte[] signature = ModelSignature.sign(MODEL, NAME, lapsed.key(), lapsed.certificate(), whileValid);

        assertRefused(MODEL, NAME, signature, trust, Reason.CERTIFICATE_NOT_VALID, "CN=Lapsed Example",
                "not at this time");
    }

    @Test
    void aSigningTimeOutsideTheCertificatesValidityIsRefused() throws Exception {
        Instant beforeItsTime = alice.certificate().getNotBefore().toInstant().minus(Duration.ofDays(2));
        byte[] signature = ModelSignature.sign(MODEL, NAME, alice.key(), alice.certificate(), beforeItsTime);

        assertRefused(MODEL, NAME, signature, trust, Reason.CERTIFICATE_NOT_VALID, "not at the signing time");
    }

    @Test
    void aStatementChangedAfterSigningDoesNotVerify() throws Exception {
        byte[] signature = ModelSignature.sign(MODEL, NAME, alice.key(), alice.certificate(), signedAt);
        // Point the statement at another model, keeping the signature: what a forger would try.
        ObjectNode envelope = (ObjectNode) JSON.readTree(signature);
        String statement = new String(Base64.getDecoder().decode(envelope.get("payload").textValue()), UTF_8)
                .replace(ModelJar.sha256(MODEL), ModelJar.sha256(OTHER_MODEL));
        envelope.put("payload", Base64.getEncoder().encodeToString(statement.getBytes(UTF_8)));

        assertRefused(OTHER_MODEL, NAME, JSON.writeValueAsBytes(envelope), trust, Reason.BAD_SIGNATURE,
                "does not verify");
    }

    @Test
    void aTrustedCertificatePutBesideAnotherKeysSignatureDoesNotVerify() throws Exception {
        byte[] signature = ModelSignature.sign(MODEL, NAME, mallory.key(), mallory.certificate(), signedAt);
        ObjectNode envelope = (ObjectNode) JSON.readTree(signature);
        ((ObjectNode) envelope.get("signatures").get(0)).put("certificate",
                Base64.getEncoder().encodeToString(alice.certificate().getEncoded()));

        assertRefused(MODEL, NAME, JSON.writeValueAsBytes(envelope), trust, Reason.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void aCertificateIssuedByATrustedCertificateIsTrusted() throws Exception {
        Approver authority = Approvers.createExactly(dir, "authority", "Data Science Approvals", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "90", "-ext", "BasicConstraints:critical=ca:true",
                "-ext", "KeyUsage:critical=keyCertSign,digitalSignature");
        Approver carol = Approvers.ed25519(dir, "carol", "Carol Example");
        Path request = dir.resolve("carol.csr");
        Path issued = dir.resolve("carol-issued.pem");
        Approvers.run(List.of(Approvers.keytool(), "-certreq", "-alias", "carol", "-keystore",
                carol.keystore().toString(), "-storepass", Approvers.PASSWORD, "-file", request.toString()));
        Approvers.run(List.of(Approvers.keytool(), "-gencert", "-rfc", "-alias", "authority", "-keystore",
                authority.keystore().toString(), "-storepass", Approvers.PASSWORD, "-infile", request.toString(),
                "-outfile", issued.toString(), "-validity", "30", "-ext", "KeyUsage:critical=digitalSignature"));
        var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                .getInstance("X.509").generateCertificate(Files.newInputStream(issued));
        byte[] signature = ModelSignature.sign(MODEL, NAME, carol.key(), certificate, Instant.now());

        assertThat(verify(MODEL, NAME, signature, Approvers.trust(authority)).signer()).contains("CN=Carol Example");
        assertRefused(MODEL, NAME, signature, Approvers.trust(alice), Reason.UNTRUSTED_SIGNER, "Carol");
    }

    @Test
    void aKeyThatIsNotTheCertificatesCannotSign() {
        assertThatThrownBy(() -> ModelSignature.sign(MODEL, NAME, alice.key(), mallory.certificate(), signedAt))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("does not belong");
    }

    @Test
    void malformedSignatureFilesAreRefusedNamingWhatIsWrong() throws Exception {
        byte[] good = ModelSignature.sign(MODEL, NAME, alice.key(), alice.certificate(), signedAt);
        String text = new String(good, UTF_8);

        assertMalformed(new byte[0], "is empty");
        assertMalformed(java.util.Arrays.copyOf(good, good.length / 2), "is not valid JSON");
        assertMalformed(new byte[ModelSignature.MAX_BYTES + 1], "is larger than 65536 bytes");
        assertMalformed("[]".getBytes(UTF_8), "is not a JSON object");
        assertMalformed(text.replace("\"payloadType\"", "\"payloadKind\"").getBytes(UTF_8),
                "unknown field 'payloadKind'");
        assertMalformed(text.replace("application/vnd.in-toto+json", "text/plain").getBytes(UTF_8),
                "field 'payloadType' must be");
        assertMalformed(text.replaceFirst("\"sig\" : \"", "\"sig\" : \"%%").getBytes(UTF_8),
                "field 'signatures[0].sig' is not base64");
        assertMalformed(text.replaceFirst("\"certificate\" : \"[A-Za-z0-9+/]{8}", "\"certificate\" : \"AAAAAAAA")
                .getBytes(UTF_8), "field 'signatures[0].certificate' is not an X.509 certificate");
        ObjectNode two = (ObjectNode) JSON.readTree(good);
        two.withArray("signatures").add(two.get("signatures").get(0).deepCopy());
        assertMalformed(JSON.writeValueAsBytes(two), "field 'signatures' must be an array of one signature");
        ObjectNode notAStatement = (ObjectNode) JSON.readTree(good);
        notAStatement.put("payload", Base64.getEncoder().encodeToString("{\"_type\":1}".getBytes(UTF_8)));
        assertMalformed(JSON.writeValueAsBytes(notAStatement), "field 'payload._type' must be a non-empty string");
    }

    private static void assertMalformed(byte[] signature, String... expected) {
        assertRefused(MODEL, NAME, signature, trust, Reason.MALFORMED_SIGNATURE, expected);
    }

    private static Approval verify(byte[] model, String name, byte[] signature, TrustedApprovers trusted)
            throws ApprovalException {
        return ModelSignature.verify(ModelJar.sha256(model), name, signature, name + ".sig", trusted, Instant.now());
    }

    private static void assertRefused(byte[] model, String name, byte[] signature, TrustedApprovers trusted,
                                      Reason reason, String... expected) {
        var e = catchThrowableOfType(ApprovalException.class, () -> verify(model, name, signature, trusted));

        assertThat(e).as("the signature should be refused").isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(e.source()).isEqualTo(name + ".sig");
        assertThat(e.getMessage()).startsWith(name + ".sig: ");
        for (String part : expected) {
            assertThat(e.getMessage()).contains(part);
        }
    }
}
