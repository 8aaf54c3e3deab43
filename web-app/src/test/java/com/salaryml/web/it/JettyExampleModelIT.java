package com.salaryml.web.it;

import com.salaryml.web.ExampleModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The WAR in Jetty serving the example model with a fourth input, fitted by ordinary least squares; and the
 * OpenAPI document it serves for that model, linted by Spectral.
 */
class JettyExampleModelIT extends ServedModelContract {

    @Override
    Container container() {
        return new JettyContainer();
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

    @Test
    void spectralFindsNothingToWarnAboutInTheServedDocument() throws Exception {
        Spectral.lint("example-model-linear", http.get(at("openapi.json")).body());
    }
}
