package com.salaryml.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {

    @ParameterizedTest(name = "servlet path \"{0}\" is {1}")
    @CsvSource(emptyValue = "", value = {
        "'', PAGE",
        "/, PAGE",
        "/api/v1/predict, API_PREDICT",
        "/api/v1/model, API_MODEL",
        "/api/v1/monitoring, API_MONITORING",
        "/health/live, HEALTH",
        "/health/ready, HEALTH",
        "/v2, V2",
        "/metrics, METRICS",
        "/openapi.json, OPENAPI",
        "/page.css, STATIC",
        "/img/logo.SVG, STATIC",
        "/favicon.ico, STATIC",
        // Anything else is one bucket, whatever the path: no client can add a series by inventing addresses.
        "/api/v1/predict/, OTHER",
        "/api/v1/predictx, OTHER",
        "/v2x, OTHER",
        "/error, OTHER",
        "/WEB-INF/web.xml, OTHER",
        "/nothing-here, OTHER",
        "/styles.css/more, OTHER",
        "/css, OTHER",
    })
    void mapsEachServletPathToOneOfAFixedSetOfEndpoints(String servletPath, Endpoint expected) {
        assertThat(Endpoint.of(servletPath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"PAGE, page", "API_PREDICT, api_predict", "OTHER, other"})
    void labelsAreLowerCaseNames(Endpoint endpoint, String label) {
        assertThat(endpoint.label()).isEqualTo(label);
    }
}
