package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code SALARY_MODEL} environment variable chooses the model, and it outranks the context init-param.
 * Failsafe runs this class in a JVM of its own with the variable set to a test model (version 7.0.0-env).
 */
class EnvironmentVariableIT {

    private final Http http = new Http();

    @Test
    void environmentVariableNamesTheModelAndOutranksTheInitParam() throws Exception {
        assertThat(System.getenv("SALARY_MODEL")).as("set by the failsafe execution").endsWith("7.0.0-env.json");
        try (Deployment app = new JettyContainer().deploy(Container.builtWar(), "/salary",
                Map.of("salary.model", "/the/environment/variable/wins/over/this.json"))) {
            var reply = http.postJson(app.base().resolve("api/v1/predict"), SalaryAppContract.REFERENCE);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("model_version").textValue()).isEqualTo("7.0.0-env");
            assertThat(reply.json().get("salary").doubleValue()).isEqualTo(1296.0);
        }
    }
}
