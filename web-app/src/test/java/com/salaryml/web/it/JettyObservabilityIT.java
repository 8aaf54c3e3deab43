package com.salaryml.web.it;

/** Metrics and the OpenAPI document, with the built WAR deployed in embedded Jetty 12 (ee10). */
class JettyObservabilityIT extends ObservabilityContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
