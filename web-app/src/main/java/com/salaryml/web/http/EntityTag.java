package com.salaryml.web.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;

/**
 * A strong entity tag made from the bytes of an answer, and the conditional GET it allows (RFC 9110, 8.8.3 and
 * 13.1.2). It depends on the bytes alone, never on when an instance started or which one answers, so every
 * replica that would send the same bytes sends the same tag, and a cache's copy stays good across them.
 *
 * @param value the tag as the {@code ETag} header carries it, quotes included
 */
public record EntityTag(String value) {

    /** Kept, but asked about again before each use: the answer changes when the served model does. */
    public static final String REVALIDATE = "no-cache";

    /** The tag of {@code content}, made of its parts in order: their SHA-256, base64url without padding. */
    public static EntityTag of(byte[]... content) {
        try {
            var sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] part : content) {
                sha256.update(part);
            }
            byte[] digest = sha256.digest();
            return new EntityTag('"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + '"');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Whether an {@code If-None-Match} of the request names this tag, or is {@code *}. The comparison is the weak
     * one RFC 9110 prescribes for this header, so {@code W/"x"} matches {@code "x"}; every header the request
     * sends counts, each a list of tags.
     */
    public boolean matchedBy(HttpServletRequest request) {
        for (String header : Collections.list(request.getHeaders("If-None-Match"))) {
            if (listMatches(header)) {
                return true;
            }
        }
        return false;
    }

    /** One {@code If-None-Match} value against this tag. */
    boolean listMatches(String header) {
        if (header.strip().equals("*")) {
            return true;
        }
        String opaque = value;
        int at = 0;
        while (at < header.length()) {
            char c = header.charAt(at);
            if (c == ' ' || c == '\t' || c == ',') {
                at++;
                continue;
            }
            int start = header.startsWith("W/", at) ? at + 2 : at;
            if (start >= header.length() || header.charAt(start) != '"') {
                return false; // not a list of entity tags: it matches nothing
            }
            int end = header.indexOf('"', start + 1);
            if (end < 0) {
                return false;
            }
            if (header.regionMatches(start, opaque, 0, opaque.length()) && end + 1 - start == opaque.length()) {
                return true;
            }
            at = end + 1;
        }
        return false;
    }

    /**
     * Marks a cacheable answer with this tag and {@code Cache-Control: no-cache}, and answers {@code 304 Not
     * Modified} with no body when the request already holds it.
     *
     * @return true if the 304 went out, so the caller must send nothing more
     */
    public boolean answerUnchanged(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("ETag", value);
        response.setHeader("Cache-Control", REVALIDATE);
        if (matchedBy(request)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return true;
        }
        return false;
    }
}
