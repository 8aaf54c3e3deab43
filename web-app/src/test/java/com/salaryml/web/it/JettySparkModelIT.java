package com.salaryml.web.it;

/** The WAR in Jetty serving the model trained on Spark. */
class JettySparkModelIT extends SparkModelContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
