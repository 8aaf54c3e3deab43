package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Approvers;
import com.salaryml.artifact.Approvers.Approver;
import com.salaryml.web.ModelFiles;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may report outcomes and read the live figures, enforced by the container's own realm in production: the
 * built WAR deployed with a signed model, the prediction log on and {@code salary.monitoring.restricted}, behind
 * a realm the test writes as an operator would. Anonymous callers get the container's 401 challenge, a caller
 * without the role 403, the right role is let through; the page, the predictions and {@code /metrics} stay open.
 * The same WAR deployed in a container with no realm at all still serves, and refuses every outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CallerAccessContract {

    static final Realm.User REPORTER = new Realm.User("hr-reporter", "s3cret-reporter", List.of("salary-outcomes"));
    static final Realm.User VIEWER = new Realm.User("dashboard", "s3cret-viewer", List.of("salary-monitoring"));
    static final Realm.User STRANGER = new Realm.User("someone", "s3cret-someone", List.of("staff"));
    static final Realm REALM = new Realm(List.of(REPORTER, VIEWER, STRANGER));

    @TempDir
    static Path folder;

    final Http http = new Http();
    Deployment app;
    Path outcomes;

    /** A container whose realm named "salary" holds {@code realm}'s users; null for a container with no realm. */
    abstract Container container(Realm realm);

    @BeforeAll
    void deployInProduction() throws Exception {
        Path keys = Files.createDirectories(folder.resolve("keys"));
        Approver alice = Approvers.ed25519(keys, "alice", "Alice Example");
        Path trust = Approvers.pem(keys.resolve("approvers.pem"), alice);
        Path models = Files.createDirectories(folder.resolve("models"));
        Approvers.publishSigned(models, ModelFiles.model("1.0.0", 0), alice);
        Path log = folder.resolve("predictions.jsonl");
        outcomes = folder.resolve("predictions.jsonl.outcomes");
        app = container(REALM).deploy(Container.builtWar(), "/salary", Map.of("salary.environment", "production",
                "salary.model", models.toString(), "salary.trust", trust.toString(),
                "salary.prediction-log", log.toString(), "salary.monitoring.restricted", "true"));
    }

    @AfterAll
    void undeploy() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anOutcomeNeedsACallerInTheRoleSalaryOutcomes() throws Exception {
        String outcome = outcomeOfANewPrediction(app.base());

        Http.Reply anonymous = postOutcome(app.base(), outcome, null);
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic").contains("realm=\"salary\"");

        Http.Reply wrongPassword = postOutcome(app.base(), outcome,
                new Realm.User(REPORTER.name(), "guessed", List.of()).basic());
        assertThat(wrongPassword.status()).as(wrongPassword.body()).isEqualTo(401);

        Http.Reply withoutTheRole = postOutcome(app.base(), outcome, STRANGER.basic());
        assertThat(withoutTheRole.status()).as(withoutTheRole.body()).isEqualTo(403);
        assertThat(withoutTheRole.json().get("detail").asText()).contains("salary-outcomes");
        Http.Reply viewerIsNoReporter = postOutcome(app.base(), outcome, VIEWER.basic());
        assertThat(viewerIsNoReporter.status()).as(viewerIsNoReporter.body()).isEqualTo(403);
        assertThat(Files.exists(outcomes) ? Files.readString(outcomes) : "")
                .as("nothing refused reaches the outcomes file").isEmpty();

        Http.Reply reporter = postOutcome(app.base(), outcome, REPORTER.basic());
        assertThat(reporter.status()).as(reporter.body()).isEqualTo(200);
        assertThat(reporter.json().get("recorded").asInt()).isEqualTo(1);
        assertThat(Files.readAllLines(outcomes)).hasSize(1);
    }

    @Test
    void theLiveFiguresNeedTheRoleSalaryMonitoringOnceRestricted() throws Exception {
        URI monitoring = app.base().resolve("api/v1/monitoring");
        assertThat(http.get(monitoring).status()).isEqualTo(401);
        assertThat(get(monitoring, REPORTER).status()).isEqualTo(403);
        Http.Reply viewer = get(monitoring, VIEWER);
        assertThat(viewer.status()).as(viewer.body()).isEqualTo(200);
        assertThat(viewer.json().has("outcomes")).as(viewer.body()).isTrue();
    }

    @Test
    void everythingElseStaysOpenToAnyone() throws Exception {
        assertThat(http.get(app.base()).status()).isEqualTo(200);
        assertThat(http.get(app.base().resolve("metrics")).status()).isEqualTo(200);
        assertThat(http.get(app.base().resolve("health/ready")).status()).isEqualTo(200);
        assertThat(http.postJson(app.base().resolve("api/v1/predict"),
                "{\"experience\":2,\"test_score\":9,\"interview_score\":6}").status()).isEqualTo(200);
    }

    @Test
    void aContainerWithNoRealmStillServesAndRefusesEveryOutcome() throws Exception {
        Path keys = Files.createDirectories(folder.resolve("bare-keys"));
        Approver alice = Approvers.ed25519(keys, "alice", "Alice Example");
        Path models = Files.createDirectories(folder.resolve("bare-models"));
        Approvers.publishSigned(models, ModelFiles.model("1.0.0", 0), alice);
        Path log = folder.resolve("bare.jsonl");
        try (LogCapture captured = LogCapture.start();
             Deployment bare = container(null).deploy(Container.builtWar(), "/bare", Map.of(
                     "salary.environment", "production", "salary.model", models.toString(),
                     "salary.trust", Approvers.pem(keys.resolve("approvers.pem"), alice).toString(),
                     "salary.prediction-log", log.toString()))) {
            assertThat(http.get(bare.base()).status()).isEqualTo(200);
            String outcome = outcomeOfANewPrediction(bare.base());
            for (String credentials : new String[] {null, REPORTER.basic()}) {
                Http.Reply refused = postOutcome(bare.base(), outcome, credentials);
                assertThat(refused.status()).as(refused.body()).isIn(401, 403);
            }
            assertThat(Files.exists(log.resolveSibling("bare.jsonl.outcomes"))
                    ? Files.readString(log.resolveSibling("bare.jsonl.outcomes")) : "").isEmpty();
            var text = new java.util.logging.SimpleFormatter();
            assertThat(captured.records().stream().map(text::formatMessage))
                    .as("the log says how to configure the realm")
                    .anySatisfy(message -> assertThat(message).contains("salary-outcomes")
                            .contains("docs/security.md"));
            assertThat(captured.stackTraces()).isEmpty();
        }
    }

    /** Predicts once, anonymously, and answers the body that reports its outcome. */
    private String outcomeOfANewPrediction(URI base) throws Exception {
        Http.Reply predicted = http.postJson(base.resolve("api/v1/predict"),
                "{\"experience\":2,\"test_score\":9,\"interview_score\":6}");
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        return "{\"outcome_key\":\"" + predicted.json().get("outcome_key").textValue() + "\",\"actual\":52000}";
    }

    private Http.Reply postOutcome(URI base, String body, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve("api/v1/outcomes"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request);
    }

    private Http.Reply get(URI uri, Realm.User user) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", user.basic()).GET());
    }
}
