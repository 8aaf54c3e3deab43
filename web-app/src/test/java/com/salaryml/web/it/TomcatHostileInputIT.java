package com.salaryml.web.it;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input against the built WAR deployed in embedded Tomcat 11, its host configured as docs/deploying.md
 * says: with Tomcat's default error report, a request line Tomcat itself refuses is answered with the
 * parser's stack trace, before the WAR sees the request.
 */
class TomcatHostileInputIT extends HostileInputContract {

    @BeforeContainer
    static void deployOnce() throws Exception {
        deploy(new TomcatContainer(true));
    }

    @AfterContainer
    static void undeployOnce() throws Exception {
        undeploy();
    }
}
