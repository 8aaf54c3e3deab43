package com.salaryml.web.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat (tomcat-embed-core), deploying the WAR as Tomcat's host would. */
final class TomcatContainer implements Container {

    /**
     * Threads for requests, as the connector's {@code maxThreads}. A servlet reading a body holds its thread until
     * the body is in, so every slow upload in progress holds one; with Tomcat's default of 200, 300 slow clients
     * starve every other request (issue #21 saw it with 220). Twice what is to be survived, and more: when the
     * upload timeout ends a slow upload, Tomcat answers 400, then holds the thread for one more timeout while it
     * waits for the rest of the body, and its poller takes a second thread that waits for the first. With 300 slow
     * clients, 625 threads were busy at once (Tomcat 11.0.27).
     */
    static final int MAX_THREADS = 800;

    /**
     * The longest a request body may pause, as the connector's {@code connectionUploadTimeout} (with
     * {@code disableUploadTimeout="false"}, without which Tomcat waits its whole {@code connectionTimeout}
     * between two bytes). Tomcat has no minimum data rate; this is what it has.
     */
    static final int UPLOAD_TIMEOUT_MS = 5_000;

    private final boolean hardened;
    /** The users of the engine's realm; null for Tomcat with none, where the WAR must deploy all the same. */
    private final Realm realm;
    private final boolean slowClientLimits;

    /** Tomcat as it comes. */
    TomcatContainer() {
        this(false);
    }

    /** Tomcat whose engine reads {@code realm}'s users from a {@code tomcat-users.xml}, as its MemoryRealm does. */
    TomcatContainer(Realm realm) {
        this(false, false, realm);
    }

    /**
     * @param hardened configure the host as docs/deploying.md tells an operator to: its error report shows no
     *                 stack trace and no server version. A request Tomcat refuses before it reaches any web
     *                 app (a request line with a raw {@code <} in it, say) is answered by the host, not by the
     *                 WAR, and Tomcat's default report for it holds the parser's stack trace.
     */
    TomcatContainer(boolean hardened) {
        this(hardened, false, null);
    }

    private TomcatContainer(boolean hardened, boolean slowClientLimits, Realm realm) {
        this.hardened = hardened;
        this.slowClientLimits = slowClientLimits;
        this.realm = realm;
    }

    /**
     * Hardened, and with the connector's limits against slow clients that docs/deploying.md gives:
     * {@link #MAX_THREADS} and {@link #UPLOAD_TIMEOUT_MS}.
     */
    static TomcatContainer limitingSlowClients() {
        return new TomcatContainer(true, true, null);
    }

    @Override
    public Deployment deploy(Path war, String contextPath, Map<String, String> initParams) throws Exception {
        // Each failsafe execution names the Tomcat line it put on the classpath; make sure that is the one run.
        String expected = System.getProperty("salary.expected-tomcat");
        String running = org.apache.catalina.util.ServerInfo.getServerNumber();
        if (expected != null && !running.startsWith(expected)) {
            throw new IllegalStateException("expected Tomcat " + expected + "x on the classpath, found " + running);
        }
        var tomcat = new Tomcat();
        Path baseDir = Files.createTempDirectory("tomcat-it");
        tomcat.setBaseDir(baseDir.toString());
        Files.createDirectories(baseDir.resolve("webapps"));
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        if (slowClientLimits) {
            // As these attributes on server.xml's <Connector>.
            setConnector(tomcat, "maxThreads", Integer.toString(MAX_THREADS));
            setConnector(tomcat, "disableUploadTimeout", "false");
            setConnector(tomcat, "connectionUploadTimeout", Integer.toString(UPLOAD_TIMEOUT_MS));
        }
        if (hardened) {
            // As <Valve className="org.apache.catalina.valves.ErrorReportValve" showReport="false"
            // showServerInfo="false"/> in server.xml's <Host>; the host then adds no default one of its own.
            var errorReport = new org.apache.catalina.valves.ErrorReportValve();
            errorReport.setShowReport(false);
            errorReport.setShowServerInfo(false);
            tomcat.getHost().getPipeline().addValve(errorReport);
        }
        if (realm != null) {
            var users = new org.apache.catalina.realm.MemoryRealm();
            users.setPathname(realm.writeTomcatUsers(baseDir).toString());
            tomcat.getEngine().setRealm(users);
        }
        Context context = tomcat.addWebapp(contextPath, war.toAbsolutePath().toString());
        Container.withDefaults(initParams).forEach(context::addParameter);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("Tomcat did not start the WAR: " + context.getState());
        }
        int port = tomcat.getConnector().getLocalPort();
        URI base = URI.create("http://127.0.0.1:" + port + contextPath + "/");
        return Deployment.of(base, () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }

    /** Sets a connector attribute; Tomcat ignores a name it does not know, so that is a failure here. */
    private static void setConnector(Tomcat tomcat, String name, String value) {
        if (!tomcat.getConnector().setProperty(name, value)) {
            throw new IllegalStateException("Tomcat's connector has no attribute " + name);
        }
    }
}
