package com.salaryml.web.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PerThreadSecureRandomTest {

    @Test
    void theGeneratorIsOneThatKeepsItsStatePerInstanceNotNativePrngWithItsSharedLock() throws Exception {
        assertThat(PerThreadSecureRandom.algorithm()).isEqualTo("DRBG");
        assertThat(CompletableFuture.supplyAsync(PerThreadSecureRandom::algorithm).get()).isEqualTo("DRBG");
    }

    @Test
    void numbersDrawnAcrossManyRefillsOfTheBufferNeitherRepeatNorLeanToOneBit() {
        var seen = new HashSet<Long>();
        int draws = 100_000;
        long[] ones = new long[64];
        for (int i = 0; i < draws; i++) {
            long bits = PerThreadSecureRandom.nextLong();
            assertThat(seen.add(bits)).as("draw %d repeats an earlier one", i).isTrue();
            for (int b = 0; b < 64; b++) {
                ones[b] += bits >>> b & 1;
            }
        }
        // Each bit is set in half the draws: 50,000 ± 5 standard deviations (158 each).
        for (int b = 0; b < 64; b++) {
            assertThat(ones[b]).as("bit %d", b).isBetween(draws / 2 - 800L, draws / 2 + 800L);
        }
    }

    @Test
    void threadsDrawFromGeneratorsOfTheirOwn() throws Exception {
        var mine = new HashSet<Long>();
        for (int i = 0; i < 1_000; i++) {
            mine.add(PerThreadSecureRandom.nextLong());
        }
        var theirs = CompletableFuture.supplyAsync(() -> {
            var drawn = new HashSet<Long>();
            for (int i = 0; i < 1_000; i++) {
                drawn.add(PerThreadSecureRandom.nextLong());
            }
            return drawn;
        }).get();
        assertThat(theirs).hasSize(1_000).doesNotContainAnyElementsOf(mine);
    }
}
