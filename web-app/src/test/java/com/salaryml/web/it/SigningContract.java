package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.signing.TrustedApprovers;
import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.Approvers.Approver;
import com.salaryml.web.ModelFiles;
import com.salaryml.web.metrics.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data scientist's approval, enforced by the deployed WAR: models signed with real keys that the JDK's
 * keytool made (Ed25519 and EC P-256), trusted through a PEM file of their certificates as an operator
 * configures it. Production serves what a trusted approver signed and shows who that was; it refuses everything
 * else with a reason, counted in /metrics, while the approved model goes on serving. Development serves unsigned
 * models and says so. Subclasses name the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SigningContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The reasons of the refused versions, as /metrics labels them. */
    private static final List<String> REASONS = List.of("unsigned", "modified", "signature_of_another_model",
            "untrusted_signer", "certificate_not_valid", "malformed_signature", "bad_signature", "trust_not_set");

    @TempDir
    static Path keys;

    final Http http = new Http();

    /** Ed25519, trusted. */
    Approver alice;
    /** EC P-256, trusted. */
    Approver bob;
    /** Ed25519, not in the trust file. */
    Approver mallory;
    /** Ed25519, trusted, but the certificate expired days ago. */
    Approver carol;
    /** The PEM file of the trusted approvers' certificates: alice, bob and carol. */
    Path trust;

    abstract Container container();

    @BeforeAll
    void makeKeys() {
        alice = Approvers.ed25519(keys, "alice", "Alice Example");
        bob = Approvers.ec(keys, "bob", "Bob Example");
        mallory = Approvers.ed25519(keys, "mallory", "Mallory Example");
        carol = Approvers.expired(keys, "carol", "Carol Example");
        trust = Approvers.pem(keys.resolve("approvers.pem"), alice, bob, carol);
    }

    /** Production with the approvers' certificates, serving {@code model}, plus {@code more} init-params. */
    Deployment production(Path model, String... more) throws Exception {
        var params = new HashMap<>(Map.of("salary.environment", "production", "salary.model", model.toString(),
                "salary.trust", trust.toString(), "salary.model.poll-ms", "100"));
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        return container().deploy(Container.builtWar(), "/salary", params);
    }

    // ---------------------------------------------------------------- served in production

    @Test
    void aSignedModelFileIsServedInProductionAndItsApproverShownEverywhere(@TempDir Path dir) throws Exception {
        Path file = Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        Path log = dir.resolve("logs/predictions.jsonl");
        String sha256 = ModelJar.sha256(Files.readAllBytes(file));
        String fingerprint = TrustedApprovers.fingerprint(alice.certificate().getPublicKey());
        Instant before = Instant.now().minusSeconds(120);
        try (Deployment app = production(file, "salary.prediction-log", log.toString())) {
            var reply = http.get(app.base().resolve("api/v1/model"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode model = reply.json();
            assertThat(model.get("environment").textValue()).isEqualTo("production");
            JsonNode approval = model.get("approval");
            assertThat(approval.get("status").textValue()).isEqualTo("approved");
            assertThat(approval.get("signer").textValue()).isEqualTo(alice.subject());
            assertThat(approval.get("key_fingerprint").textValue()).isEqualTo(fingerprint);
            assertThat(Instant.parse(approval.get("signed_at").textValue())).isAfter(before);
            assertThat(approval.get("model_sha256").textValue()).isEqualTo(sha256);
            assertThat(approval.has("note")).isFalse();

            OpenApiDocument document = OpenApiDocument.servedBy(http, app.base());
            V2ProtocolContract.assertAsDocumented(document, "/api/v1/model", reply);
            var v2 = http.get(app.base().resolve("v2/models/salary"));
            V2ProtocolContract.assertAsDocumented(document, "/v2/models/{model_name}", v2);
            JsonNode properties = v2.json().get("properties");
            assertThat(properties.get("approval_status").textValue()).isEqualTo("approved");
            assertThat(properties.get("approval_signer").textValue()).isEqualTo(alice.subject());
            assertThat(properties.get("approval_key_fingerprint").textValue()).isEqualTo(fingerprint);
            assertThat(properties.get("approval_signed_at").textValue()).isEqualTo(approval.get("signed_at").textValue());
            assertThat(properties.get("model_sha256").textValue()).isEqualTo(sha256);

            String page = http.get(app.base().resolve("?experience=2&test_score=9&interview_score=6")).body();
            assertThat(page).contains("<dt>Approved by</dt><dd id=\"approval\">" + alice.subject() + ", signed ",
                    "id=\"approval-key\">" + fingerprint + "<", "id=\"model-sha256\">" + sha256 + "<")
                    .doesNotContain("stage-banner");

            Samples metrics = Samples.parse(http.get(app.base().resolve("metrics")).body());
            assertThat(metrics.value("salary_model_approved", "version", "1.0.0", "status", "approved")).isEqualTo(1);
            assertThat(metrics.matching("salary_model_rejections_total")).allSatisfy(sample ->
                    assertThat(sample.value()).as(sample.labels().toString()).isZero());
        }
        // Undeploying closes the log, which writes everything queued first.
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        JsonNode logged = JSON.readTree(lines.get(0)).get("approval");
        assertThat(logged.get("status").textValue()).isEqualTo("approved");
        assertThat(logged.get("signer").textValue()).isEqualTo(alice.subject());
        assertThat(logged.get("key_fingerprint").textValue()).isEqualTo(fingerprint);
        assertThat(logged.get("signed_at").textValue()).isNotBlank();
        assertThat(logged.get("model_sha256").textValue()).isEqualTo(sha256);
    }

    @Test
    void aSignedModelJarIsServedInProduction(@TempDir Path dir) throws Exception {
        Model model = ModelFiles.model("1.0.0", 0);
        Path jar = Files.write(dir.resolve("salary-model-1.0.0.jar"), Approvers.signedJar(model, bob, dir));
        try (Deployment app = production(jar)) {
            JsonNode approval = http.get(app.base().resolve("api/v1/model")).json().get("approval");
            assertThat(approval.get("status").textValue()).isEqualTo("approved");
            assertThat(approval.get("signer").textValue()).isEqualTo(bob.subject());
            // The digest of the model file inside: the same as the .json's, whichever way the model travels.
            assertThat(approval.get("model_sha256").textValue()).isEqualTo(ModelJar.sha256(ModelFormat.write(model)));
            var predicted = http.postJson(app.base().resolve("api/v1/predict"), SalaryAppContract.REFERENCE);
            assertThat(predicted.status()).isEqualTo(200);
            assertThat(http.get(app.base()).body()).contains(bob.subject());
        }
    }

    // ---------------------------------------------------------------- refused in production

    @Test
    void inProductionEachUnapprovedVersionIsRefusedWithItsReasonWhileTheApprovedOneServes(@TempDir Path dir)
            throws Exception {
        Path approved = Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        try (LogCapture log = LogCapture.start(); Deployment app = production(dir)) {
            assertServing(app, "1.0.0");

            // Unsigned.
            publishSignedBy(dir, ModelFiles.model("1.0.1", 0), null);
            awaitRejected(app, "unsigned", 1);
            // One byte changed after signing.
            Model modified = ModelFiles.model("1.0.2", 0);
            byte[] signedBytes = ModelFormat.write(modified);
            publish(dir, modified, Approvers.signature(signedBytes, Approvers.fileName(modified), alice),
                    Approvers.withOneByteChanged(signedBytes));
            awaitRejected(app, "modified", 1);
            // A signature moved over from another model: the approved one's.
            publish(dir, ModelFiles.model("1.0.3", 0), Files.readAllBytes(signatureOf(approved)));
            awaitRejected(app, "signature_of_another_model", 1);
            // Signed by a certificate nobody trusts here.
            publishSignedBy(dir, ModelFiles.model("1.0.4", 0), mallory);
            awaitRejected(app, "untrusted_signer", 1);
            // Signed by a trusted approver whose certificate has expired.
            publishSignedBy(dir, ModelFiles.model("1.0.5", 0), carol);
            awaitRejected(app, "certificate_not_valid", 1);
            // A truncated, a huge and a malformed signature file.
            Model truncated = ModelFiles.model("1.0.6", 0);
            byte[] good = Approvers.signature(ModelFormat.write(truncated), Approvers.fileName(truncated), alice);
            publish(dir, truncated, Arrays.copyOf(good, good.length / 2));
            awaitRejected(app, "malformed_signature", 1);
            Model huge = ModelFiles.model("1.0.7", 0);
            byte[] real = Approvers.signature(ModelFormat.write(huge), Approvers.fileName(huge), alice);
            byte[] padded = Arrays.copyOf(real, ModelSignature.MAX_BYTES + 1024);
            Arrays.fill(padded, real.length, padded.length, (byte) ' ');
            publish(dir, huge, padded);
            awaitRejected(app, "malformed_signature", 2);
            publish(dir, ModelFiles.model("1.0.8", 0), "this is not a signature\n".getBytes(StandardCharsets.UTF_8));
            awaitRejected(app, "malformed_signature", 3);
            // A model JAR with the approver's signature inside, but no JAR signature over it.
            Approvers.publish(dir, "salary-model-1.0.9.jar",
                    Approvers.jarWithoutJarSignature(ModelFiles.model("1.0.9", 0), alice));
            awaitRejected(app, "bad_signature", 1);

            JsonNode model = http.get(app.base().resolve("api/v1/model")).json();
            assertThat(model.get("version").textValue()).isEqualTo("1.0.0");
            assertThat(model.get("available_versions").toString()).isEqualTo("[\"1.0.0\"]");
            assertThat(model.get("approval").get("signer").textValue()).isEqualTo(alice.subject());
            Samples metrics = Samples.parse(http.get(app.base().resolve("metrics")).body());
            assertThat(metrics.value("salary_model_loads_total", "result", "failure")).isEqualTo(9);
            assertThat(metrics.value("salary_model_rejections_total", "reason", "trust_not_set")).isZero();
            assertThat(metrics.value("salary_model_approved", "version", "1.0.0", "status", "approved")).isEqualTo(1);

            // Each refusal is one line of the log, with its file and reason, and no stack trace.
            List<LogRecord> rejected = rejections(log);
            assertThat(rejected).hasSize(9);
            for (String version : List.of("1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.5", "1.0.6", "1.0.7", "1.0.8")) {
                assertThat(rejected).filteredOn(record -> record.getMessage().contains("salary-model-" + version
                        + ".json (")).hasSize(1);
            }
            assertThat(rejected).allSatisfy(record -> {
                assertThat(record.getThrown()).isNull();
                assertThat(record.getMessage()).doesNotContain("\n");
            });
            assertThat(log.records()).filteredOn(record -> record.getLoggerName() != null
                    && record.getLoggerName().startsWith("com.salaryml.") && record.getThrown() != null).isEmpty();
        }
    }

    @Test
    void aVersionRefusedAsUnsignedIsServedOnceItsSignatureLands(@TempDir Path dir) throws Exception {
        Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        try (Deployment app = production(dir)) {
            Model next = ModelFiles.model("1.1.0", 1000);
            byte[] bytes = ModelFormat.write(next);
            Path file = Approvers.publish(dir, Approvers.fileName(next), bytes);
            awaitRejected(app, "unsigned", 1);
            assertServing(app, "1.0.0");

            Approvers.publish(dir, file.getFileName() + ModelSignature.SUFFIX,
                    Approvers.signature(bytes, Approvers.fileName(next), bob));
            await("version 1.1.0 served", () -> "1.1.0".equals(servingVersion(app)));
            JsonNode approval = http.get(app.base().resolve("api/v1/model")).json().get("approval");
            assertThat(approval.get("signer").textValue()).isEqualTo(bob.subject());
            assertThat(rejections(app, "unsigned")).isEqualTo(1);
        }
    }

    @Test
    void anApprovedOlderVersionCanBePinnedForRollback(@TempDir Path dir) throws Exception {
        Approvers.publishSigned(dir, ModelFiles.model("1.0.0", 0), alice);
        Approvers.publishSigned(dir, ModelFiles.model("1.1.0", 0), bob);
        try (Deployment app = production(dir, "salary.model.version", "1.0.0")) {
            JsonNode model = http.get(app.base().resolve("api/v1/model")).json();
            assertThat(model.get("version").textValue()).isEqualTo("1.0.0");
            assertThat(model.get("available_versions").toString()).isEqualTo("[\"1.0.0\",\"1.1.0\"]");
            assertThat(model.get("approval").get("signer").textValue()).isEqualTo(alice.subject());
        }
    }

    @Test
    void productionRefusesThePackagedModelAndSaysWhatToDo() throws Exception {
        for (boolean withTrust : List.of(false, true)) {
            var params = new HashMap<>(Map.of("salary.environment", "production"));
            if (withTrust) {
                params.put("salary.trust", trust.toString());
            }
            try (LogCapture log = LogCapture.start();
                 Deployment app = container().deploy(Container.builtWar(), "/salary", params)) {
                assertThat(http.get(app.base().resolve("health/live")).status()).isEqualTo(200);
                assertThat(http.get(app.base().resolve("health/ready")).status()).isEqualTo(503);
                String reason = withTrust ? "unsigned" : "trust_not_set";
                assertThat(rejections(app, reason)).as(reason).isEqualTo(1);
                assertThat(rejections(log)).singleElement().extracting(LogRecord::getMessage).asString()
                        .contains("the default model packaged in the WAR (" + reason + ")", "it is not signed",
                                "set salary.environment=development",
                                "point salary.model at a signed model and salary.trust at the approvers'"
                                        + " certificates");
                if (!withTrust) {
                    // Said once at start-up too, before any model is looked at.
                    assertThat(messages(log)).anyMatch(message -> message.contains("salary.trust is not set: every"
                            + " model will be refused"));
                }
            }
        }
    }

    @Test
    void aTrustFileThatCannotBeReadLeavesTheAppNotReadyAndNamesIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("approvers.pem");
        try (LogCapture log = LogCapture.start(); Deployment app = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.environment", "production", "salary.trust", missing.toString()))) {
            assertThat(http.get(app.base().resolve("health/live")).status()).isEqualTo(200);
            assertThat(http.get(app.base().resolve("health/ready")).status()).isEqualTo(503);
            assertThat(messages(log)).anyMatch(message -> message.contains("NOT ready")
                    && message.contains("salary.trust = \"" + missing + "\" (from context init-param salary.trust)"
                    + " cannot be used: " + missing + ": no such file"));
        }
    }

    // ---------------------------------------------------------------- development

    @Test
    void developmentServesTheUnsignedPackagedModelAndSaysSo() throws Exception {
        try (Deployment app = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.environment", "development"))) {
            JsonNode approval = http.get(app.base().resolve("api/v1/model")).json().get("approval");
            assertThat(approval.get("status").textValue()).isEqualTo("unsigned");
            assertThat(approval.get("model_sha256").textValue()).matches("[0-9a-f]{64}");
            assertThat(approval.get("note").textValue()).contains("not signed", "development");
            assertThat(approval.has("signer")).isFalse();

            String page = http.get(app.base()).body();
            assertThat(page).contains("<dd class=\"unapproved\" id=\"approval\">" + approval.get("note").textValue())
                    .contains(approval.get("model_sha256").textValue()).doesNotContain("Approved by");
            assertThat(http.get(app.base().resolve("v2/models/salary")).json().get("properties")
                    .get("approval_status").textValue()).isEqualTo("unsigned");
            Samples metrics = Samples.parse(http.get(app.base().resolve("metrics")).body());
            assertThat(metrics.value("salary_model_approved", "version", "1.0.0", "status", "unsigned")).isZero();
        }
    }

    @Test
    void developmentWithTrustServesUnsignedModelsButRefusesABadSignature(@TempDir Path dir) throws Exception {
        publishSignedBy(dir, ModelFiles.model("1.0.0", 0), null);
        publishSignedBy(dir, ModelFiles.model("1.1.0", 0), alice);
        publishSignedBy(dir, ModelFiles.model("1.2.0", 0), mallory);
        try (Deployment app = container().deploy(Container.builtWar(), "/salary", Map.of("salary.environment",
                "development", "salary.model", dir.toString(), "salary.trust", trust.toString()))) {
            JsonNode model = http.get(app.base().resolve("api/v1/model")).json();
            assertThat(model.get("version").textValue()).isEqualTo("1.1.0");
            assertThat(model.get("available_versions").toString()).isEqualTo("[\"1.0.0\",\"1.1.0\"]");
            assertThat(model.get("approval").get("status").textValue()).isEqualTo("approved");
            assertThat(rejections(app, "untrusted_signer")).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Publishes a model file, with its signature by {@code approver} beside it (none for null), signature first. */
    static void publishSignedBy(Path dir, Model model, Approver approver) {
        if (approver == null) {
            Approvers.publish(dir, Approvers.fileName(model), ModelFormat.write(model));
        } else {
            Approvers.publishSigned(dir, model, approver);
        }
    }

    /** Publishes a model file with the given signature file beside it, signature first. */
    static void publish(Path dir, Model model, byte[] signature) {
        publish(dir, model, signature, ModelFormat.write(model));
    }

    static void publish(Path dir, Model model, byte[] signature, byte[] modelFile) {
        Approvers.publish(dir, Approvers.fileName(model) + ModelSignature.SUFFIX, signature);
        Approvers.publish(dir, Approvers.fileName(model), modelFile);
    }

    static Path signatureOf(Path modelFile) {
        return modelFile.resolveSibling(modelFile.getFileName() + ModelSignature.SUFFIX);
    }

    double rejections(Deployment app, String reason) throws Exception {
        return Samples.parse(http.get(app.base().resolve("metrics")).body())
                .value("salary_model_rejections_total", "reason", reason);
    }

    /** Waits until /metrics counts {@code count} refusals for {@code reason}; the approved version still serves. */
    void awaitRejected(Deployment app, String reason, int count) throws Exception {
        assertThat(REASONS).contains(reason);
        await(count + " refusals for " + reason, () -> rejections(app, reason) >= count);
        assertThat(rejections(app, reason)).as(reason).isEqualTo(count);
        assertServing(app, "1.0.0");
    }

    void assertServing(Deployment app, String version) throws Exception {
        var ready = http.get(app.base().resolve("health/ready"));
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().get("model_version").textValue()).isEqualTo(version);
    }

    String servingVersion(Deployment app) throws Exception {
        var reply = http.get(app.base().resolve("health/ready"));
        return reply.status() == 200 ? reply.json().get("model_version").textValue() : null;
    }

    /** The log records of refused models: the watcher's "Rejected model" lines. */
    static List<LogRecord> rejections(LogCapture log) {
        return log.records().stream().filter(record -> record.getLevel().intValue() >= Level.SEVERE.intValue()
                && record.getMessage() != null && record.getMessage().startsWith("Rejected model ")).toList();
    }

    static List<String> messages(LogCapture log) {
        var messages = new ArrayList<String>();
        for (LogRecord record : log.records()) {
            if (record.getMessage() != null) {
                messages.add(record.getMessage());
            }
        }
        return messages;
    }

    /** Polls every 50 ms, for at most 20 s, until {@code condition} holds. */
    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(String what, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
