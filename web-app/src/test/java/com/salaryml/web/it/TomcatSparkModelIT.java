package com.salaryml.web.it;

/** The WAR in Tomcat serving the model trained on Spark. */
class TomcatSparkModelIT extends SparkModelContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
