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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load harness's server: one Jetty 12 with the built WAR at {@code /salary} and, beside it, a servlet at
 * {@code /constant/} that does the same HTTP work as the app's single prediction with no model: it reads the
 * request body as the app does and answers with a reply of the same size and the same response headers. The
 * constant servlet is the reference: what the container costs, measured under the same load in the same run.
 * A third servlet, at {@code /allocated/}, answers the bytes the JVM's threads have allocated so far
 * ({@link AllocatedBytes}) and the requests the server has begun to handle, so that the harness divides the CPU
 * time and the bytes by the requests the server really handled, those still running when wrk stopped included.
 *
 * <pre>java -cp ... com.salaryml.bench.LoadServer WAR PORT [/context=WAR ...] [/context:name=value ...]</pre>
 *
 * More WARs may be deployed beside the first, each at its own context path, so that two builds (before and
 * after a change) are measured in one JVM, interleaved. {@code /context:name=value} sets a context init-param
 * of one deployment only, so that one WAR deployed at several paths runs with different settings in one JVM
 * (the app reads a setting from a system property, then the environment, then the init-param: only the last
 * can differ between contexts). Prints the milliseconds from deploying the WARs to
 * every {@code /health/ready} answering 200, then serves until killed.
 */
public final class LoadServer {

    /**
     * Reads the whole body, as the API does, and answers as {@code POST /api/v1/predict} answers one instance:
     * the same headers, set the same way, and a constant JSON body of the same length, with no work at all.
     */
    public static final class ConstantServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /**
         * The app's reply to {@code benchmarks/wrk/single.lua}, byte for byte (load.sh checks that the sizes
         * and the header names still agree).
         */
        static final byte[] REPLY = ("{\"salary\":52062.76112207886,\"interval\":{\"level\":0.95,"
                + "\"low\":38814.02741682405,\"high\":65311.49482733367,\"method\":\"ols-exact\"},"
                + "\"baseline\":62999.999999999985,"
                + "\"contributions\":{\"experience\":-7391.453560442594,\"test_score\":745.0817226022685,"
                + "\"interview_score\":-4290.867040080804},\"warnings\":[],\"unit\":\"USD\","
                + "\"model_name\":\"salary\",\"model_version\":\"1.0.0\"}").getBytes(StandardCharsets.UTF_8);

        /** As long as the UUID the app generates when a request brings no id of its own. */
        private static final String REQUEST_ID = "00000000-0000-4000-8000-000000000000";

