package com.salaryml.web.serving;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Cryptographic random numbers from a generator per thread, for what the server issues that must not be
 * guessable from what it issued before (outcome keys, request ids).
 *
 * <p>DRBG (NIST SP 800-90A), because each instance holds its own state, seeded from the system's entropy.
 * Linux's default, NativePRNG, shares one lock among all its instances, even one per thread: every request
 * would queue on it, and under load that queue is the tail of the latency. Each thread draws its generator's
 * output a kilobyte at a time: one call to DRBG costs the same digests and big-integer arithmetic for 16 bytes
 * as for 1,024, so a request pays a share of one in 64 instead of two of its own.
 */
public final class PerThreadSecureRandom {

    private static final int BUFFER_BYTES = 1024;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final ThreadLocal<PerThreadSecureRandom> CURRENT =
            ThreadLocal.withInitial(() -> new PerThreadSecureRandom(generator()));

    private final SecureRandom generator;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int next = BUFFER_BYTES;

    private PerThreadSecureRandom(SecureRandom generator) {
        this.generator = generator;
    }

    /** 64 random bits from the calling thread's generator. */
    public static long nextLong() {
        return CURRENT.get().take();
    }

    /** The algorithm of the calling thread's generator, for tests: {@code DRBG} wherever the runtime has it. */
    static String algorithm() {
        return CURRENT.get().generator.getAlgorithm();
    }

    private long take() {
        if (next == BUFFER_BYTES) {
            generator.nextBytes(buffer);
            next = 0;
        }
        long bits = (long) LONGS.get(buffer, next);
        // Bytes handed out are not left behind in memory for whatever might read it later.
        LONGS.set(buffer, next, 0L);
        next += Long.BYTES;
        return bits;
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime since 9 has DRBG; should one not, the platform's default is as unguessable.
            return new SecureRandom();
        }
    }
}
