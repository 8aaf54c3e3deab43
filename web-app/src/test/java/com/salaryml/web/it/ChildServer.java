package com.salaryml.web.it;

import java.util.Map;
import org.eclipse.jetty.server.Server;

/**
 * The built WAR in Jetty in a JVM of its own, for a test that needs the app under a heap limit of its own, or to
 * stop and start it again on the same files. It takes every setting of the app as a system property, listens on
 * a free loopback port, or on the one its first argument names (a replica replaced where the balancer expects
 * it), and prints {@code LISTENING <port>} once it serves.
 */
final class ChildServer {

    static final String LISTENING = "LISTENING ";

    private ChildServer() {
    }

    public static void main(String[] args) throws Exception {
        Server server = JettyContainer.newServer("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0);
        JettyContainer.deploy(server, Container.builtWar(), "/salary", Map.of());
        server.start();
        System.out.println(LISTENING + JettyContainer.port(server));
        System.out.flush();
        server.join();
    }
}
