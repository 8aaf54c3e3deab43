package com.salaryml.web.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Hostile input against the built WAR deployed in embedded Tomcat 11, its host configured as docs/deploying.md
 * says: with Tomcat's default error report, a request line Tomcat itself refuses is answered with the
 * parser's stack trace, before the WAR sees the request.
 */
class TomcatHostileInputIT extends HostileInputContract {

    @BeforeAll
    static void deployOnce() throws Exception {
        deploy(new TomcatContainer(true));
    }

    @AfterAll
    static void undeployOnce() throws Exception {
        undeploy();
    }
}
