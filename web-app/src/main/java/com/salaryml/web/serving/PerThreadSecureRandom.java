package com.salaryml.web.serving;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A cryptographic generator per thread, for what the server issues that must not be guessable from what it
 * issued before (outcome keys, request ids). DRBG (NIST SP 800-90A), because each instance holds its own state,
 * seeded from the system's entropy. Linux's default, NativePRNG, shares one lock among all its instances, even
 * one per thread: every request would queue on it, and under load that queue is the tail of the latency.
 */
public final class PerThreadSecureRandom {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(PerThreadSecureRandom::generator);

    private PerThreadSecureRandom() {
    }

    /** The calling thread's generator. */
    public static SecureRandom current() {
        return RANDOM.get();
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
