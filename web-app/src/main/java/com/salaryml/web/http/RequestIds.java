package com.salaryml.web.http;

import jakarta.servlet.http.HttpServletRequest;
import com.salaryml.web.serving.PerThreadSecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: the caller's own when it sends a sane one, so logs on both sides can be matched up. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id if it is 1 to 128 of {@code A-Z a-z 0-9 . _ : -}, else a new random one. */
    public static String of(HttpServletRequest request) {
        return orNew(request.getHeader(HEADER));
    }

    public static String orNew(String candidate) {
        if (candidate != null && SANE.matcher(candidate).matches()) {
            return candidate;
        }
        // A version 4 UUID: 122 random bits from a cryptographic generator, as UUID.randomUUID makes them, but
        // without its generator's lock, which every request would queue on. Outcomes are no longer reported by
        // request id (OutcomeKey), but an id that cannot be guessed still tells nobody how busy the server is.
        return new UUID(PerThreadSecureRandom.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                PerThreadSecureRandom.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
    }
}
