package com.salaryml.web.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Embedded Jetty 12 on the ee10 stack, configured like a distribution with annotations enabled. */
final class JettyContainer implements Container {

    /**
     * Threads for requests, as {@code jetty.threadPool.maxThreads}. A servlet reading a body holds its thread
     * until the body is in, so every slow upload in progress holds one: with Jetty's default of 200, 300 slow
     * clients left no thread for a new connection's health check (issue #21 saw it with 220). The minimum data
     * rate below bounds how long each holds it.
     */
    static final int MAX_THREADS = 400;

    /**
     * The slowest a request body may arrive, in bytes per second, as {@code HttpConfiguration.minRequestDataRate}:
     * at every read the app makes, Jetty compares the bytes come so far with this rate times the time since the
     * first; under it, Jetty answers 408 and closes the connection. An idle timeout cannot do this, since every
     * byte restarts it. A real client sends the app's bodies (at most 1 MiB) far faster, and a small one in one
     * piece; one trickling a byte every few seconds is cut at its next byte.
     */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;

    private final boolean hardened;
    /** The users of the server's realm; null for a server with none, where the WAR must deploy all the same. */
    private final Realm realm;

    /** Jetty as it comes. */
    JettyContainer() {
        this(false, null);
    }

    /** A server whose {@code HashLoginService} named "salary" knows {@code realm}'s users, as an operator sets one. */
    JettyContainer(Realm realm) {
        this(false, realm);
    }

    private JettyContainer(boolean hardened, Realm realm) {
        this.hardened = hardened;
        this.realm = realm;
    }

    /** Jetty configured as docs/deploying.md tells an operator to: {@link #newHardenedServer}. */
    static JettyContainer hardened() {
        return new JettyContainer(true, null);
    }

    /** A server with one connector on a free loopback port; kept apart from any main, as in Jetty's EmbedMe. */
    static Server newServer() {
        return newServer("127.0.0.1", 0);
    }

    /** A server with one connector on {@code host} and {@code port} (0 for a free one). */
    static Server newServer(String host, int port) {
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        return server;
    }

    /**
     * A server set up as docs/deploying.md tells an operator to, on {@code host} and {@code port}: enough threads
     * and a minimum request data rate against slow clients ({@link #MAX_THREADS},
     * {@link #MIN_REQUEST_BYTES_PER_SECOND}), and no version of Jetty in any answer. The README's launcher runs
     * this one.
     */
    // setMinRequestDataRate is deprecated for removal since Jetty 12.1.11, in favour of MinimumDataRateHandler;
    // but that handler, in 12.1.14, divides the bytes all requests through it have read by one request's time, so
    // a slow client among busy ones need not fall under the rate. The servlet input of ee10 still enforces this one
    // per request, and SlowClientsContract fails if a later Jetty stops doing so.
    @SuppressWarnings("removal")
    static Server newHardenedServer(String host, int port) {
        var threads = new QueuedThreadPool(MAX_THREADS);
        threads.setName("jetty");
        var server = new Server(threads);
        var http = new HttpConfiguration();
        http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        // No "Server: Jetty(12…)" header, and no "Powered by Jetty:// 12…" on Jetty's own error pages: both
        // follow this one setting. A version tells an attacker which published flaws to try.
        http.setSendServerVersion(false);
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        // Answers the requests Jetty refuses before any web app sees them (a malformed request line, say).
        // Set explicitly, so that no stack trace or cause reaches a client whatever a later Jetty's default is.
        var errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        server.setErrorHandler(errors);
        return server;
    }

    /** Adds the WAR to a server that is not started yet, with {@link Container#withDefaults} init-params. */
    static void deploy(Server server, Path war, String contextPath, Map<String, String> initParams)
            throws java.io.IOException {
        var webapp = new WebAppContext();
        webapp.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        webapp.setWar(war.toAbsolutePath().toString());
        webapp.setTempDirectory(Files.createTempDirectory("jetty-it").toFile());
        webapp.addConfiguration(new EnvConfiguration(), new PlusConfiguration(), new AnnotationConfiguration());
        Container.withDefaults(initParams).forEach(webapp::setInitParameter);
        // A broken WAR must fail at deploy time, not hide behind a 503.
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
    }

    /** The port a started server listens on. */
    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public Deployment deploy(Path war, String contextPath, Map<String, String> initParams) throws Exception {
        Server server = hardened ? newHardenedServer("127.0.0.1", 0) : newServer();
        if (realm != null) {
            var users = new org.eclipse.jetty.security.HashLoginService(Realm.NAME,
                    org.eclipse.jetty.util.resource.ResourceFactory.of(server).newResource(
                            realm.writeJettyProperties(Files.createTempDirectory("jetty-realm"))));
            server.addBean(users);
        }
        deploy(server, war, contextPath, initParams);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + port(server) + contextPath + "/");
        return Deployment.of(base, server::stop);
    }
}
