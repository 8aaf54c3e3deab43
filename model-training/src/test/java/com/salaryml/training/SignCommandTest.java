package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.signing.ApprovalException;
import com.salaryml.artifact.format.LoadedModel;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.signing.TrustedApprovers;
import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.Approvers.Approver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data scientist signs a trained model with a key made by keytool; jarsigner and the loader agree. */
class SignCommandTest {

    private static final Map<String, String> PASSWORD = Map.of(SignCommand.PASSWORD_VARIABLE, Approvers.PASSWORD);

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    private static Path alice;
    private static Path bob;
    private static TrustedApprovers trust;

    @BeforeAll
    static void makeKeys() throws Exception {
        Approver aliceKey = Approvers.ed25519(keys, "alice", "Alice Example");
        Approver bobKey = Approvers.ec(keys, "bob", "Bob Example");
        alice = aliceKey.keystore();
        bob = bobKey.keystore();
        trust = TrustedApprovers.load(Approvers.pem(keys.resolve("approvers.pem"), aliceKey, bobKey), null);
    }

    @Test
    void signsTheModelFileAndItsJarSoThatTheLoaderAndJarsignerBothAccept() throws Exception {
        Path json = train("1.1.0");
        Path jar = dir.resolve("salary-model-1.1.0.jar");
        String sha256 = ModelJar.sha256(Files.readAllBytes(json));

        Run run = sign(PASSWORD, "--model", json.toString(), "--keystore", alice.toString(), "--alias", "alice");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Signed " + json + " (SHA-256 " + sha256 + ")")
                .contains("as CN=Alice Example").contains("Wrote " + json + ".sig").contains("Signed " + jar);
        LoadedModel fromJson = ModelLoader.loadWithSignature(json);
        LoadedModel fromJar = ModelLoader.loadWithSignature(jar);
        assertThat(fromJson.approval(trust, Instant.now()).signer()).contains("CN=Alice Example");
        assertThat(fromJar.approval(trust, Instant.now()).modelSha256()).isEqualTo(sha256);
        assertThat(fromJar.predictor()).isEqualTo(fromJson.predictor());

        var verified = Jarsigner.verify(jar);
        assertThat(verified.status()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("jar verified.");
    }

    @Test
    void jarsignerRefusesTheSignedJarOnceOneEntryIsChanged() throws Exception {
        Path json = train("1.2.0");
        Path jar = dir.resolve("salary-model-1.2.0.jar");
        assertThat(sign(PASSWORD, "--model", json.toString(), "--keystore", bob.toString(), "--alias", "bob")
                .status()).isZero();
        Path changed = dir.resolve("changed.jar");
        try (var zip = new ZipFile(jar.toFile()); var out = new ZipOutputStream(Files.newOutputStream(changed))) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] content = zip.getInputStream(entry).readAllBytes();
                if (entry.getName().equals(ModelJar.PROPERTIES_ENTRY)) {
                    content = new String(content, UTF_8).replace("# The", "# the").getBytes(UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }

        var verified = Jarsigner.verify(changed);

        assertThat(verified.output()).doesNotContain("jar verified.").contains("digest error");
        assertThat(verified.status()).isNotZero();
    }

    @Test
    void thePasswordIsNeverAnArgument() throws Exception {
        Path json = train("1.3.0");

        Run run = sign(PASSWORD, "--model", json.toString(), "--keystore", alice.toString(), "--alias", "alice",
                "--password", "secret");

        assertThat(run.status()).isEqualTo(TrainCommand.USAGE);
        assertThat(run.err()).contains("--password: the keystore's password is never an argument")
                .contains(SignCommand.PASSWORD_VARIABLE);
        assertThat(json.resolveSibling(json.getFileName() + ".sig")).doesNotExist();
    }

    @Test
    void refusalsSayWhyAndWriteNothing() throws Exception {
        Path json = train("1.4.0");
        Path jar = dir.resolve("salary-model-1.4.0.jar");
        byte[] jarBefore = Files.readAllBytes(jar);
        Path expired = Approvers.expired(keys, "lapsed", "Lapsed Example").keystore();
        Path notAModel = Files.writeString(dir.resolve("notes.json"), "{\"format\": \"something-else\"}");
        Path noUsage = Approvers.createExactly(keys, "plain", "Plain Example", "-keyalg", "Ed25519").keystore();
        Path weak = Approvers.create(keys, "weak", "Weak Example", "-keyalg", "RSA", "-keysize", "1024").keystore();

        assertRefused(sign(Map.of(), "--model", json.toString(), "--keystore", alice.toString(), "--alias", "alice"),
                "no password for " + alice + ": set SALARY_KEYSTORE_PASSWORD");
        assertRefused(sign(Map.of(SignCommand.PASSWORD_VARIABLE, "wrong"), "--model", json.toString(), "--keystore",
                alice.toString(), "--alias", "alice"), alice + ": cannot be opened: the password is wrong");
        assertRefused(sign(PASSWORD, "--model", json.toString(), "--keystore", alice.toString(), "--alias", "carol"),
                "has no key carol; its aliases are alice");
        assertRefused(sign(PASSWORD, "--model", json.toString(), "--keystore", expired.toString(), "--alias",
                "lapsed"), "the certificate of lapsed is valid from", "renew it");
        assertRefused(sign(PASSWORD, "--model", json.toString(), "--keystore", noUsage.toString(), "--alias",
                "plain"), "plain cannot approve models", "has no key usage", "KeyUsage:critical=digitalSignature");
        assertRefused(sign(PASSWORD, "--model", json.toString(), "--keystore", weak.toString(), "--alias", "weak"),
                "weak cannot approve models", "an RSA key of 1024 bits");
        assertRefused(sign(PASSWORD, "--model", notAModel.toString(), "--keystore", alice.toString(), "--alias",
                "alice"), notAModel + ": ", "only a valid model file can be signed");
        assertRefused(sign(PASSWORD, "--model", json.toString(), "--keystore", alice.toString(), "--alias", "alice",
                "--jar", dir.resolve("salary-model-1.5.0.jar").toString()), "salary-model-1.5.0.jar: no such file");

        assertThat(json.resolveSibling(json.getFileName() + ".sig")).doesNotExist();
        assertThat(Files.readAllBytes(jar)).isEqualTo(jarBefore);
        assertThat(ModelLoader.loadWithSignature(jar).signed()).isFalse();
    }

    @Test
    void anUnsignedModelIsRefusedByTheLoadersCheck() throws Exception {
        Path json = train("1.6.0");

        var e = org.assertj.core.api.Assertions.catchThrowableOfType(ApprovalException.class,
                () -> ModelLoader.loadWithSignature(json).approval(trust, Instant.now()));

        assertThat(e.reason()).isEqualTo(ApprovalException.Reason.UNSIGNED);
    }

    private static void assertRefused(Run run, String... expected) {
        assertThat(run.status()).as(run.out()).isEqualTo(TrainCommand.FAILED);
        for (String part : expected) {
            assertThat(run.err()).contains(part);
        }
        assertThat(run.err()).contains("Nothing was written.");
    }

    private Path train(String version) {
        return Run.trained(dir, version);
    }

    private static Run sign(Map<String, String> environment, String... args) {
        return Run.of((out, err) -> new SignCommand(out, err, environment, null, Clock.systemUTC())
                .run(new ArrayList<>(List.of(args))));
    }
}
