package com.salaryml.artifact.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.artifact.Approvers.Approver;
import com.salaryml.artifact.Approvers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approvers' certificates, read as an operator gives them: a PEM file or a truststore made by keytool. */
class TrustedApproversTest {

    @TempDir
    static Path dir;

    private static Approver alice;
    private static Approver bob;

    @BeforeAll
    static void makeKeys() {
        alice = Approvers.team().alice();
        bob = Approvers.team().bob();
    }

    @Test
    void readsEveryCertificateOfAPemFile() throws Exception {
        Path pem = Approvers.pem(dir.resolve("approvers.pem"), alice, bob);

        assertThat(TrustedApprovers.load(pem, null).certificates())
                .containsExactly(alice.certificate(), bob.certificate());
    }

    @Test
    void readsATruststoreMadeWithKeytoolImportcert() throws Exception {
        Path pem = Approvers.pem(dir.resolve("bob-only.pem"), bob);
        Path truststore = dir.resolve("approvers.p12");
        Approvers.run(List.of(Approvers.keytool(), "-importcert", "-noprompt", "-alias", "bob", "-file", pem.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", "truststore-password"));

        assertThat(TrustedApprovers.load(truststore, "truststore-password".toCharArray()).certificates())
                .containsExactly(bob.certificate());
        assertThatThrownBy(() -> TrustedApprovers.load(truststore, "wrong".toCharArray()))
                .isInstanceOf(TrustLoadException.class).hasMessageStartingWith(truststore + ": ")
                .hasMessageContaining("truststore that opens with the given password");
    }

    @Test
    void refusesFilesThatHoldNoCertificateOrAPrivateKey() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n"
                + "-----END PRIVATE KEY-----\n");
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> TrustedApprovers.load(empty, null)).isInstanceOf(TrustLoadException.class)
                .hasMessageStartingWith(empty + ": ").hasMessageContaining("not a PEM file of X.509 certificates");
        assertThatThrownBy(() -> TrustedApprovers.load(key, null)).isInstanceOf(TrustLoadException.class)
                .hasMessageContaining("holds a private key");
        assertThatThrownBy(() -> TrustedApprovers.load(garbage, null)).isInstanceOf(TrustLoadException.class)
                .hasMessageContaining("is neither a PEM file of certificates nor a truststore");
        assertThatThrownBy(() -> TrustedApprovers.load(dir.resolve("missing.pem"), null))
                .isInstanceOf(TrustLoadException.class).hasMessageEndingWith("missing.pem: no such file");
        assertThatThrownBy(() -> TrustedApprovers.load(dir, null)).isInstanceOf(TrustLoadException.class)
                .hasMessageContaining("is a directory");
    }
}
