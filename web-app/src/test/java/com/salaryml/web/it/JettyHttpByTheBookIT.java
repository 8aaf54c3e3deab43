package com.salaryml.web.it;

/** HTTP by the book, with the built WAR deployed in embedded Jetty 12 (ee10). */
class JettyHttpByTheBookIT extends HttpByTheBookContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
