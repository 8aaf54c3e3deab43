package com.salaryml.web.it;

/** The WAR in Tomcat serving the example model with a fourth input, fitted by ordinary least squares. */
class TomcatExampleModelIT extends ServedModelContract {

    TomcatExampleModelIT() {
        super(Served.LINEAR);
    }

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
