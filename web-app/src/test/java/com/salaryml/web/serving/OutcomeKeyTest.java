package com.salaryml.web.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class OutcomeKeyTest {

    @Test
    void aKeyReadsBackFromItsText() {
        for (int i = 0; i < 1000; i++) {
            OutcomeKey key = OutcomeKey.random();
            assertThat(key.text()).hasSize(OutcomeKey.LENGTH).matches("[A-Za-z0-9_-]+");
            assertThat(OutcomeKey.parse(key.text())).contains(key);
        }
        var edge = new OutcomeKey(-1, Long.MIN_VALUE);
        assertThat(OutcomeKey.parse(edge.text())).contains(edge);
        assertThat(edge).hasToString(edge.text());
    }

    @Test
    void keysAreNotRepeated() {
        var seen = new HashSet<OutcomeKey>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(OutcomeKey.random())).isTrue();
        }
    }

    @Test
    void onlyTheTextAKeyIsWrittenAsReadsAsOne() {
        String text = new OutcomeKey(1, 2).text();
        assertThat(OutcomeKey.parse(null)).isEmpty();
        assertThat(OutcomeKey.parse("")).isEmpty();
        assertThat(OutcomeKey.parse(text.substring(1))).isEmpty();
        assertThat(OutcomeKey.parse(text + "A")).isEmpty();
        assertThat(OutcomeKey.parse(text.substring(1) + "=")).isEmpty();
        assertThat(OutcomeKey.parse(text.substring(1) + "+")).as("base64, not URL-safe").isEmpty();
        // The last character carries 4 bits that are 0 in every key written: another last character is not one.
        assertThat(OutcomeKey.parse(text.substring(0, OutcomeKey.LENGTH - 1) + "B")).isEmpty();
        assertThat(OutcomeKey.parse("order-17")).isEmpty();
    }
}
