package com.salaryml.web.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Embedded Tomcat configured as docs/deploying.md tells an operator to: the host's error report shows no
 * stack trace and no server version. A request Tomcat refuses before it reaches any web app (a request line
 * with a raw {@code <} in it, say) is answered by the host, not by the WAR, and Tomcat's default report for
 * it holds the stack trace of the parser. The WAR cannot change that; the server's configuration must.
 */
final class HardenedTomcatContainer implements Container {

    @Override
    public Deployment deploy(Path war, String contextPath, Map<String, String> initParams) throws Exception {
        var tomcat = new Tomcat();
        Path baseDir = Files.createTempDirectory("tomcat-it");
        tomcat.setBaseDir(baseDir.toString());
        Files.createDirectories(baseDir.resolve("webapps"));
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // As <Valve className="org.apache.catalina.valves.ErrorReportValve" showReport="false"
        // showServerInfo="false"/> in server.xml's <Host>; the host then adds no default one of its own.
        var errorReport = new ErrorReportValve();
        errorReport.setShowReport(false);
        errorReport.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errorReport);
        Context context = tomcat.addWebapp(contextPath, war.toAbsolutePath().toString());
        initParams.forEach(context::addParameter);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("Tomcat did not start the WAR: " + context.getState());
        }
        URI base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + contextPath + "/");
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
