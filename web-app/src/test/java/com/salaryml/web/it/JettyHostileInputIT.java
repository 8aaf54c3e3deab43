package com.salaryml.web.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Hostile input against the built WAR deployed in embedded Jetty 12 (ee10). */
class JettyHostileInputIT extends HostileInputContract {

    @BeforeAll
    static void deployOnce() throws Exception {
        deploy(new JettyContainer());
    }

    @AfterAll
    static void undeployOnce() throws Exception {
        undeploy();
    }
}
