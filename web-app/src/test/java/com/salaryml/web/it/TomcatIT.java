package com.salaryml.web.it;

/** The app's HTTP contract, with the built WAR deployed in embedded Tomcat. */
class TomcatIT extends SalaryAppContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
