package com.salaryml.web.it;

import org.junit.jupiter.api.Test;

/**
 * The WAR in Jetty serving the example model with a fourth input, fitted by ordinary least squares; and the
 * OpenAPI document it serves for that model, linted by Spectral.
 */
class JettyExampleModelIT extends ServedModelContract {

    JettyExampleModelIT() {
        super(Served.LINEAR);
    }

    @Override
    Container container() {
        return new JettyContainer();
    }

    @Test
    void spectralFindsNothingToWarnAboutInTheServedDocument() throws Exception {
        Spectral.lint("example-model-linear", http.get(at("openapi.json")).body());
    }
}
