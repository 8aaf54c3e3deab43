package com.salaryml.web.it;

import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Slow clients against the built WAR in embedded Tomcat 11 (and 10.1), configured as docs/deploying.md says,
 * and with the request parser's errors logged at debug level as docs/security.md says: the error page test sends
 * Tomcat a request line it cannot parse, which it would otherwise log with the parser's stack trace.
 */
class TomcatSlowClientsIT extends SlowClientsContract {

    private static String before;

    @BeforeAll
    static void logParseErrorsAtDebug() {
        before = System.setProperty(TomcatHostileInputIT.PARSE_ERROR_LOGGING, "DEBUG_ALL");
    }

    @AfterAll
    static void restoreParseErrorLogging() {
        if (before == null) {
            System.clearProperty(TomcatHostileInputIT.PARSE_ERROR_LOGGING);
        } else {
            System.setProperty(TomcatHostileInputIT.PARSE_ERROR_LOGGING, before);
        }
    }

    @Override
    Container container() {
        return TomcatContainer.limitingSlowClients();
    }

    /** "11.0.27" of "Apache Tomcat/11.0.27", as Tomcat's error report would show it. */
    @Override
    String containerVersion() {
        String info = ServerInfo.getServerInfo();
        return info.substring(info.indexOf('/') + 1);
    }
}
