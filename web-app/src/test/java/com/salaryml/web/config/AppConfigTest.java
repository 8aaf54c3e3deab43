package com.salaryml.web.config;

import com.salaryml.artifact.Approvers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class AppConfigTest {

    @TempDir
    Path dir;

    /** A servlet context that answers init-params from a map and nothing else. */
    static ServletContext context(Map<String, String> initParams) {
        return (ServletContext) Proxy.newProxyInstance(AppConfigTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getInitParameter")) {
                        return initParams.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    public static AppConfig read(Map<String, String> initParams) throws AppConfig.ConfigException {
        return AppConfig.read(new Settings(context(initParams)));
    }

    @Test
    void defaultsAreSafeForProduction() throws Exception {
        AppConfig config = read(Map.of());
        assertThat(config.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(config.model()).isEmpty();
        assertThat(config.pinnedVersion()).isEmpty();
        assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(config.maxBatch()).isEqualTo(2_000);
        assertThat(config.predictionLog()).isEmpty();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.monitoringWindow()).isEqualTo(10_000);
        assertThat(config.monitoringAge()).isEqualTo(Duration.ofHours(24));
        assertThat(config.psiThreshold()).isEqualTo(0.2);
        assertThat(config.driftSignificance()).isEqualTo(0.01);
        assertThat(config).isEqualTo(AppConfig.defaults());
    }

    @Test
    void readsTheDriftWindowAndThreshold() throws Exception {
        AppConfig config = read(Map.of("salary.monitoring.window", "2_000", "salary.monitoring.window-hours", "6",
                "salary.monitoring.psi-threshold", "0.25", "salary.monitoring.drift-significance", "0.05"));
        assertThat(config.monitoringWindow()).isEqualTo(2000);
        assertThat(config.monitoringAge()).isEqualTo(Duration.ofHours(6));
        assertThat(config.psiThreshold()).isEqualTo(0.25);
        assertThat(config.driftSignificance()).isEqualTo(0.05);
    }

    @Test
    void monitoringIsOpenUnlessRestrictedAndABadFlagIsNamed() throws Exception {
        assertThat(read(Map.of()).monitoringRestricted()).isFalse();
        assertThat(read(Map.of("salary.monitoring.restricted", "TRUE")).monitoringRestricted()).isTrue();
        var e = catchThrowableOfType(AppConfig.ConfigException.class,
                () -> read(Map.of("salary.monitoring.restricted", "yes")));
        assertThat(e.getMessage()).contains("salary.monitoring.restricted = \"yes\"").contains("true or false");
    }

    @Test
    void badDriftSettingsAreNamed() {
        var e = catchThrowableOfType(AppConfig.ConfigException.class, () -> read(Map.of(
                "salary.monitoring.window", "0", "salary.monitoring.window-hours", "a day",
                "salary.monitoring.psi-threshold", "NaN", "salary.monitoring.drift-significance", "5%")));
        assertThat(e.getMessage())
                .contains("salary.monitoring.window = \"0\"").contains("from 1 to 1000000")
                .contains("salary.monitoring.window-hours = \"a day\"").contains("from 1 to 744")
                .contains("salary.monitoring.psi-threshold = \"NaN\"").contains("a number from 0.01 to 10.0")
                .contains("salary.monitoring.drift-significance = \"5%\"").contains("a number from 0.001 to 0.1");
    }

    @Test
    void aSignificanceThatWouldAlarmOnNoiseOrNeverIsNamed() {
        for (String bad : new String[] {"0.5", "0", "0.0001", "-0.01"}) {
            var e = catchThrowableOfType(AppConfig.ConfigException.class,
                    () -> read(Map.of("salary.monitoring.drift-significance", bad)));
            assertThat(e.getMessage()).as(bad).contains("salary.monitoring.drift-significance = \"" + bad + "\"")
                    .contains("a number from 0.001 to 0.1");
        }
    }

    @Test
    void readsEverySetting() throws Exception {
        AppConfig config = read(Map.of("salary.model", "/srv/models", "salary.model.version", "1.2.0",
                "salary.model.poll-ms", "250", "salary.environment", "Staging", "salary.max-body-bytes", "65536",
                "salary.max-batch", "500", "salary.prediction-log", "/var/log/salary/predictions.jsonl",
                "salary.prediction-log.max-bytes", "1_000_000", "salary.prediction-log.files", "3",
                "salary.prediction-log.queue", "100"));
        assertThat(config.model().orElseThrow().value()).isEqualTo("/srv/models");
        assertThat(config.model().orElseThrow().origin()).isEqualTo("context init-param salary.model");
        assertThat(config.pinnedVersion()).contains("1.2.0");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.stage()).isEqualTo(Stage.STAGING);
        assertThat(config.maxBodyBytes()).isEqualTo(65536);
        assertThat(config.maxBatch()).isEqualTo(500);
        assertThat(config.predictionLog().orElseThrow()).hasToString("/var/log/salary/predictions.jsonl");
        assertThat(config.predictionLogMaxBytes()).isEqualTo(1_000_000);
        assertThat(config.predictionLogFiles()).isEqualTo(3);
        assertThat(config.predictionLogQueue()).isEqualTo(100);
    }

    @Test
    void readsTheOutcomeBounds() throws Exception {
        AppConfig defaults = read(Map.of());
        assertThat(defaults.outcomeIndex()).isEqualTo(100_000);
        assertThat(defaults.outcomeIndexAge()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.outcomeLogMaxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(defaults.outcomeLogFiles()).isEqualTo(5);
        AppConfig config = read(Map.of("salary.outcome-index", "1000", "salary.outcome-index.max-age-hours", "48",
                "salary.outcome-log.max-bytes", "100_000", "salary.outcome-log.files", "2"));
        assertThat(config.outcomeIndex()).isEqualTo(1000);
        assertThat(config.outcomeIndexAge()).isEqualTo(Duration.ofHours(48));
        assertThat(config.outcomeLogMaxBytes()).isEqualTo(100_000);
        assertThat(config.outcomeLogFiles()).isEqualTo(2);
    }

    @Test
    void badOutcomeBoundsAreNamed() {
        var e = catchThrowableOfType(AppConfig.ConfigException.class, () -> read(Map.of(
                "salary.outcome-index.max-age-hours", "0", "salary.outcome-log.max-bytes", "1k",
                "salary.outcome-log.files", "0")));
        assertThat(e.getMessage()).contains("salary.outcome-index.max-age-hours = \"0\"").contains("from 1 to 87840")
                .contains("salary.outcome-log.max-bytes = \"1k\"").contains("salary.outcome-log.files = \"0\"");
    }

    @Test
    void outcomesFilesThatKeepFewerOutcomesThanTheIndexHoldsAreRefused() {
        // Otherwise a restart would forget outcomes given for predictions it still holds, and take them again.
        var e = catchThrowableOfType(AppConfig.ConfigException.class, () -> read(Map.of(
                "salary.outcome-index", "10000", "salary.outcome-log.max-bytes", "100000",
                "salary.outcome-log.files", "5")));
        assertThat(e.getMessage()).contains("keep about 3000 outcomes, fewer than the 10000 predictions"
                + " salary.outcome-index holds");
    }

    @Test
    void badSettingsAreAllNamedWithTheirOriginAndTheAllowedValues() {
        var e = catchThrowableOfType(AppConfig.ConfigException.class, () -> read(Map.of(
                "salary.environment", "prod", "salary.max-batch", "0", "salary.max-body-bytes", "lots")));
        assertThat(e.getMessage())
                .contains("salary.environment = \"prod\" (from context init-param salary.environment) must be one of"
                        + " development, testing, staging or production")
                .contains("salary.max-batch = \"0\"").contains("from 1 to 1000000")
                .contains("salary.max-body-bytes = \"lots\"").contains("whole number");
    }

    @Test
    void crossOriginIsOffUnlessOriginsAreListed() throws Exception {
        assertThat(read(Map.of()).corsOrigins()).isEmpty();
        assertThat(read(Map.of("salary.cors.allowed-origins", "https://hr.example.com, http://localhost:3000"))
                .corsOrigins()).containsExactlyInAnyOrder("https://hr.example.com", "http://localhost:3000");
        var e = catchThrowableOfType(AppConfig.ConfigException.class,
                () -> read(Map.of("salary.cors.allowed-origins", "*")));
        assertThat(e.getMessage()).contains("salary.cors.allowed-origins").contains("\"*\" is not one");
    }

    @Test
    void systemPropertiesOutrankInitParams() throws Exception {
        System.setProperty("salary.max-batch", "7");
        try {
            assertThat(read(Map.of("salary.max-batch", "9")).maxBatch()).isEqualTo(7);
        } finally {
            System.clearProperty("salary.max-batch");
        }
    }

    @Test
    void trustIsReadFromAPemFileOrAPasswordedTruststore() throws Exception {
        assertThat(read(Map.of()).trust()).isEmpty();
        var alice = Approvers.ed25519(dir, "alice", "Alice Example");
        var bob = Approvers.ec(dir, "bob", "Bob Example");
        Path pem = Approvers.pem(dir.resolve("approvers.pem"), alice, bob);

        AppConfig fromPem = read(Map.of("salary.trust", pem.toString()));
        assertThat(fromPem.trust().orElseThrow().approvers().certificates())
                .containsExactly(alice.certificate(), bob.certificate());
        assertThat(fromPem.trust().orElseThrow().setting().origin()).isEqualTo("context init-param salary.trust");

        Path truststore = Approvers.truststore(dir.resolve("approvers.p12"), "trust-secret", alice);
        System.setProperty("salary.trust.password", "trust-secret");
        try {
            assertThat(read(Map.of("salary.trust", truststore.toString())).trust().orElseThrow().approvers()
                    .certificates()).containsExactly(alice.certificate());
        } finally {
            System.clearProperty("salary.trust.password");
        }
    }

    @Test
    void aTrustFileThatCannotBeUsedIsNamedWithItsSettingAndNeverShowsThePassword() throws Exception {
        var missing = catchThrowableOfType(AppConfig.ConfigException.class,
                () -> read(Map.of("salary.trust", dir.resolve("nobody.pem").toString())));
        assertThat(missing.getMessage()).contains("salary.trust = \"" + dir.resolve("nobody.pem")
                + "\" (from context init-param salary.trust) cannot be used", "nobody.pem: no such file");

        var alice = Approvers.ed25519(dir, "alice", "Alice Example");
        Path truststore = Approvers.truststore(dir.resolve("approvers.p12"), "trust-secret", alice);
        var wrongPassword = catchThrowableOfType(AppConfig.ConfigException.class, () -> read(Map.of(
                "salary.trust", truststore.toString(), "salary.trust.password", "not-the-password")));
        assertThat(wrongPassword.getMessage()).contains("salary.trust", "approvers.p12", "the given password")
                .doesNotContain("not-the-password");

        Files.writeString(dir.resolve("empty.pem"), "");
        assertThat(catchThrowableOfType(AppConfig.ConfigException.class,
                () -> read(Map.of("salary.trust", dir.resolve("empty.pem").toString()))).getMessage())
                .contains("salary.trust", "empty.pem");
    }
}
