package com.salaryml.web.it;

/** The data scientist's approval, enforced by the WAR in embedded Tomcat. */
class TomcatSigningIT extends SigningContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
