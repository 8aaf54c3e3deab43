package com.salaryml.web.it;

import com.salaryml.web.config.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;

/**
 * The built WAR in Tomcat in a JVM of its own, with the PostgreSQL DataSource an operator declares in the
 * context's {@code <Resource name="jdbc/salary" type="javax.sql.DataSource" …/>}, pooled by Tomcat's own pool
 * (docs/operations.md, "Two replicas, one database"). The app finds it under {@code java:comp/env/jdbc/salary},
 * as the context's {@code salary.database} parameter names it. The resource's URL is the system property
 * {@value #DATABASE_URL}; its user and password, which a context file holds in a Tomcat install, come
 * from the environment ({@value #USER_VARIABLE}, {@value #PASSWORD_VARIABLE}): not the app's variables, which it
 * reads only for a JDBC URL of its own. It takes every other setting of the app as a system property, listens on
 * the port its first argument names (0 for a free one) and prints {@code LISTENING <port>} once it serves.
 */
final class TomcatChildServer {

    static final String DATABASE_URL = "fleet.database-url";
    static final String USER_VARIABLE = "FLEET_RESOURCE_USER";
    static final String PASSWORD_VARIABLE = "FLEET_RESOURCE_PASSWORD";
    /** Where the app looks the DataSource up, as salary.database names it. */
    static final String JNDI_NAME = "java:comp/env/jdbc/salary";

    private TomcatChildServer() {
    }

    public static void main(String[] args) throws Exception {
        String expected = System.getProperty("salary.expected-tomcat");
        String running = org.apache.catalina.util.ServerInfo.getServerNumber();
        if (expected != null && !running.startsWith(expected)) {
            throw new IllegalStateException("expected Tomcat " + expected + "x on the classpath, found " + running);
        }
        var tomcat = new Tomcat();
        Path baseDir = Files.createTempDirectory("tomcat-replica");
        tomcat.setBaseDir(baseDir.toString());
        Files.createDirectories(baseDir.resolve("webapps"));
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // As <GlobalNamingResources> and a context's <Resource> need in server.xml: off in embedded Tomcat.
        tomcat.enableNaming();
        Context context = tomcat.addWebapp("/salary", Container.builtWar().toAbsolutePath().toString());
        context.getNamingResources().addResource(dataSource());
        // As docs/operations.md's context file: <Parameter name="salary.database" value="java:comp/env/…"/>.
        Container.withDefaults(java.util.Map.of(DatabaseConfig.DATABASE, JNDI_NAME)).forEach(context::addParameter);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("Tomcat did not start the WAR: " + context.getState());
        }
        System.out.println(ChildServer.LISTENING + tomcat.getConnector().getLocalPort());
        System.out.flush();
        tomcat.getServer().await();
    }

    /** The context's Resource, attribute by attribute as context.xml would give them. */
    private static ContextResource dataSource() {
        var resource = new ContextResource();
        resource.setName("jdbc/salary");
        resource.setType("javax.sql.DataSource");
        resource.setAuth("Container");
        resource.setProperty("factory", "org.apache.tomcat.dbcp.dbcp2.BasicDataSourceFactory");
        resource.setProperty("driverClassName", "org.postgresql.Driver");
        resource.setProperty("url", required(System.getProperty(DATABASE_URL), DATABASE_URL));
        resource.setProperty("username", required(System.getenv(USER_VARIABLE), USER_VARIABLE));
        resource.setProperty("password", required(System.getenv(PASSWORD_VARIABLE), PASSWORD_VARIABLE));
        resource.setProperty("maxTotal", "10");
        resource.setProperty("maxIdle", "4");
        // As the app's own pool: a request waits at most this long for a connection before the database counts
        // as down, and an outcome is answered 503 instead of hanging.
        resource.setProperty("maxWaitMillis", "3000");
        // A connection the pool kept across a database restart is dead; checked before it is lent, it is dropped.
        resource.setProperty("testOnBorrow", "true");
        resource.setProperty("validationQuery", "SELECT 1");
        resource.setProperty("validationQueryTimeout", "3");
        return resource;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
