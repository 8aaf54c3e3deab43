package com.salaryml.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.eclipse.jetty.server.Server;

/**
 * The README's run command: the built WAR in Jetty 12, the same container and set-up the integration tests
 * deploy it in, at {@code http://localhost:8080/salary/}. It prints what an operator needs (the app's own
 * messages, the address, the model served, how to stop) and sends the container's log to a file.
 *
 * <pre>mvn -q install -DskipTests &amp;&amp; mvn -q -pl web-app exec:java</pre>
 *
 * Settings, as system properties: {@code salary.port} (8080), {@code salary.host} (localhost, so that nothing
 * outside this machine reaches a trial run; 0.0.0.0 for every interface), and every setting of the app itself,
 * such as {@code salary.model}. It runs the app in the development stage, which serves the unsigned model
 * packaged in the WAR, unless {@code salary.environment} is given; the start line says which stage it is.
 * Jetty is set up as docs/deploying.md tells an operator to: enough threads and a minimum request data rate so
 * that slow clients cannot starve everyone else, and no version of Jetty in any answer
 * ({@link JettyContainer#newHardenedServer}).
 */
public final class LocalServer {

    private static final String PORT = "salary.port";
    private static final String HOST = "salary.host";

    private LocalServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path war;
        try {
            war = Container.builtWar();
        } catch (IllegalStateException e) {
            fail("The WAR is not built yet: run mvn -q install -DskipTests first (" + e.getMessage() + ").");
            return;
        }
        int port = port();
        String host = System.getProperty(HOST, "localhost");
        Path log = logTo(war.resolveSibling("local-server.log"));

        Server server = JettyContainer.newHardenedServer(host, port);
        try {
            JettyContainer.deploy(server, war, "/salary", Map.of());
            server.start();
        } catch (IOException e) {
            server.stop();
            if (e.getCause() instanceof BindException || e instanceof BindException) {
                fail("Port " + port + " on " + host + " is taken: stop what uses it, or choose another port with -D"
                        + PORT + "=8081.");
            }
            throw e;
        }
        String shown = host.equals("0.0.0.0") ? "localhost" : host;
        URI base = URI.create("http://" + shown + ":" + JettyContainer.port(server) + "/salary/");
        out.println();
        out.println(served(base));
        out.println("Press Ctrl+C to stop. The container's log is in " + log + ".");
        server.join();
    }

    /** What the running app says it serves, as its model endpoint gives it. */
    private static String served(URI base) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> reply = client.send(HttpRequest.newBuilder(base.resolve("api/v1/model")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                return "Up at " + base + " but serving no model: the app answers " + reply.statusCode()
                        + " until one loads, and the messages above say why.";
            }
            JsonNode model = new ObjectMapper().readTree(reply.body());
            String stage = model.path("environment").asText();
            JsonNode approval = model.path("approval");
            String approved = approval.path("status").asText().equals("approved")
                    ? "approved by " + approval.path("signer").asText() : approval.path("status").asText()
                    .replace('_', ' ');
            boolean chosen = System.getProperty("salary.environment") != null
                    || System.getenv("SALARY_ENVIRONMENT") != null;
            return "Ready: " + base + " serves the model " + model.path("name").asText() + " "
                    + model.path("version").asText() + " (" + model.path("algorithm").asText() + ", " + approved
                    + ") in the " + stage + " stage" + (chosen ? "" : " (the default here; -Dsalary.environment="
                    + "production runs it as production does, serving signed models only)") + "; the API is at "
                    + base + "api/v1/predict";
        } catch (IOException e) {
            return "The app did not answer at " + base + ": " + e.getMessage();
        }
    }

    private static int port() {
        String text = System.getProperty(PORT, "8080");
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(PORT + " = \"" + text + "\" is not a port; give a number from 1 to 65535.");
        return -1;
    }

    /**
     * Everything the container and the app log goes to {@code file}; the app's own messages, and anyone's
     * warnings, also to the console, one line each.
     */
    private static Path logTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        var toFile = new FileHandler(file.toString(), false);
        toFile.setFormatter(new SimpleFormatter());
        root.addHandler(toFile);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                boolean ours = record.getLoggerName() != null && record.getLoggerName().startsWith("com.salaryml.");
                int level = record.getLevel().intValue();
                if (level >= Level.WARNING.intValue() || ours && level >= Level.INFO.intValue()) {
                    String text = new SimpleFormatter().formatMessage(record);
                    System.out.println(level >= Level.SEVERE.intValue() ? "ERROR: " + text
                            : level >= Level.WARNING.intValue() ? "WARNING: " + text : text);
                }
            }

            @Override
            public void flush() {
                System.out.flush();
            }

            @Override
            public void close() {
                flush();
            }
        });
        return file;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
