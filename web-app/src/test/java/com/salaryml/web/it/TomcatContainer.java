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
        Context context = tomcat.addWebapp(contextPath, war.toAbsolutePath().toString());
        initParams.forEach(context::addParameter);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("Tomcat did not start the WAR: " + context.getState());
        }
        int port = tomcat.getConnector().getLocalPort();
        URI base = URI.create("http://127.0.0.1:" + port + contextPath + "/");
        return new Deployment() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
            }
        };
    }
}
