package com.salaryml.web.it;

/** Who may report outcomes, with the built WAR in embedded Jetty behind a HashLoginService. */
class JettyCallerAccessIT extends CallerAccessContract {

    @Override
    Container container(Realm realm) {
        return new JettyContainer(realm);
    }
}
