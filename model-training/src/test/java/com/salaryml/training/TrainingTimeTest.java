package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TrainingTimeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T23:41:07.654321Z"), ZoneOffset.UTC);

    @Test
    void withoutSourceDateEpochItIsNowToTheSecond() throws Exception {
        assertThat(TrainingTime.of(Map.of(), CLOCK)).isEqualTo(Instant.parse("2026-12-05T23:41:07Z"));
    }

    @Test
    void anEmptySourceDateEpochIsUnset() throws Exception {
        assertThat(TrainingTime.of(Map.of(TrainingTime.SOURCE_DATE_EPOCH, ""), CLOCK))
                .isEqualTo(Instant.parse("2026-12-05T23:41:07Z"));
    }

    @Test
    void sourceDateEpochIsSecondsSinceTheEpoch() throws Exception {
        assertThat(TrainingTime.of(Map.of(TrainingTime.SOURCE_DATE_EPOCH, "1795737600"), CLOCK))
                .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(TrainingTime.of(Map.of(TrainingTime.SOURCE_DATE_EPOCH, "0"), CLOCK)).isEqualTo(Instant.EPOCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T00:00:00Z", "-1", "+1795737600", "1795737600.5", " 1795737600", "1e9",
            "123456789012", "now"})
    void anythingElseIsRefusedNamingTheVariableAndItsValue(String value) {
        assertThatThrownBy(() -> TrainingTime.of(Map.of(TrainingTime.SOURCE_DATE_EPOCH, value), CLOCK))
                .isInstanceOf(TrainingTime.InvalidSourceDateEpochException.class)
                .hasMessageStartingWith("the environment variable SOURCE_DATE_EPOCH is \"" + value + "\", which is"
                        + " not a time: it must be whole seconds since 1970-01-01T00:00:00Z");
    }
}
