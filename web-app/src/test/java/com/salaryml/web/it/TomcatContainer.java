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

    private final boolean hardened;
    /** The users of the engine's realm; null for Tomcat with none, where the WAR must deploy all the same. */
    private final Realm realm;

    /** Tomcat as it comes. */
    TomcatContainer() {
        this(false);
    }

    /** Tomcat whose engine reads {@code realm}'s users from a {@code tomcat-users.xml}, as its MemoryRealm does. */
    TomcatContainer(Realm realm) {
        this(false, realm);
    }

    /**
     * @param hardened configure the host as docs/deploying.md tells an operator to: its error report shows no
     *                 stack trace and no server version. A request Tomcat refuses before it reaches any web
     *                 app (a request line with a raw {@code <} in it, say) is answered by the host, not by the
     *                 WAR, and Tomcat's default report for it holds the parser's stack trace.
     */
    TomcatContainer(boolean hardened) {
        this(hardened, null);
    }

    private TomcatContainer(boolean hardened, Realm realm) {
        this.hardened = hardened;
        this.realm = realm;
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
}
