package com.salaryml.web.it;

/** A real Prometheus scraping the built WAR deployed in embedded Jetty. */
class JettyPrometheusIT extends PrometheusContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
