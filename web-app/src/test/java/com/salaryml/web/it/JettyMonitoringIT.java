package com.salaryml.web.it;

/** Drift monitoring, with the built WAR deployed in embedded Jetty 12 (ee10). */
class JettyMonitoringIT extends MonitoringContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
