package com.salaryml.web.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void environmentNameIsUpperCaseWithUnderscores() {
        assertThat(Settings.environmentName("salary.model.version")).isEqualTo("SALARY_MODEL_VERSION");
        assertThat(Settings.environmentName("salary.model")).isEqualTo("SALARY_MODEL");
        assertThat(Settings.environmentName("salary.max-batch")).isEqualTo("SALARY_MAX_BATCH");
    }

    @Test
    void environmentNameDoesNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        // In Turkish, "i".toUpperCase() is a dotted capital I, which no shell would match.
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertThat(Settings.environmentName("salary.limit")).isEqualTo("SALARY_LIMIT");
        } finally {
            Locale.setDefault(before);
        }
    }
}
