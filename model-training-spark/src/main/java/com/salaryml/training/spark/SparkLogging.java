package com.salaryml.training.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.Collections;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.spark.sql.SparkSession;

/**
 * The command's log configuration ({@value #CONFIGURATION} in the application JAR) put in place of Spark's
 * built-in one when no one configured logging. spark-submit puts the application JAR on a class loader of its
 * own, after Log4j 2 has looked for its configuration, so the JAR's file is never found by name; without this, a
 * run of eight rows prints about a thousand lines of Spark's progress at INFO on the driver's stderr.
 *
 * <p>A configuration someone chose is left alone: {@code -Dlog4j2.configurationFile=...} (spark-submit's
 * {@code --driver-java-options}), or a {@code log4j2.properties} in the Spark installation's {@code conf/} folder.
 */
final class SparkLogging {

    /** The application JAR's log configuration, at the root of the JAR. */
    static final String CONFIGURATION = "log4j2.properties";

    /** Where Spark's built-in configuration lives in its JARs: Spark loads it when it finds no other. */
    private static final String SPARK_DEFAULTS = "org/apache/spark/log4j2-defaults.properties";

    private SparkLogging() {
    }

    /**
     * Replaces Spark's built-in log configuration, or Log4j's own default, by this JAR's {@value #CONFIGURATION}.
     *
     * @return whether it did; false if logging was configured on purpose, or the file is not found
     */
    static boolean quietUnlessConfigured() {
        if (System.getProperty("log4j2.configurationFile") != null
                || System.getProperty("log4j.configurationFile") != null) {
            return false;
        }
        // The context Spark's classes log through, which a class loader of the application JAR's might not be.
        if (!(LogManager.getContext(SparkSession.class.getClassLoader(), false) instanceof LoggerContext context)) {
            return false;
        }
        Configuration current = context.getConfiguration();
        String location = current.getConfigurationSource().getLocation();
        boolean unconfigured = current instanceof DefaultConfiguration || location == null
                || location.endsWith(SPARK_DEFAULTS);
        URL ours = ours();
        if (!unconfigured || ours == null) {
            return false;
        }
        try {
            context.setConfigLocation(ours.toURI());
        } catch (URISyntaxException e) {
            return false;
        }
        keepItFromSpark();
        return true;
    }

    /**
     * Keeps Spark from putting its built-in configuration back. spark-submit starts Spark's logging before the
     * command runs and marks it as Spark's own; once so marked, Spark loads its built-in file again whenever its
     * logging starts anew, which it does when the session starts (spark-submit resets it before running the
     * command), whatever is configured by then. Clearing the mark is what {@code -Dlog4j2.configurationFile}
     * would have done. The mark is internal to Spark: on a Spark without it, the command runs, only louder.
     */
    private static void keepItFromSpark() {
        try {
            org.apache.spark.internal.Logging$.MODULE$.org$apache$spark$internal$Logging$$defaultSparkLog4jConfig_$eq(
                    false);
        } catch (LinkageError e) {
            // Another Spark's internals: its own start-up configuration may win, which costs lines, not results.
        }
    }

    /**
     * The {@value #CONFIGURATION} of the JAR or folder this class was loaded from: a file of that name in one of
     * Spark's own JARs, or elsewhere on the class path, is someone else's.
     */
    private static URL ours() {
        CodeSource source = SparkLogging.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        String from = source.getLocation().toString();
        try {
            for (URL url : Collections.list(SparkLogging.class.getClassLoader().getResources(CONFIGURATION))) {
                String text = url.toString();
                if (text.startsWith("jar:" + from + "!/") || text.startsWith(from)) {
                    return url;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
