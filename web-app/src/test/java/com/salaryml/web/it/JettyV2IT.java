package com.salaryml.web.it;

/** The Open Inference Protocol and the prediction log, with the built WAR deployed in embedded Jetty 12 (ee10). */
class JettyV2IT extends V2ProtocolContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
