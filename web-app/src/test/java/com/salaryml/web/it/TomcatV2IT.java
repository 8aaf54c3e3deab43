package com.salaryml.web.it;

/** The Open Inference Protocol and the prediction log, with the built WAR deployed in embedded Tomcat. */
class TomcatV2IT extends V2ProtocolContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
