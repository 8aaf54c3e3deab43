package com.salaryml.web.it;

/** The OpenAPI document against the app, with the built WAR deployed in embedded Tomcat. */
class TomcatOpenApiIT extends OpenApiContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
