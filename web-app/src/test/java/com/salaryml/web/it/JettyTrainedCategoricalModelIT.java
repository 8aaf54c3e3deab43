package com.salaryml.web.it;

import com.salaryml.artifact.Model;
import com.salaryml.web.ExampleModels;

/**
 * The model the build trains from data/examples/academics.csv (categories, blank and NA cells filled in by the
 * schema's rules, the log of the salary), as the training command wrote it, served by the unchanged WAR in Jetty.
 */
class JettyTrainedCategoricalModelIT extends CategoricalModelContract {

    @Override
    Model served() {
        return (Model) ExampleModels.load(ExampleModels.categorical());
    }

    @Override
    Container container() {
        return new JettyContainer();
    }
}
