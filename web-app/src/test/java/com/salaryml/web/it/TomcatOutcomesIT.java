package com.salaryml.web.it;

/** Outcomes, with the built WAR deployed in embedded Tomcat. */
class TomcatOutcomesIT extends OutcomesContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
