package com.salaryml.web.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {

    @Test
    void ordersLikeSemanticVersioning() {
        List<String> expected = List.of("0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.9.0", "1.10.0", "2.0.0",
                "10.0.0");
        var shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.sort(VersionOrder.INSTANCE);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void numbersCompareAsNumbersNotText() {
        assertThat(VersionOrder.INSTANCE.compare("1.10.0", "1.9.0")).isPositive();
        assertThat(VersionOrder.INSTANCE.compare("2", "10")).isNegative();
        assertThat(VersionOrder.INSTANCE.compare("1.01.0", "1.1.0")).isNotZero();
    }

    @Test
    void buildMetadataOnlyBreaksTies() {
        assertThat(VersionOrder.INSTANCE.compare("1.0.0+b2", "1.0.1")).isNegative();
        assertThat(VersionOrder.INSTANCE.compare("1.0.0+b1", "1.0.0+b2")).isNegative();
        assertThat(VersionOrder.INSTANCE.compare("1.0.0", "1.0.0")).isZero();
    }

    @Test
    void nonSemanticVersionsStillGetAStableTotalOrder() {
        var versions = new ArrayList<>(List.of("b", "a", "2024.11", "v3", "2024.2"));
        versions.sort(VersionOrder.INSTANCE);
        assertThat(versions).containsExactly("2024.2", "2024.11", "a", "b", "v3");
    }
}
