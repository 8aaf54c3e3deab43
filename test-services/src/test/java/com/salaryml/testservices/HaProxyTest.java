package com.salaryml.testservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaProxyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A replica that answers its name on /x and 200 on /health. */
    private static HttpServer replica(String name) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/x", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesWhatItCannotWriteIntoItsConfiguration() {
        var backend = List.of(URI.create("http://127.0.0.1:8080/"));
        assertThatThrownBy(() -> HaProxy.start(List.of(), "/health"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one backend");
        assertThatThrownBy(() -> HaProxy.start(List.of(URI.create("http://127.0.0.1:8080/salary/")), "/health"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://127.0.0.1:8080/salary/");
        assertThatThrownBy(() -> HaProxy.start(backend, "health"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'health'");
        assertThatThrownBy(() -> HaProxy.start(backend, "/health\nfrontend other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute path without spaces");
    }

    @Test
    void spreadsRequestsOverTheReplicasAndRoutesAroundOneThatStops() throws Exception {
        HttpServer a = replica("a");
        HttpServer b = replica("b");
        var backends = List.of(URI.create("http://127.0.0.1:" + a.getAddress().getPort() + "/"),
                URI.create("http://127.0.0.1:" + b.getAddress().getPort() + "/"));
        try (HaProxy proxy = HaProxy.start(backends, "/health")) {
            var answered = new ArrayList<String>();
            for (int i = 0; i < 6; i++) {
                answered.add(get(proxy.uri().resolve("/x")).body());
            }
            assertThat(answered).contains("a", "b");

            a.stop(0);
            Instant deadline = Instant.now().plusSeconds(30);
            int answeredByB = 0;
            while (answeredByB < 10) {
                assertThat(Instant.now()).as("every request reaches b").isBefore(deadline);
                HttpResponse<String> response = get(proxy.uri().resolve("/x"));
                assertThat(response.statusCode()).as("HAProxy sends the request on to b").isEqualTo(200);
                answeredByB = response.body().equals("b") ? answeredByB + 1 : 0;
            }
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }
}
