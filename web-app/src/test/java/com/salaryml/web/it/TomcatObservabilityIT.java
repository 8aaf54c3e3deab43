package com.salaryml.web.it;

/** Metrics and the OpenAPI document, with the built WAR deployed in embedded Tomcat. */
class TomcatObservabilityIT extends ObservabilityContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
