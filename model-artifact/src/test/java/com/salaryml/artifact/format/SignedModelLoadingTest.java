package com.salaryml.artifact.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.Approvers.Approver;
import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.signing.ApprovalException.Reason;
import com.salaryml.artifact.signing.ApprovalException;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.signing.TrustedApprovers;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import jdk.security.jarsigner.JarSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model loaded with its signature: beside a model file, or inside a model JAR with its JAR signature. */
class SignedModelLoadingTest {

    private static final String NAME = "salary-model-1.0.0.json";
    private static final byte[] MODEL = ModelFormat.write(TestModels.SALARY);

    @TempDir
    static Path dir;

    private static Approver alice;
    private static Approver mallory;
    private static TrustedApprovers trust;

    @BeforeAll
    static void makeKeys() {
        alice = Approvers.team().alice();
        mallory = Approvers.team().mallory();
        trust = Approvers.trust(alice);
    }

    @Test
    void aModelFileIsLoadedWithTheSignatureBesideIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("json"));
        Path model = Files.write(folder.resolve(NAME), MODEL);
        Files.write(folder.resolve(NAME + ".sig"), sign(alice));

        LoadedModel loaded = ModelLoader.loadWithSignature(model);

        assertThat(loaded.predictor()).isEqualTo(TestModels.SALARY);
        assertThat(loaded.fileName()).isEqualTo(NAME);
        assertThat(loaded.sha256()).isEqualTo(ModelJar.sha256(MODEL));
        assertThat(loaded.signatureSource()).isEqualTo(model + ".sig");
        assertThat(loaded.approval(trust, Instant.now()).signer()).contains("CN=Alice Example");
    }

    @Test
    void aModelFileWithoutASignatureIsLoadedAsUnsigned() throws Exception {
        Path model = Files.write(Files.createDirectories(dir.resolve("unsigned")).resolve(NAME), MODEL);

        LoadedModel loaded = ModelLoader.loadWithSignature(model);

        assertThat(loaded.signed()).isFalse();
        var e = catchThrowableOfType(ApprovalException.class, () -> loaded.approval(trust, Instant.now()));
        assertThat(e.reason()).isEqualTo(Reason.UNSIGNED);
        assertThat(e.getMessage()).startsWith(model + ".sig: not found");
    }

    @Test
    void aSignedModelJarCarriesTheSignatureAndAJarSignatureByTheSameApprover() throws Exception {
        Path jar = signedJar(dir.resolve("signed.jar"), alice, alice);

        LoadedModel loaded = ModelLoader.loadWithSignature(jar);

        assertThat(loaded.jar()).isTrue();
        assertThat(loaded.fileName()).isEqualTo(NAME);
        assertThat(loaded.sha256()).isEqualTo(ModelJar.sha256(MODEL));
        assertThat(loaded.jarSigners()).containsExactly(alice.certificate());
        assertThat(loaded.approval(trust, Instant.now()).modelSha256()).isEqualTo(ModelJar.sha256(MODEL));
        // The plain loader still reads it: signing adds entries, it changes none.
        assertThat(ModelLoader.load(jar)).isEqualTo(TestModels.SALARY);
    }

    @Test
    void aModelJarWithoutAJarSignatureOrWithAnotherSignersIsRefused() throws Exception {
        Path unsignedJar = Files.write(dir.resolve("no-jar-signature.jar"),
                ModelJar.write(MODEL, TestModels.SALARY, NAME, LocalDateTime.of(2026, 11, 29, 0, 0), sign(alice)));
        Path otherSigner = signedJar(dir.resolve("other-signer.jar"), alice, mallory);

        assertRefused(unsignedJar, Reason.BAD_SIGNATURE, "has no JAR signature");
        assertRefused(otherSigner, Reason.BAD_SIGNATURE, "not by the approver who signed the model");
    }

    @Test
    void aSignedModelJarWithAnEntryChangedAfterSigningDoesNotLoad() throws Exception {
        Path jar = signedJar(dir.resolve("to-change.jar"), alice, alice);
        Path changed = dir.resolve("changed.jar");
        byte[] altered = new String(MODEL, java.nio.charset.StandardCharsets.UTF_8).replace("30000.5", "30000.6")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var zip = new ZipFile(jar.toFile()); var out = new ZipOutputStream(Files.newOutputStream(changed))) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals(ModelJar.MODEL_ENTRY) ? altered : zip.getInputStream(entry).readAllBytes());
                out.closeEntry();
            }
        }

        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelLoader.loadWithSignature(changed));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(changed + ": ").contains("altered after it was signed");
    }

    private static void assertRefused(Path jar, Reason reason, String expected) throws ModelLoadException {
        LoadedModel loaded = ModelLoader.loadWithSignature(jar);
        var e = catchThrowableOfType(ApprovalException.class, () -> loaded.approval(trust, Instant.now()));
        assertThat(e).as("the JAR should be refused").isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(expected);
    }

    private static byte[] sign(Approver approver) throws Exception {
        return ModelSignature.sign(MODEL, NAME, approver.key(), approver.certificate(), Instant.now());
    }

    /** A model JAR with {@code approver}'s signature entry, JAR-signed by {@code jarSigner} as jarsigner would. */
    static Path signedJar(Path target, Approver approver, Approver jarSigner) throws Exception {
        Path unsigned = Files.write(target.resolveSibling("unsigned-" + target.getFileName()),
                ModelJar.write(MODEL, TestModels.SALARY, NAME, LocalDateTime.of(2026, 11, 29, 0, 0), sign(approver)));
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(jarSigner.certificate()));
        JarSigner signer = new JarSigner.Builder(jarSigner.key(), path).build();
        try (var zip = new ZipFile(unsigned.toFile()); OutputStream out = Files.newOutputStream(target)) {
            signer.sign(zip, out);
        }
        return target;
    }
}