        private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self';"
                + " style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none';"
                + " frame-ancestors 'none'";

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "DENY");
            response.addHeader("Vary", "Origin");
            response.setHeader("X-Request-Id", REQUEST_ID);
            if (request.getContentType() == null) {
                response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
                return;
            }
            int length = (int) Math.max(0, request.getContentLengthLong());
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(length);
            }
            if (body.length != length) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST);
                return;
            }
            response.setHeader("X-Model-Version", "1.0.0");
            response.setHeader("Cache-Control", "no-store");
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            try (var out = response.getOutputStream()) {
                out.write(REPLY);
            }
        }
    }

    /**
     * Counts the requests the server begins to handle, every context's, this counter's reading included. wrk
     * counts only the responses that arrive before it stops; the requests still running then are finished by
     * the server and paid for in the CPU time and bytes that the harness's "after" reading sees. For a tree
     * model's batch, which takes seconds, those 16 requests are a large share of a measurement's few dozen, so
     * the harness divides by this count. A LongAdder: no allocation and no contended write per request.
     */
    static final class RequestCount extends Handler.Wrapper {
        static final LongAdder BEGUN = new LongAdder();

        RequestCount(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            BEGUN.increment();
            return super.handle(request, response, callback);
        }
    }

    /**
     * Answers, as plain text, the bytes this JVM's threads have allocated so far ({@link AllocatedBytes}) and
     * the requests the server has begun so far ({@link RequestCount}), this one included: read before and after
     * a measurement, the differences are what that load made the server allocate and how many requests it
     * handled (one more: the second reading).
     */
    public static final class AllocatedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void init() {
            // From deployment on, so that threads ending before the first reading are already being watched.
            AllocatedBytes.instance();
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long requests = RequestCount.BEGUN.sum();
            long bytes = AllocatedBytes.instance().read();
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("text/plain");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print("allocated_bytes " + bytes + "\nrequests " + requests + "\n");
        }
    }

    /**
     * Jetty's request threads are kept for the whole run instead of ending after a minute idle: a thread that
     * ends takes its allocation count with it (AllocatedBytes keeps it as last sampled), and a pool that shrinks
     * and grows again between measurements would make them differ by thread start-up they did not cause.
     */
    static final int THREAD_IDLE_TIMEOUT_MILLIS = Integer.MAX_VALUE;

    private LoadServer() {
    }

    /** A server with the WAR and the constant servlet; kept apart from main so tests can start it in-process. */
    public static Server newServer(Path war, int port) throws IOException {
        return newServer(Map.of("/salary", war), port);
    }

    /**
     * A server with each WAR at its context path, the constant servlet at {@code /constant/} and the allocation
     * counter at {@code /allocated/}.
     */
    public static Server newServer(Map<String, Path> wars, int port) throws IOException {
        return newServer(wars, Map.of(), port);
    }

    /**
     * A server with each WAR at its context path, each context with its own init-params beside the development
     * stage ({@code initParams} by context path), the constant servlet at {@code /constant/} and the allocation
     * counter at {@code /allocated/}.
     */
    public static Server newServer(Map<String, Path> wars, Map<String, Map<String, String>> initParams, int port)
            throws IOException {
        var threadPool = new QueuedThreadPool();
        threadPool.setIdleTimeout(THREAD_IDLE_TIMEOUT_MILLIS);
        var server = new Server(threadPool);
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        var handlers = new ArrayList<Handler>();
        for (Map.Entry<String, Path> war : wars.entrySet()) {
            var webapp = new WebAppContext();
            webapp.setContextPath(war.getKey());
            webapp.setWar(war.getValue().toAbsolutePath().toString());
            webapp.setTempDirectory(Files.createTempDirectory("load-war").toFile());
            // The development stage serves the unsigned models measured here (the packaged one, the soak test's
            // copies). A model's signature is checked once, when it loads, so no request pays for the stage; a
            // system property such as -Dsalary.environment=production still wins over this init-param.
            webapp.setInitParameter("salary.environment", "development");
            initParams.getOrDefault(war.getKey(), Map.of()).forEach(webapp::setInitParameter);
            handlers.add(webapp);
        }
        // The constant servlet is a web application of its own, as the WAR is: Jetty gives every web application
        // its default descriptor (webdefault-ee10.xml, whose constraint refuses TRACE, so a security check runs
        // on every request) and a session handler. A WAR cannot avoid them, so the reference pays them too; in a
        // bare servlet context it did not, and the app's ratio counted them as the app's own.
        var constant = new WebAppContext();
        constant.setContextPath("/constant");
        constant.setBaseResourceAsPath(Files.createTempDirectory("load-constant"));
        constant.setTempDirectory(Files.createTempDirectory("load-constant-work").toFile());
        constant.addServlet(ConstantServlet.class, "/*");
        handlers.add(constant);
        var allocated = new ServletContextHandler("/allocated");
        allocated.addServlet(AllocatedServlet.class, "/").setInitOrder(0);
        handlers.add(allocated);
        server.setHandler(new RequestCount(new Handler.Sequence(handlers)));
        return server;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoadServer WAR PORT [/context=WAR ...] [/context:name=value ...]");
            System.exit(2);
        }
        var wars = new LinkedHashMap<String, Path>();
        wars.put("/salary", Path.of(args[0]));
        var initParams = new LinkedHashMap<String, Map<String, String>>();
        for (int i = 2; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            int equals = args[i].indexOf('=');
            if (args[i].startsWith("/") && colon > 0 && equals > colon) {
                initParams.computeIfAbsent(args[i].substring(0, colon), context -> new LinkedHashMap<>())
                        .put(args[i].substring(colon + 1, equals), args[i].substring(equals + 1));
                continue;
            }
            String[] contextAndWar = args[i].split("=", 2);
            if (contextAndWar.length != 2 || !contextAndWar[0].startsWith("/")) {
                System.err.println("not /context=WAR: " + args[i]);
                System.exit(2);
            }
            wars.put(contextAndWar[0], Path.of(contextAndWar[1]));
        }
        long started = System.nanoTime();
        for (String context : initParams.keySet()) {
            if (!wars.containsKey(context)) {
                System.err.println("init-params for " + context + ", where no WAR is deployed");
                System.exit(2);
            }
        }
        Server server = newServer(wars, initParams, Integer.parseInt(args[1]));
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        long readyMillis = 0;
        for (String context : wars.keySet()) {
            readyMillis = awaitReady(URI.create("http://127.0.0.1:" + port + context + "/health/ready"), started);
        }
        System.out.println("ready_ms=" + readyMillis + " port=" + port + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        server.join();
    }

    /** How long the app may take to become ready before the harness gives up: far beyond its usual second. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** Milliseconds from {@code startedNanos} until the URL answers 200; fails after {@link #READY_TIMEOUT}. */
    static long awaitReady(URI ready, long startedNanos) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            try {
                var response = client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1_000_000;
                }
                lastStatus = response.statusCode();
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(5);
        }
        throw new IOException(ready + " was not ready after " + READY_TIMEOUT.toSeconds() + " s (last status "
                + lastStatus + "); the app's log says why");
    }
}
