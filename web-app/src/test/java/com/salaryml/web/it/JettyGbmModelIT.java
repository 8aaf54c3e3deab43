package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's "done when": a gradient-boosted tree ensemble on four inputs, trained by the training command with
 * {@code --algorithm gbm} from a CSV and its schema file, served by the unchanged WAR in Jetty. The page, the
 * native API (a conformal interval, a baseline and four exact contributions), V2 (four input tensors, the
 * tree_ensemble platform) and the OpenAPI document, which Spectral lints as served.
 */
class JettyGbmModelIT extends ServedModelContract {

    JettyGbmModelIT() {
        super(Served.GBM);
    }

    @Override
    Container container() {
        return new JettyContainer();
    }

    @Test
    void theModelIsAGradientBoostedTreeEnsemble() throws Exception {
        JsonNode model = http.get(at("api/v1/model")).json();

        assertThat(model.get("algorithm").textValue()).isEqualTo("gbm");
        assertThat(model.get("hyperparameters").get("trees").intValue()).isEqualTo(300);
        assertThat(model.get("coefficient_stats")).isEmpty();
        assertThat(http.get(at("")).body()).contains("<dd>Gradient-boosted trees</dd>");
    }

    @Test
    void spectralFindsNothingToWarnAboutInTheServedDocument() throws Exception {
        Spectral.lint("example-model-gbm", http.get(at("openapi.json")).body());
    }
}
