package com.salaryml.web.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.AppConfigTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerRoleTest {

    private static AppConfig config(String stage, String restricted) throws Exception {
        return AppConfigTest.read(Map.of("salary.environment", stage, "salary.monitoring.restricted", restricted));
    }

    @Test
    void outcomesNeedTheirRoleEverywhereButDevelopment() throws Exception {
        assertThat(CallerRole.OUTCOMES.required(config("development", "true"))).isFalse();
        for (String stage : new String[] {"testing", "staging", "production"}) {
            assertThat(CallerRole.OUTCOMES.required(config(stage, "false"))).as(stage).isTrue();
        }
    }

    @Test
    void theLiveFiguresNeedTheirRoleOnlyOnceRestricted() throws Exception {
        assertThat(CallerRole.MONITORING.required(config("production", "false"))).isFalse();
        assertThat(CallerRole.MONITORING.required(config("production", "true"))).isTrue();
        assertThat(CallerRole.MONITORING.required(config("development", "true"))).isFalse();
    }

    @Test
    void webXmlNamesOnlyKnownRoles() {
        assertThat(CallerRole.of("salary-outcomes")).isEqualTo(CallerRole.OUTCOMES);
        assertThatThrownBy(() -> CallerRole.of("admin")).hasMessageContaining("salary-outcomes")
                .hasMessageContaining("salary-monitoring");
    }
}
