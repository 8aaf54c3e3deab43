package com.salaryml.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void aSaneCallerIdIsKeptAndAnyOtherReplacedByARandomVersionFourUuid() {
        assertThat(RequestIds.orNew("order-17")).isEqualTo("order-17");
        for (String insane : new String[] {null, "", "a b", "x".repeat(129), "id\nforged"}) {
            UUID made = UUID.fromString(RequestIds.orNew(insane));
            assertThat(made.version()).isEqualTo(4);
            assertThat(made.variant()).isEqualTo(2);
        }
    }

    @Test
    void madeIdsDoNotRepeat() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(RequestIds.orNew(null))).isTrue();
        }
    }
}
