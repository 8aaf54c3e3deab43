package com.salaryml.web.it;

/** The data scientist's approval, enforced by the WAR in embedded Jetty 12 (ee10). */
class JettySigningIT extends SigningContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
