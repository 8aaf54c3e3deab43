package com.salaryml.web.it;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.TestModels;

/** The model of {@link JettyCategoricalModelIT}, served by the unchanged WAR in Tomcat. */
class TomcatCategoricalModelIT extends CategoricalModelContract {

    @Override
    Model served() {
        return TestModels.ACADEMIC;
    }

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
