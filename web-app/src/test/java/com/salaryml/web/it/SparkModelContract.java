package com.salaryml.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.ExampleModels;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built WAR, unchanged, serving the model that model-training-spark trained on Spark from data/hiring.csv:
 * the same reference salary to the cent, the same exact interval, and the model's description saying which
 * trainer made it. Nothing of Spark is in the WAR (WarContentsIT); the model file is all that crosses over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SparkModelContract extends DeployedContract {

    Predictor model;

    @BeforeAll
    void deploy() throws Exception {
        model = ExampleModels.load(ExampleModels.spark());
        app = container().deploy(Container.builtWar(), "/salary",
                Map.of("salary.model", ExampleModels.spark().toString()));
    }

    @Test
    void theApiAnswersTheReferenceSalaryWithTheSparkModelsExactInterval() throws Exception {
        var reply = http.postJson(at("api/v1/predict"), SalaryAppContract.REFERENCE);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("X-Model-Version")).isEqualTo("5.0.0");
        JsonNode json = reply.json();
        assertThat(json.get("salary").doubleValue()).isCloseTo(SalaryAppContract.REFERENCE_SALARY, within(0.005));
        var expected = model.predict(Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0));
        assertThat(json.get("salary").doubleValue()).isEqualTo(expected.value());
        assertThat(json.toString()).contains("ols-exact");
    }

    @Test
    void thePageShowsTheReferenceEstimate() throws Exception {
        var reply = http.get(at("?experience=2&test_score=9&interview_score=6"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("$52,062.76").contains("salary version 5.0.0");
    }

    @Test
    void theModelEndpointDescribesTheSparkTrainedModel() throws Exception {
        JsonNode json = http.get(at("api/v1/model")).json();

        assertThat(json.get("version").textValue()).isEqualTo("5.0.0");
        assertThat(json.get("algorithm").textValue()).isEqualTo("ols");
        assertThat(json.get("training_data").get("rows").intValue()).isEqualTo(8);
        assertThat(json.get("metrics").get("r2").doubleValue()).isBetween(0.9, 1.0);
    }
}
