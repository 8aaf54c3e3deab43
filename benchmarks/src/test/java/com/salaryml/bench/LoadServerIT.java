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

/**
 * Keeps the HTTP load harness from rotting: the server that benchmarks/load.sh measures serves the built WAR
 * beside the constant-reply servlet, and the two reply alike. Not a timed test.
 */
class LoadServerIT {

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

    private static Set<String> headerNames(HttpResponse<?> response) {
        var names = new TreeSet<>(response.headers().map().keySet());
        names.remove("date");
        return names;
    }
}
