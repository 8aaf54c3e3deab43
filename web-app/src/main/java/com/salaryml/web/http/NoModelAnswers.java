package com.salaryml.web.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each endpoint's answer while no model is served, by endpoint: what {@link ServedModelFilter} sends. An
 * endpoint without one answers anyway (health, metrics, outcomes).
 *
 * @param byEndpoint the answers; endpoints not in it need no model
 */
public record NoModelAnswers(Map<Endpoint, NoModelAnswer> byEndpoint) {

    public NoModelAnswers {
        byEndpoint = byEndpoint.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byEndpoint));
    }

    /** The answer for an endpoint that cannot answer without a model; empty for one that can. */
    public Optional<NoModelAnswer> of(Endpoint endpoint) {
        return Optional.ofNullable(byEndpoint.get(endpoint));
    }
}
