package com.salaryml.web.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A servlet container that can deploy a WAR file at a context path, with context init-params. */
interface Container {

    /**
     * @param contextPath "/salary", or "" for ROOT
     * @param initParams  context init-params, as a server's context configuration would give them; unless they
     *                    name {@code salary.environment}, the app runs in development ({@link #withDefaults})
     */
    Deployment deploy(Path war, String contextPath, Map<String, String> initParams) throws Exception;

    /**
     * The init-params a test deploys with: its own, and {@code salary.environment=development} unless it names a
     * stage. Production, the app's default, serves only models signed by a trusted approver, and the model
     * packaged in the WAR is unsigned; a test about something else serves it in development, as someone trying
     * the app does. A test about the stages names its stage. As an init-param it is the weakest way to set it, so
     * a system property or environment variable a test sets still wins.
     */
    static Map<String, String> withDefaults(Map<String, String> initParams) {
        var all = new HashMap<>(initParams);
        all.putIfAbsent("salary.environment", "development");
        return all;
    }

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
