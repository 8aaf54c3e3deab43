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

            // load.sh's allocation and request counters: both only grow, and the requests between two readings
            // are counted, the second reading's own included.
            long[] first = allocated(client, port);
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/constant/"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
            long[] second = allocated(client, port);
            assertThat(second[0]).isGreaterThan(first[0]);
            assertThat(second[1] - first[1]).isEqualTo(2);
        } finally {
            server.stop();
        }
    }

    /** The bytes allocated and the requests begun, as {@code /allocated/} answers them. */
    private static long[] allocated(HttpClient client, int port) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/allocated/")).build();
        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        var counters = new long[2];
        for (String line : response.body().split("\n")) {
            String[] nameAndValue = line.split(" ");
            if (nameAndValue[0].equals("allocated_bytes")) {
                counters[0] = Long.parseLong(nameAndValue[1]);
            } else if (nameAndValue[0].equals("requests")) {
                counters[1] = Long.parseLong(nameAndValue[1]);
            }
        }
        assertThat(counters).as(response.body()).doesNotContain(0L);
        return counters;
    }

    private static Set<String> headerNames(HttpResponse<?> response) {
        var names = new TreeSet<>(response.headers().map().keySet());
        names.remove("date");
        return names;
    }
}
