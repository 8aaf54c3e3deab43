package com.salaryml.web.page;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The page's query string, decoded by the app as a browser encodes a form sent with GET
 * ({@code application/x-www-form-urlencoded}, UTF-8), rather than by the container. Two things depend on it:
 * every value a name was given is kept, so a field given twice is refused rather than one value silently
 * chosen; and a broken encoding ({@code %zz}, bytes that are not UTF-8) is a fact about one field, answered
 * with a 400 that names it, where the containers' own parsers throw, log or drop the value, each its own way.
 *
 * @param values    each name's values, in the order given
 * @param malformed the names given at least once with a value that is not valid URL encoding of UTF-8
 */
record QueryString(Map<String, List<String>> values, Set<String> malformed) {

    QueryString {
        values = Map.copyOf(values);
        malformed = Set.copyOf(malformed);
    }

    /** Decodes a raw query string, as {@code HttpServletRequest.getQueryString()} gives it (null for none). */
    static QueryString parse(String raw) {
        var values = new HashMap<String, List<String>>();
        var malformed = new HashSet<String>();
        if (raw == null || raw.isEmpty()) {
            return new QueryString(values, malformed);
        }
        // The container has bounded the request line already (8 KiB on Jetty and Tomcat by default).
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            Optional<String> name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (name.isEmpty()) {
                // Not a name this page knows, whatever it was meant to be; like any other stranger, ignored.
                continue;
            }
            Optional<String> value = decode(equals < 0 ? "" : pair.substring(equals + 1));
            if (value.isEmpty()) {
                malformed.add(name.get());
            } else {
                values.computeIfAbsent(name.get(), key -> new ArrayList<>()).add(value.get());
            }
        }
        values.replaceAll((name, list) -> List.copyOf(list));
        return new QueryString(values, malformed);
    }

    /** Every value given for {@code name}, in order; empty if it was not given. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Whether {@code name} was given at all, well encoded or not. */
    boolean has(String name) {
        return values.containsKey(name) || malformed.contains(name);
    }

    /** '+' is a space and %XX a byte; the bytes must be UTF-8. Empty when the text is not valid encoding. */
    private static Optional<String> decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return Optional.of(encoded);
        }
        var bytes = ByteBuffer.allocate(encoded.length() * 4);
        int literal = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '+' && c != '%') {
                continue;
            }
            bytes.put(encoded.substring(literal, i).getBytes(StandardCharsets.UTF_8));
            if (c == '+') {
                bytes.put((byte) ' ');
            } else {
                if (i + 2 >= encoded.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            }
            literal = i + 1;
        }
        bytes.put(encoded.substring(literal).getBytes(StandardCharsets.UTF_8));
        bytes.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
