package com.salaryml.web.it;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.TestModels;

/**
 * The gradient-boosted model of academics' log salaries, whose trees split on levels (a format 3 file), served in
 * Jetty: the web app does not know which kind it serves.
 */
class JettyCategoricalGbmIT extends CategoricalModelContract {

    @Override
    Model served() {
        return TestModels.ACADEMIC_GBM;
    }

    @Override
    Container container() {
        return new JettyContainer();
    }
}
