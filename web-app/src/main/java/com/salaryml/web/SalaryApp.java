package com.salaryml.web;

import com.salaryml.artifact.ModelLoadException;
import com.salaryml.artifact.ModelLoader;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Predictor;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts the app: loads the model named by the {@code salary.model} setting, or the default model packaged
 * in the WAR when none is named. A model that fails to load leaves the app not ready, with the reason in
 * the log; it never falls back to another model silently.
 */
public final class SalaryApp implements ServletContextListener {

    /** The setting that names a model file or model JAR to serve instead of the packaged default. */
    public static final String MODEL_SETTING = "salary.model";

    private static final System.Logger LOG = System.getLogger(SalaryApp.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        var holder = new ModelHolder();
        context.setAttribute(ModelHolder.ATTRIBUTE, holder);
        Optional<Settings.Value> configured = new Settings(context).get(MODEL_SETTING);
        String source = configured.map(v -> v.value() + " (from " + v.origin() + ")")
                .orElse("the default model packaged in the WAR");
        try {
            Predictor predictor = configured.isPresent()
                    ? ModelLoader.load(Path.of(configured.get().value()))
                    : ModelLoader.loadFromClasspath(SalaryApp.class.getClassLoader());
            holder.serve(predictor, source);
            ModelMetadata meta = predictor.metadata();
            LOG.log(Level.INFO, "Serving model {0} {1} ({2}) from {3}", meta.name(), meta.version(),
                    meta.algorithm(), source);
        } catch (ModelLoadException | RuntimeException e) {
            holder.fail("the model failed to load");
            LOG.log(Level.ERROR, "The salary app is NOT ready: the model from " + source + " failed to load: "
                    + e.getMessage());
        }
    }
}
