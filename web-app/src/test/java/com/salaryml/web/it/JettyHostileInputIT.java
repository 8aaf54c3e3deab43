package com.salaryml.web.it;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Hostile input against the built WAR deployed in embedded Jetty 12 (ee10). */
class JettyHostileInputIT extends HostileInputContract {

    @BeforeContainer
    static void deployOnce() throws Exception {
        deploy(new JettyContainer());
    }

    @AfterContainer
    static void undeployOnce() throws Exception {
        undeploy();
    }
}
