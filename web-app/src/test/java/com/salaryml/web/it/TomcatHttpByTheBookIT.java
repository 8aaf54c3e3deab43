package com.salaryml.web.it;

/** HTTP by the book, with the built WAR deployed in embedded Tomcat. */
class TomcatHttpByTheBookIT extends HttpByTheBookContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
