package com.salaryml.web.it;

/** Operating the WAR in embedded Jetty 12 (ee10): hot swaps, stages and limits. */
class JettyOperationsIT extends OperationsContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
