package com.salaryml.web.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PerThreadSecureRandomTest {

    @Test
    void eachThreadHasAGeneratorOfItsOwnThatSharesNoLockWithTheOthers() throws Exception {
        SecureRandom mine = PerThreadSecureRandom.current();
        SecureRandom another = CompletableFuture.supplyAsync(PerThreadSecureRandom::current).get();

        assertThat(PerThreadSecureRandom.current()).isSameAs(mine);
        assertThat(another).isNotSameAs(mine);
        // NativePRNG, Linux's default, serialises every instance on one lock; DRBG keeps its state per instance.
        assertThat(mine.getAlgorithm()).isEqualTo("DRBG");
        assertThat(another.getAlgorithm()).isEqualTo("DRBG");
    }
}
