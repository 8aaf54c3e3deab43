package com.salaryml.web.it;

/** The OpenAPI document against the app, with the built WAR deployed in embedded Jetty 12 (ee10). */
class JettyOpenApiIT extends OpenApiContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
