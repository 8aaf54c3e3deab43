package com.salaryml.web.it;

/** A real Prometheus scraping the built WAR deployed in embedded Tomcat. */
class TomcatPrometheusIT extends PrometheusContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
