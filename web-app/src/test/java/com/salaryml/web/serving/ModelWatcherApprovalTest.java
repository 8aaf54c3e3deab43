package com.salaryml.web.serving;

import com.salaryml.artifact.Approvers;
import com.salaryml.web.ModelFiles;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.Stage;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.Approvers.Approver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher in the production stage, scan by scan: only approved models are served, a refused one leaves the
 * serving one in place, and a model file's signature landing after it is noticed.
 */
class ModelWatcherApprovalTest {

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    static Approver alice;
    static Approver bob;
    static Approver mallory;
    static AppConfig.Trust trust;

    final List<String> rejections = new ArrayList<>();
    final ModelRegistry registry = new ModelRegistry();
    ModelWatcher watcher;

    @BeforeAll
    static void makeKeys() throws Exception {
        var team = Approvers.team();
        alice = team.alice();
        bob = team.bob();
        mallory = team.mallory();
        trust = TrustFiles.trusting(keys, alice, bob);
    }

    @BeforeEach
    void listen() {
        registry.addListener(new ModelRegistry.Listener() {
            @Override
            public void rejected(String source, RejectionReason reason, String message) {
                rejections.add(Path.of(source).getFileName() + " " + reason.label());
            }
        });
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    ModelWatcher watcher(Stage stage, Optional<AppConfig.Trust> trust) {
        watcher = new ModelWatcher(registry, Optional.empty(), new ApprovalPolicy(stage, trust, Clock.systemUTC()));
        return watcher;
    }

    ModelWatcher production() {
        return watcher(Stage.PRODUCTION, Optional.of(trust));
    }

    String serving() {
        return registry.current().map(p -> p.metadata().version()).orElse(null);
    }

    ApprovalStatus servedApproval() {
        return registry.served().orElseThrow().approval();
    }

    @Test
    void aSignedModelIsServedWithItsApproverAndAnUnsignedOneIsRefused() {
        Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        Model unsigned = ModelFiles.model("1.1.0", 0);
        Approvers.publish(dir, Approvers.fileName(unsigned), ModelFormat.write(unsigned));

        production().scan(dir, true);

        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(registry.versions()).containsExactly("1.0.0");
        assertThat(servedApproval()).isInstanceOfSatisfying(ApprovalStatus.Approved.class,
                approved -> assertThat(approved.approval().signer()).isEqualTo(alice.subject()));
        assertThat(rejections).containsExactly("salary-model-1.1.0.json unsigned");
    }

    @Test
    void aModelRefusedAsUnsignedIsServedOnceItsSignatureLands() throws Exception {
        Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        production().scan(dir, true);
        Model next = ModelFiles.model("1.1.0", 1000);
        byte[] bytes = ModelFormat.write(next);
        Approvers.publish(dir, Approvers.fileName(next), bytes);
        watcher.scan(dir, false);
        watcher.scan(dir, false);
        assertThat(rejections).containsExactly("salary-model-1.1.0.json unsigned");
        assertThat(serving()).isEqualTo("1.0.0");

        Approvers.publish(dir, Approvers.fileName(next) + ModelSignature.SUFFIX,
                Approvers.signature(bytes, Approvers.fileName(next), bob));
        watcher.scan(dir, false);
        assertThat(serving()).as("first sight of the signature: still settling").isEqualTo("1.0.0");
        watcher.scan(dir, false);

        assertThat(serving()).isEqualTo("1.1.0");
        assertThat(rejections).hasSize(1);
        assertThat(servedApproval()).isInstanceOfSatisfying(ApprovalStatus.Approved.class,
                approved -> assertThat(approved.approval().signer()).isEqualTo(bob.subject()));
    }

    @Test
    void aReplacedSignatureIsCheckedAgain() throws Exception {
        Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        Path untrusted = Approvers.publishSigned(dir, ModelFiles.model("1.1.0", 0), mallory);
        production().scan(dir, true);
        assertThat(rejections).containsExactly("salary-model-1.1.0.json untrusted_signer");

        Path signature = untrusted.resolveSibling(untrusted.getFileName() + ModelSignature.SUFFIX);
        Files.write(signature, Approvers.signature(Files.readAllBytes(untrusted), "salary-model-1.1.0.json", alice));
        // Same size is likely (same kind of key); the time stamp moves, as it does for a real writer.
        Files.setLastModifiedTime(signature, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        watcher.scan(dir, false);
        watcher.scan(dir, false);

        assertThat(serving()).isEqualTo("1.1.0");
        assertThat(rejections).hasSize(1);
    }

    @Test
    void aChangedByteIsRefusedAndTheApprovedModelGoesOnServing() throws Exception {
        Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        production().scan(dir, true);
        Path next = Approvers.publishSigned(dir, ModelFiles.model("1.1.0", 0), alice);
        Files.write(next, Approvers.withOneByteChanged(Files.readAllBytes(next)));
        watcher.scan(dir, false);
        watcher.scan(dir, false);

        assertThat(rejections).containsExactly("salary-model-1.1.0.json modified");
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(registry.versions()).containsExactly("1.0.0");
    }

    @Test
    void anApprovedModelStaysLoadedWhenItsSignatureFileIsThenRemoved() throws Exception {
        Path file = Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        production().scan(dir, true);
        Files.delete(file.resolveSibling(file.getFileName() + ModelSignature.SUFFIX));
        watcher.scan(dir, false);
        watcher.scan(dir, false);

        // As with a bad write of the model file: refused, logged and counted, but what was approved stays.
        assertThat(rejections).containsExactly("salary-model-1.0.0.json unsigned");
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(servedApproval().approved()).isTrue();
    }

    @Test
    void aSignedModelJarIsServed() throws Exception {
        Model model = ModelFiles.model("2.0.0", 0);
        Files.write(dir.resolve("salary-model-2.0.0.jar"), Approvers.signedJar(model, bob, keys));
        Files.write(dir.resolve("salary-model-2.1.0.jar"),
                Approvers.jarWithoutJarSignature(ModelFiles.model("2.1.0", 0), bob));

        production().scan(dir, true);

        assertThat(serving()).isEqualTo("2.0.0");
        assertThat(servedApproval()).isInstanceOfSatisfying(ApprovalStatus.Approved.class,
                approved -> assertThat(approved.approval().signer()).isEqualTo(bob.subject()));
        assertThat(rejections).containsExactly("salary-model-2.1.0.jar bad_signature");
    }

    @Test
    void aNamedFileMustBeApprovedToo() {
        Model model = ModelFiles.model("3.0.0", 0);
        Path file = Approvers.publish(dir, Approvers.fileName(model), ModelFormat.write(model));

        production().start(file, "test", Duration.ofSeconds(1));

        assertThat(registry.current()).isEmpty();
        assertThat(rejections).containsExactly("salary-model-3.0.0.json (from test) unsigned");
    }

    @Test
    void thePackagedModelIsRefusedOutsideDevelopmentAndServedUnsignedInIt() {
        production().startFromClasspath(ModelWatcherApprovalTest.class.getClassLoader());
        assertThat(registry.current()).isEmpty();
        assertThat(rejections).singleElement().asString().endsWith(" unsigned");
        watcher.close();

        watcher(Stage.DEVELOPMENT, Optional.empty()).startFromClasspath(ModelWatcherApprovalTest.class.getClassLoader());
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(servedApproval()).isInstanceOf(ApprovalStatus.Unsigned.class);
        assertThat(servedApproval().modelSha256()).matches("[0-9a-f]{64}");
    }
}
