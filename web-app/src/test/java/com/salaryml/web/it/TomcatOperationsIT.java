package com.salaryml.web.it;

/** Operating the WAR in embedded Tomcat: hot swaps, stages and limits. */
class TomcatOperationsIT extends OperationsContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
