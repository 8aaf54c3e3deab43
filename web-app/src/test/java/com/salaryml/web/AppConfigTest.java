package com.salaryml.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

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

    static AppConfig read(Map<String, String> initParams) throws AppConfig.ConfigException {
        return AppConfig.read(new Settings(context(initParams)));
    }

    @Test
    void defaultsAreSafeForProduction() throws Exception {
        AppConfig config = read(Map.of());
        assertThat(config.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(config.model()).isEmpty();
        assertThat(config.pinnedVersion()).isEmpty();
        assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(config.maxBatch()).isEqualTo(10_000);
        assertThat(config.predictionLog()).isEmpty();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config).isEqualTo(AppConfig.defaults());
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
}
