package com.salaryml.web.it;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import org.eclipse.jetty.plus.jndi.EnvEntry;
import org.eclipse.jetty.server.Server;

/**
 * The built WAR in Jetty in a JVM of its own, for a test that needs the app under a heap limit of its own, or to
 * stop and start it again on the same files. It takes every setting of the app as a system property, listens on
 * a free loopback port, or on the one its first argument names (a replica replaced where the balancer expects
 * it), and prints {@code LISTENING <port>} once it serves.
 *
 * <p>With the system property {@value #RESOURCE_URL}, the server also provides a DataSource as Jetty's
 * {@code EnvEntry} named {@code jdbc/salary}, pooled by HikariCP, as docs/database.md's Jetty XML declares it:
 * the app finds it under {@code java:comp/env/jdbc/salary}. Its user and password come from the environment
 * ({@value #USER_VARIABLE}, {@value #PASSWORD_VARIABLE}), where a Jetty install's XML would hold them.
 */
final class ChildServer {

    static final String LISTENING = "LISTENING ";
    static final String RESOURCE_URL = "fleet.jetty-resource-url";
    static final String USER_VARIABLE = "FLEET_RESOURCE_USER";
    static final String PASSWORD_VARIABLE = "FLEET_RESOURCE_PASSWORD";

    private ChildServer() {
    }

    public static void main(String[] args) throws Exception {
        Server server = JettyContainer.newServer("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0);
        String resourceUrl = System.getProperty(RESOURCE_URL);
        if (resourceUrl != null) {
            // An EnvEntry, not a Resource: Jetty binds a Resource into java:comp/env only for a web.xml resource-ref,
            // and with one Jetty refuses to start the WAR wherever no Resource is declared.
            new EnvEntry(server, "jdbc/salary", dataSource(resourceUrl), true);
        }
        JettyContainer.deploy(server, Container.builtWar(), "/salary", Map.of());
        server.start();
        System.out.println(LISTENING + JettyContainer.port(server));
        System.out.flush();
        server.join();
    }

    /**
     * The pool docs/database.md's Jetty XML makes with {@code <New class="com.zaxxer.hikari.HikariDataSource">}.
     */
    private static HikariDataSource dataSource(String url) {
        var pool = new HikariDataSource();
        // The driver's DataSource, not a URL: a URL is resolved through DriverManager, which would find the
        // driver the web app loaded itself and refuse it to a pool outside the web app.
        pool.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
        pool.addDataSourceProperty("url", url);
        pool.setUsername(required(USER_VARIABLE));
        pool.setPassword(required(PASSWORD_VARIABLE));
        pool.setMaximumPoolSize(10);
        // As the app's own pool: an outcome waits at most this long for a connection before it is answered 503.
        pool.setConnectionTimeout(3000);
        // Connections are made when first asked for: the database may be down while the server starts.
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null) {
            throw new IllegalStateException("the environment variable " + variable + " is not set");
        }
        return value;
    }
}
