package com.salaryml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmark harness from rotting: every benchmark runs once, briefly, in the build. These are not
 * timed tests; the figures they produce are thrown away. The real runs are by hand (docs/benchmarks.md).
 */
class BenchmarkSmokeTest {

    @Test
    void everyJmhBenchmarkRunsAndProducesAScore() throws Exception {
        var options = new OptionsBuilder()
                .include(PredictorBenchmark.class.getSimpleName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                // JMH's report of a smoke run says nothing worth a screen of the build's output.
                .output(Path.of("target", "jmh-smoke.txt").toString())
                .build();
        var results = new Runner(options).run();
        assertThat(results).extracting(r -> r.getParams().getBenchmark())
                .anyMatch(name -> name.endsWith("single"))
                .anyMatch(name -> name.endsWith("batchOfColumnsPerRow"));
        for (RunResult result : results) {
            assertThat(result.getPrimaryResult().getScore()).as(result.getParams().getBenchmark()).isPositive();
        }
    }

    private static Set<String> headerNames(HttpResponse<?> response) {
        var names = new TreeSet<>(response.headers().map().keySet());
        names.remove("date");
        return names;
    }

    @Test
    void loadServerServesTheWarAndTheConstantServlet() throws Exception {
        Server server = LoadServer.newServer(Path.of(System.getProperty("salary.war")), 0);
        server.start();
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            long readyMillis = LoadServer.awaitReady(URI.create("http://127.0.0.1:" + port + "/salary/health/ready"),
                    System.nanoTime());
            assertThat(readyMillis).isNotNegative();
            var client = HttpClient.newHttpClient();
            var replies = new ArrayList<HttpResponse<String>>();
            for (String path : new String[] {"/constant/", "/salary/api/v1/predict"}) {
                var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"experience\":2,\"test_score\":9,\"interview_score\":6}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).contains("52062.76");
                replies.add(response);
            }
            // The constant servlet stands for the app's HTTP work, so it must send what the app sends: the same
            // headers and a body of the same length. If the app's reply changes, change ConstantServlet with it.
            var constant = replies.get(0);
            var app = replies.get(1);
            assertThat(headerNames(constant)).isEqualTo(headerNames(app));
            assertThat(constant.headers().firstValue("Content-Type"))
                    .isEqualTo(app.headers().firstValue("Content-Type"));
            assertThat(constant.body()).hasSameSizeAs(app.body());
        } finally {
            server.stop();
        }
    }
}
