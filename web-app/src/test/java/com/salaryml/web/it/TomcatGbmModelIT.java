package com.salaryml.web.it;

/** The gradient-boosted four-input model of {@link JettyGbmModelIT}, served by the unchanged WAR in Tomcat. */
class TomcatGbmModelIT extends ServedModelContract {

    TomcatGbmModelIT() {
        super(Served.GBM);
    }

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
