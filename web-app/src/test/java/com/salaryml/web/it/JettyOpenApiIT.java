package com.salaryml.web.it;

import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the app, with the built WAR deployed in embedded Jetty 12 (ee10); and the
 * document it serves, linted by Spectral, once here: the document does not depend on the container.
 */
class JettyOpenApiIT extends OpenApiContract {

    @Override
    Container container() {
        return new JettyContainer();
    }

    @Test
    void spectralFindsNothingToWarnAboutInTheServedDocument() throws Exception {
        Spectral.lint("default-model", http.get(app.base().resolve("openapi.json")).body());
    }
}
