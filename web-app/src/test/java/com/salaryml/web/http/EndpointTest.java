package com.salaryml.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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

    /**
     * Each endpoint names the methods it takes, as its Allow header lists them, OPTIONS last; V2's routes each take
     * their own, and where nothing is, nothing is taken.
     */
    @Test
    void everyEndpointNamesTheMethodsItTakes() {
        for (Endpoint endpoint : Endpoint.values()) {
            if (endpoint == Endpoint.V2 || endpoint == Endpoint.OTHER) {
                assertThat(endpoint.methods()).as(endpoint.name()).isEmpty();
            } else {
                assertThat(endpoint.methods()).as(endpoint.name()).endsWith("OPTIONS").doesNotContain("TRACE", "PATCH");
            }
        }
        assertThat(Endpoint.API_PREDICT.methods()).containsExactly("POST", "OPTIONS");
        assertThat(Endpoint.API_OUTCOMES.methods()).containsExactly("POST", "OPTIONS");
        assertThat(Endpoint.STATIC.methods()).containsExactly("GET", "HEAD", "OPTIONS");
        assertThat(Endpoint.OPENAPI.methods()).containsExactly("GET", "HEAD", "OPTIONS");
    }

    /**
     * The routes are declared twice, in web.xml for the container and in {@link Endpoint} for the app: every
     * servlet's URL patterns in one must be one endpoint's patterns in the other, and no endpoint may declare
     * a pattern web.xml does not map.
     */
    @Test
    void theEndpointsDeclareExactlyTheUrlPatternsOfWebXml() throws Exception {
        var document = webXml();
        var mappings = document.getElementsByTagNameNS("*", "servlet-mapping");
        var byServlet = new java.util.TreeMap<String, java.util.List<String>>();
        for (int i = 0; i < mappings.getLength(); i++) {
            var mapping = (org.w3c.dom.Element) mappings.item(i);
            String servlet = mapping.getElementsByTagNameNS("*", "servlet-name").item(0).getTextContent().strip();
            var patterns = mapping.getElementsByTagNameNS("*", "url-pattern");
            for (int p = 0; p < patterns.getLength(); p++) {
                byServlet.computeIfAbsent(servlet, name -> new java.util.ArrayList<>())
                        .add(patterns.item(p).getTextContent().strip());
            }
        }
        // The error pages' own servlet is no endpoint: a request that reaches it is counted where it began.
        assertThat(byServlet.remove("error")).containsExactly("/error");
        var declared = new java.util.ArrayList<java.util.List<String>>();
        for (Endpoint endpoint : Endpoint.values()) {
            if (!endpoint.patterns().isEmpty()) {
                declared.add(endpoint.patterns());
            }
        }
        assertThat(byServlet.values()).containsExactlyInAnyOrderElementsOf(declared);
    }

    /** The served-model filter is the one edge every endpoint shares, so it must see every servlet's requests. */
    @Test
    void theServedModelFilterSeesEveryServletButTheErrorPages() throws Exception {
        var document = webXml();
        var servlets = new java.util.TreeSet<String>();
        var declared = document.getElementsByTagNameNS("*", "servlet");
        for (int i = 0; i < declared.getLength(); i++) {
            servlets.add(((org.w3c.dom.Element) declared.item(i)).getElementsByTagNameNS("*", "servlet-name").item(0)
                    .getTextContent().strip());
        }
        String filter = null;
        var filters = document.getElementsByTagNameNS("*", "filter");
        for (int i = 0; i < filters.getLength(); i++) {
            var element = (org.w3c.dom.Element) filters.item(i);
            if (element.getElementsByTagNameNS("*", "filter-class").item(0).getTextContent().strip()
                    .equals(ServedModelFilter.class.getName())) {
                filter = element.getElementsByTagNameNS("*", "filter-name").item(0).getTextContent().strip();
            }
        }
        assertThat(filter).as("web.xml declares the served-model filter").isNotNull();
        var mapped = new java.util.TreeSet<String>();
        var mappings = document.getElementsByTagNameNS("*", "filter-mapping");
        for (int i = 0; i < mappings.getLength(); i++) {
            var mapping = (org.w3c.dom.Element) mappings.item(i);
            if (mapping.getElementsByTagNameNS("*", "filter-name").item(0).getTextContent().strip().equals(filter)) {
                var names = mapping.getElementsByTagNameNS("*", "servlet-name");
                for (int n = 0; n < names.getLength(); n++) {
                    mapped.add(names.item(n).getTextContent().strip());
                }
            }
        }
        servlets.remove("error");
        assertThat(mapped).isEqualTo(servlets);
    }

    private static org.w3c.dom.Document webXml() throws Exception {
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(java.nio.file.Path.of("src/main/webapp/WEB-INF/web.xml").toFile());
    }
}
