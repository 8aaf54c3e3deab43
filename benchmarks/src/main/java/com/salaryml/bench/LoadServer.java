package com.salaryml.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The load harness's server: one Jetty 12 with the built WAR at {@code /salary} and, beside it, a servlet at
 * {@code /constant/} that reads the request body and writes a constant JSON reply. The constant servlet is
 * the reference: what the container costs with no work at all, measured under the same load in the same run.
 *
 * <pre>java -cp ... com.salaryml.bench.LoadServer WAR PORT</pre>
 *
 * Prints the milliseconds from deploying the WAR to {@code /health/ready} answering 200, then serves until
 * killed.
 */
public final class LoadServer {

    /** Reads the whole body, as the API must, and answers with a fixed prediction-sized reply. */
    public static final class ConstantServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] REPLY = ("{\"salary\":52062.76112207885,\"unit\":\"USD\",\"model_name\":\"salary\","
                + "\"model_version\":\"1.0.0\"}").getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try (InputStream in = request.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            response.setContentType("application/json");
            response.setContentLength(REPLY.length);
            response.getOutputStream().write(REPLY);
        }
    }

    private LoadServer() {
    }

    /** A server with the WAR and the constant servlet; kept apart from main so tests can start it in-process. */
    public static Server newServer(Path war, int port) throws IOException {
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        var webapp = new WebAppContext();
        webapp.setContextPath("/salary");
        webapp.setWar(war.toAbsolutePath().toString());
        webapp.setTempDirectory(Files.createTempDirectory("load-war").toFile());
        var constant = new ServletContextHandler("/constant");
        constant.addServlet(ConstantServlet.class, "/");
        server.setHandler(new Handler.Sequence(webapp, constant));
        return server;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LoadServer WAR PORT");
            System.exit(2);
        }
        long started = System.nanoTime();
        Server server = newServer(Path.of(args[0]), Integer.parseInt(args[1]));
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        long readyMillis = awaitReady(URI.create("http://127.0.0.1:" + port + "/salary/health/ready"), started);
        System.out.println("ready_ms=" + readyMillis + " port=" + port);
        System.out.flush();
        server.join();
    }

    /** Milliseconds from {@code startedNanos} until the URL answers 200. */
    static long awaitReady(URI ready, long startedNanos) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        while (true) {
            try {
                var response = client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1_000_000;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(5);
        }
    }
}
