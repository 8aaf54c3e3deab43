package com.salaryml.web.it;

/** Drift monitoring, with the built WAR deployed in embedded Tomcat. */
class TomcatMonitoringIT extends MonitoringContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
