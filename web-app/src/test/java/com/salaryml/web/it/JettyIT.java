package com.salaryml.web.it;

/** The app's HTTP contract, with the built WAR deployed in embedded Jetty 12 (ee10). */
class JettyIT extends SalaryAppContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
