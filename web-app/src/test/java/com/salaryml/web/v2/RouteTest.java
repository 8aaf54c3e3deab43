package com.salaryml.web.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.web.v2.Route.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTest {

    private static Route route(String pathInfo) {
        return Route.parse(pathInfo).orElseThrow(() -> new AssertionError("no route for " + pathInfo));
    }

    @Test
    void serverEndpoints() {
        assertThat(route(null).kind()).isEqualTo(Kind.SERVER_METADATA);
        assertThat(route("/").kind()).isEqualTo(Kind.SERVER_METADATA);
        assertThat(route("/health/live").kind()).isEqualTo(Kind.SERVER_LIVE);
        assertThat(route("/health/ready").kind()).isEqualTo(Kind.SERVER_READY);
    }

    @Test
    void modelEndpointsWithAndWithoutAVersion() {
        assertThat(route("/models/salary")).isEqualTo(new Route(Kind.MODEL_METADATA, "salary", Optional.empty()));
        assertThat(route("/models/salary/ready")).isEqualTo(new Route(Kind.MODEL_READY, "salary", Optional.empty()));
        assertThat(route("/models/salary/infer")).isEqualTo(new Route(Kind.MODEL_INFER, "salary", Optional.empty()));
        assertThat(route("/models/salary/versions/1.0.0"))
                .isEqualTo(new Route(Kind.MODEL_METADATA, "salary", Optional.of("1.0.0")));
        assertThat(route("/models/salary/versions/1.0.0/ready"))
                .isEqualTo(new Route(Kind.MODEL_READY, "salary", Optional.of("1.0.0")));
        assertThat(route("/models/salary/versions/2.0.0-rc.1+b7/infer"))
                .isEqualTo(new Route(Kind.MODEL_INFER, "salary", Optional.of("2.0.0-rc.1+b7")));
    }

    @Test
    void aModelMayBeCalledLikeAnEndpoint() {
        assertThat(route("/models/ready")).isEqualTo(new Route(Kind.MODEL_METADATA, "ready", Optional.empty()));
        assertThat(route("/models/versions/infer"))
                .isEqualTo(new Route(Kind.MODEL_INFER, "versions", Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/live/", "/health/other", "/models", "/models/", "/models/salary/",
            "/models/salary/predict", "/models/salary/versions", "/models/salary/versions/",
            "/models/salary/versions/1.0.0/", "/models/salary/versions/1.0.0/infer/x", "/models//infer",
            "/models/salary/ready/infer", "/repository/index", "//", "/v2", "health/live"})
    void everythingElseIsNotFound(String pathInfo) {
        assertThat(Route.parse(pathInfo)).as(pathInfo).isEmpty();
    }

    @Test
    void eachEndpointAnswersOneMethod() {
        assertThat(Kind.MODEL_INFER.method()).isEqualTo("POST");
        assertThat(Kind.MODEL_INFER.allow()).isEqualTo("POST, OPTIONS");
        for (Kind kind : new Kind[] {Kind.SERVER_METADATA, Kind.SERVER_LIVE, Kind.SERVER_READY,
                Kind.MODEL_METADATA, Kind.MODEL_READY}) {
            assertThat(kind.method()).isEqualTo("GET");
            assertThat(kind.allow()).isEqualTo("GET, HEAD, OPTIONS");
        }
    }
}
