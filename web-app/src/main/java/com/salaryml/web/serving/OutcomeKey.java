package com.salaryml.web.serving;

import java.util.Base64;
import java.util.Optional;

/**
 * The key the server issues to one prediction request, under which its outcomes are reported and joined: 128
 * bits from a cryptographic generator, written as 22 characters of URL-safe base64. Only whoever got the
 * prediction's answer (or reads the prediction log) knows it, so no one else can report the outcome of that
 * prediction, nor take it over by predicting again under the same request id, as a caller's own id allowed.
 *
 * <p>Held as two longs rather than its text: the outcomes index holds a hundred thousand of them.
 */
public record OutcomeKey(long high, long low) {

    /** The length of the text of every key. */
    public static final int LENGTH = 22;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A new key, from the calling thread's cryptographic generator. */
    public static OutcomeKey random() {
        return new OutcomeKey(PerThreadSecureRandom.nextLong(), PerThreadSecureRandom.nextLong());
    }

    /**
     * The key a text spells, if it is one: exactly {@value #LENGTH} characters of {@code A-Z a-z 0-9 - _}, as
     * {@link #text()} writes them. Anything else is empty: a key the server never issued.
     */
    public static Optional<OutcomeKey> parse(String text) {
        if (text == null || text.length() != LENGTH) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        var key = new OutcomeKey(longAt(bytes, 0), longAt(bytes, 8));
        // 22 characters carry 132 bits; the last 4 are 0 in every key written, so only one text spells a key.
        return key.text().equals(text) ? Optional.of(key) : Optional.empty();
    }

    /** The key as the answer, the prediction log and the outcomes file write it. */
    public String text() {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return ENCODER.encodeToString(bytes);
    }

    private static long longAt(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = value << 8 | (bytes[i] & 0xff);
        }
        return value;
    }

    /** The text, so that a key never shows up in a message as its two numbers. */
    @Override
    public String toString() {
        return text();
    }
}
