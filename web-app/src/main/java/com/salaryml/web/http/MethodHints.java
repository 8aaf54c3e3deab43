package com.salaryml.web.http;

import jakarta.servlet.ServletContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a 405 tells a caller to send instead, by endpoint, for the endpoints that have more to say than the
 * methods they take: those that take a JSON body give an example of it. Each endpoint's package declares its
 * hint, start-up hands them to {@link MethodsFilter}.
 *
 * @param byEndpoint the hints, each made when asked from the app's parts (the served model's example, say)
 */
public record MethodHints(Map<Endpoint, Function<ServletContext, String>> byEndpoint) {

    public MethodHints {
        byEndpoint = byEndpoint.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byEndpoint));
    }

    /** The hint for an endpoint, made now; empty for one that has none. */
    Optional<String> of(Endpoint endpoint, ServletContext context) {
        return Optional.ofNullable(byEndpoint.get(endpoint)).map(hint -> hint.apply(context));
    }
}
