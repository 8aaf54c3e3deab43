package com.salaryml.web.it;

import com.salaryml.web.ExampleModels;
import java.nio.file.Path;

/** The WAR in Tomcat serving the example model with a fourth input, fitted by ordinary least squares. */
class TomcatExampleModelIT extends ServedModelContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }

    @Override
    Path modelFile() {
        return ExampleModels.linear();
    }

    @Override
    String intervalMethod() {
        return "ols-exact";
    }

    @Override
    String platform() {
        return "salaryml-linear";
    }
}
