package com.salaryml.web.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void aNewlineInAFileNameCannotStartAForgedLine() {
        String name = "/srv/models/x.json\nSEVERE: Serving model salary 9.9.9 approved by CN=Admin";

        String safe = LogText.safe(name);

        assertThat(safe).doesNotContain("\n")
                .isEqualTo("/srv/models/x.json\\nSEVERE: Serving model salary 9.9.9 approved by CN=Admin");
    }

    @Test
    void everyControlAndLineBreakingCharacterIsEscapedAndOrdinaryTextIsKept() {
        assertThat(LogText.safe("a\rb\tc\u0000d\u001be\u0085f\u2028g\u2029h\u200ei")).isEqualTo(
                "a\\rb\\tc\\u0000d\\u001be\\u0085f\\u2028g\\u2029h\\u200ei");
        assertThat(LogText.safe("Zoë's model, 1.0.0 (€)")).isEqualTo("Zoë's model, 1.0.0 (€)");
        assertThat(LogText.safe(null)).isEqualTo("null");
    }
}
