package com.salaryml.web.it;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.TestModels;
import org.junit.jupiter.api.Test;

/** The least-squares model of academics' log salaries, with categories and missing values, served in Jetty. */
class JettyCategoricalModelIT extends CategoricalModelContract {

    @Override
    Model served() {
        return TestModels.ACADEMIC;
    }

    @Override
    Container container() {
        return new JettyContainer();
    }

    @Test
    void spectralFindsNothingToWarnAboutInTheServedDocument() throws Exception {
        Spectral.lint("academic", http.get(at("openapi.json")).body());
    }
}
