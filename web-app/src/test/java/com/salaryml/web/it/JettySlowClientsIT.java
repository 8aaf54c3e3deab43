package com.salaryml.web.it;

import org.eclipse.jetty.util.Jetty;

/** Slow clients against the built WAR in embedded Jetty 12 (ee10), configured as docs/deploying.md says. */
class JettySlowClientsIT extends SlowClientsContract {

    @Override
    Container container() {
        return JettyContainer.hardened();
    }

    @Override
    String containerVersion() {
        return Jetty.VERSION;
    }
}
