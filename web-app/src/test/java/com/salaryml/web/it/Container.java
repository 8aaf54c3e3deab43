package com.salaryml.web.it;

import java.nio.file.Path;
import java.util.Map;

/** A servlet container that can deploy a WAR file at a context path, with context init-params. */
interface Container {

    /**
     * @param contextPath "/salary", or "" for ROOT
     * @param initParams  context init-params, as a server's context configuration would give them
     */
    Deployment deploy(Path war, String contextPath, Map<String, String> initParams) throws Exception;

    /** The WAR the build produced, as failsafe passes it in. */
    static Path builtWar() {
        String war = System.getProperty("salary.war");
        if (war == null) {
            throw new IllegalStateException("system property salary.war is not set; run the tests with mvn verify");
        }
        Path path = Path.of(war);
        if (!path.toFile().isFile()) {
            throw new IllegalStateException(war + " does not exist; run mvn verify so the WAR is built first");
        }
        return path;
    }
}
