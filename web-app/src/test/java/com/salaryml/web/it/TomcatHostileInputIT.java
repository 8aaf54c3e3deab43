package com.salaryml.web.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Hostile input against the built WAR deployed in embedded Tomcat 11 (and 10.1), its host configured as
 * docs/deploying.md says: with Tomcat's default error report, a request line Tomcat itself refuses is answered
 * with the parser's stack trace, before the WAR sees the request. Its connector is configured as
 * docs/security.md says: by default Tomcat logs the first request of a day that it cannot parse at INFO, with
 * the parser's stack trace.
 */
class TomcatHostileInputIT extends HostileInputContract {

    /** Tomcat's switch for how it logs requests it cannot parse; read when a connection's processor is made. */
    static final String PARSE_ERROR_LOGGING = "org.apache.juli.logging.UserDataHelper.CONFIG";

    private static String before;

    @BeforeAll
    static void deployOnce() throws Exception {
        before = System.setProperty(PARSE_ERROR_LOGGING, "DEBUG_ALL");
        deploy(new TomcatContainer(true));
    }

    @AfterAll
    static void undeployOnce() throws Exception {
        undeploy();
        if (before == null) {
            System.clearProperty(PARSE_ERROR_LOGGING);
        } else {
            System.setProperty(PARSE_ERROR_LOGGING, before);
        }
    }
}
