package com.salaryml.web.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 on the ee10 stack, configured like a distribution with annotations enabled. */
final class JettyContainer implements Container {

    /** The users of the server's realm; null for a server with none, where the WAR must deploy all the same. */
    private final Realm realm;

    JettyContainer() {
        this(null);
    }

    /** A server whose {@code HashLoginService} named "salary" knows {@code realm}'s users, as an operator sets one. */
    JettyContainer(Realm realm) {
        this.realm = realm;
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
        Server server = newServer();
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
