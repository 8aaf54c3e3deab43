package com.salaryml.artifact.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.Approvers.Approver;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.signing.ApprovalException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates that are trusted, or issued by a trusted one, yet unfit to approve models: made for TLS, made with
 * no key usage, issued by an approver rather than a certificate authority, or with a weak key. Each is made by
 * keytool as an attacker or a careless operator would make it, and each is refused with its own reason.
 */
class SigningCertificatesTest {

    private static final byte[] MODEL = "{\"a model\": true}\n".getBytes(StandardCharsets.UTF_8);
    private static final String NAME = "salary-model-1.0.0.json";

    @TempDir
    static Path dir;

    private static Approver authority;

    @BeforeAll
    static void makeTheAuthority() {
        authority = Approvers.createExactly(dir, "authority", "Example CA", "-keyalg", "EC", "-groupname",
                "secp256r1", "-validity", "90", "-ext", "BasicConstraints:critical=ca:true", "-ext",
                "KeyUsage:critical=keyCertSign,digitalSignature");
    }

    /** {@code holder}'s key with a certificate that {@code issuer} issues with these extensions. */
    private static X509Certificate issue(Approver issuer, Approver holder, String... extensions) throws Exception {
        Path request = dir.resolve(holder.alias() + ".csr");
        Path issued = dir.resolve(holder.alias() + "-by-" + issuer.alias() + ".pem");
        Approvers.run(List.of(Approvers.keytool(), "-certreq", "-alias", holder.alias(), "-keystore",
                holder.keystore().toString(), "-storepass", Approvers.PASSWORD, "-file", request.toString()));
        var command = new ArrayList<>(List.of(Approvers.keytool(), "-gencert", "-rfc", "-alias", issuer.alias(),
                "-keystore", issuer.keystore().toString(), "-storepass", Approvers.PASSWORD, "-infile",
                request.toString(), "-outfile", issued.toString(), "-validity", "30"));
        command.addAll(List.of(extensions));
        Approvers.run(command);
        try (var in = Files.newInputStream(issued)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static ApprovalException refusal(Approver signer, X509Certificate certificate, Approver... trusted)
            throws Exception {
        byte[] signature = ModelSignature.sign(MODEL, NAME, signer.key(), certificate, Instant.now());
        return catchThrowableOfType(ApprovalException.class, () -> ModelSignature.verify(ModelJar.sha256(MODEL),
                NAME, signature, NAME + ".sig", Approvers.trust(trusted), Instant.now()));
    }

    @Test
    void aCodeSigningCertificateIssuedByATrustedAuthorityApproves() throws Exception {
        Approver carol = Approvers.createExactly(dir, "carol", "Carol Example", "-keyalg", "Ed25519");
        X509Certificate certificate = issue(authority, carol, "-ext", "KeyUsage:critical=digitalSignature",
                "-ext", "ExtendedKeyUsage=codeSigning");

        assertThat(refusal(carol, certificate, authority)).isNull();
    }

    @Test
    void aTlsServerCertificateFromATrustedAuthorityIsNotForSigning() throws Exception {
        Approver server = Approvers.createExactly(dir, "server", "www.example.org", "-keyalg", "EC", "-groupname",
                "secp256r1");
        X509Certificate tls = issue(authority, server, "-ext", "KeyUsage:critical=keyAgreement", "-ext",
                "ExtendedKeyUsage=serverAuth");

        ApprovalException e = refusal(server, tls, authority);
        assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_NOT_FOR_SIGNING);
        assertThat(e.getMessage()).contains("CN=www.example.org").contains("without digitalSignature");

        X509Certificate serverAuthOnly = issue(authority, server, "-ext", "KeyUsage:critical=digitalSignature",
                "-ext", "ExtendedKeyUsage=serverAuth");
        e = refusal(server, serverAuthOnly, authority);
        assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_NOT_FOR_SIGNING);
        assertThat(e.getMessage()).contains("TLS servers (serverAuth)").contains("not for code signing");
    }

    @Test
    void aSelfSignedCertificateWithoutKeyUsageIsNotForSigning() {
        Approver plain = Approvers.createExactly(dir, "plain", "Plain Example", "-keyalg", "Ed25519");

        ApprovalException e = catchThrowableOfType(ApprovalException.class, () -> refusalOrThrow(plain));
        assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_NOT_FOR_SIGNING);
        assertThat(e.getMessage()).contains("has no key usage").contains("-ext KeyUsage:critical=digitalSignature");
    }

    private static void refusalOrThrow(Approver approver) throws Exception {
        ApprovalException e = refusal(approver, approver.certificate(), approver);
        if (e != null) {
            throw e;
        }
    }

    @Test
    void aCertificateIssuedByAnApproverWhoIsNoAuthorityIsRefused() throws Exception {
        Approver alice = Approvers.ed25519(dir, "alice", "Alice Example");
        Approver mallory = Approvers.createExactly(dir, "mallory", "Mallory Example", "-keyalg", "Ed25519");
        X509Certificate byAlice = issue(alice, mallory, "-ext", "KeyUsage:critical=digitalSignature");

        ApprovalException e = refusal(mallory, byAlice, alice);
        assertThat(e.reason()).isEqualTo(Reason.ISSUER_NOT_A_CA);
        assertThat(e.getMessage()).contains("CN=Mallory Example").contains("CN=Alice Example")
                .contains("not a certificate authority");
    }

    @Test
    void weakKeysAreRefusedWhateverTheirUsage() {
        Approver rsa1024 = Approvers.create(dir, "rsa1024", "Weak Example", "-keyalg", "RSA", "-keysize", "1024");
        Approver rsa2048 = Approvers.create(dir, "rsa2048", "Strong Example", "-keyalg", "RSA", "-keysize", "2048");

        ApprovalException e = catchThrowableOfType(ApprovalException.class, () -> refusalOrThrow(rsa1024));
        assertThat(e.reason()).isEqualTo(Reason.WEAK_KEY);
        assertThat(e.getMessage()).contains("an RSA key of 1024 bits");
        assertThat(SigningCertificates.check(rsa2048.certificate(), null)).isEmpty();
        assertThat(SigningCertificates.check(Approvers.ec(dir, "p256", "P256 Example").certificate(), null)).isEmpty();
    }
}
