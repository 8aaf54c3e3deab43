package com.salaryml.web.it;

import com.salaryml.web.ExampleModels;
import java.nio.file.Path;

/** The gradient-boosted four-input model of {@link JettyGbmModelIT}, served by the unchanged WAR in Tomcat. */
class TomcatGbmModelIT extends ServedModelContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }

    @Override
    Path modelFile() {
        return ExampleModels.gbm();
    }

    @Override
    String intervalMethod() {
        return "conformal";
    }

    @Override
    String platform() {
        return "salaryml-tree_ensemble";
    }
}
