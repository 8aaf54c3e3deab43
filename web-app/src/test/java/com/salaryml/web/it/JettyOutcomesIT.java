package com.salaryml.web.it;

/** Outcomes, with the built WAR deployed in embedded Jetty. */
class JettyOutcomesIT extends OutcomesContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
