package com.salaryml.web;

import com.salaryml.web.log.PredictionLog;
import com.salaryml.web.metrics.AppMetrics;
import com.salaryml.web.monitoring.DriftMonitor;
import com.salaryml.web.outcomes.LiveErrors;
import com.salaryml.web.outcomes.OutcomeRecorder;
import com.salaryml.web.outcomes.PredictionIndex;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Starts the app: reads the configuration, sets up metrics and the optional prediction log, and loads the
 * model named by {@code salary.model} (a file, a JAR or a watched directory), or the default model packaged
 * in the WAR when none is named, serving it only if the stage's {@link ApprovalPolicy} approves it. A model
 * that fails to load or is refused leaves the app live but not ready, with the reason in the log; it never
 * falls back to another model silently.
 */
public final class SalaryApp implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(SalaryApp.class.getName());

    private static final String LOG_ATTRIBUTE = PredictionLog.class.getName();
    private static final String WATCHER_ATTRIBUTE = ModelWatcher.class.getName();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        var listeners = new PredictionListener.Registry();
        context.setAttribute(PredictionListener.Registry.ATTRIBUTE, listeners);
        AppConfig config;
        try {
            config = AppConfig.read(new Settings(context));
        } catch (AppConfig.ConfigException e) {
            LOG.log(Level.ERROR, "The salary app is NOT ready: " + e.getMessage());
            config = AppConfig.defaults();
            context.setAttribute(AppConfig.ATTRIBUTE, config);
            AppMetrics.install(context);
            var registry = new ModelRegistry();
            context.setAttribute(ModelRegistry.ATTRIBUTE, registry);
            registry.fail("the configuration is invalid");
            OutcomeRecorder.off(context, "the configuration is invalid; the server log says why");
            return;
        }
        context.setAttribute(AppConfig.ATTRIBUTE, config);
        AppMetrics metrics = AppMetrics.install(context);
        listeners.add(metrics);
        if (config.predictionLog().isPresent()) {
            var index = new PredictionIndex(config.outcomeIndex());
            try {
                // Outcomes arrive weeks after their predictions, across restarts: the log on disk still holds them.
                long read = index.rebuildFrom(config.predictionLog().get(), config.predictionLogFiles());
                if (read > 0) {
                    LOG.log(Level.INFO, "Read {0} logged predictions back from {1}, for the outcomes reported for"
                            + " them", read, config.predictionLog().get());
                }
            } catch (java.io.IOException e) {
                LOG.log(Level.WARNING, "Cannot read the prediction log " + config.predictionLog().get()
                        + " back: outcomes for predictions made before this start will be refused as unknown ("
                        + e.getMessage() + ")");
            }
            PredictionLog log = PredictionLog.open(config.predictionLog().get(), config, metrics::predictionLogDropped,
                    index::add);
            context.setAttribute(LOG_ATTRIBUTE, log);
            listeners.add(log);
            LOG.log(Level.INFO, "Writing the prediction log to {0}", log.path());
            if (log.isOn()) {
                openOutcomes(context, config, index, metrics);
            } else {
                OutcomeRecorder.off(context, "the prediction log " + log.path() + " could not be opened at start, so"
                        + " there is no logged prediction to join an outcome to; the server log says why");
            }
        } else {
            OutcomeRecorder.off(context, "the prediction log is off (" + AppConfig.PREDICTION_LOG + " is not set),"
                    + " so there is no logged prediction to join an outcome to; set it to record outcomes"
                    + " (docs/prediction-log.md)");
        }
        var drift = new DriftMonitor(new DriftMonitor.Limits(config.monitoringWindow(), config.monitoringAge()),
                config.psiThreshold(), Clock.systemUTC());
        drift.install(context);
        listeners.add(drift);
        metrics.monitor(drift);
        var registry = new ModelRegistry();
        // The monitor first, so that the metrics never report a window of the model served before.
        registry.addListener(drift);
        registry.addListener(metrics);
        context.setAttribute(ModelRegistry.ATTRIBUTE, registry);
        var policy = ApprovalPolicy.of(config);
        var watcher = new ModelWatcher(registry, config.pinnedVersion(), policy);
        context.setAttribute(WATCHER_ATTRIBUTE, watcher);
        LOG.log(Level.INFO, "Starting the salary app in the {0} stage", config.stage().id());
        policy.logAtStart();
        if (config.model().isPresent()) {
            Settings.Value model = config.model().get();
            Path location;
            try {
                location = Path.of(model.value());
            } catch (java.nio.file.InvalidPathException e) {
                LOG.log(Level.ERROR, "The salary app is NOT ready: " + AppConfig.MODEL + " = \"" + model.value()
                        + "\" (from " + model.origin() + ") is not a path: " + e.getMessage());
                registry.fail("the model setting is not a path");
                return;
            }
            watcher.start(location, model.origin(), config.pollInterval());
        } else {
            watcher.startFromClasspath(SalaryApp.class.getClassLoader());
        }
    }

    private static void openOutcomes(ServletContext context, AppConfig config, PredictionIndex index,
                                     AppMetrics metrics) {
        Path file = config.outcomeFile().orElseThrow();
        try {
            var recorder = OutcomeRecorder.open(file, index, new LiveErrors(config.outcomeWindow()),
                    Clock.systemUTC());
            recorder.install(context);
            metrics.outcomes(recorder.live());
            LOG.log(Level.INFO, "Recording outcomes in {0}", file);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "The outcomes file cannot be opened at " + file + ", so outcomes are refused: " + e);
            OutcomeRecorder.off(context, "the outcomes file " + file + " could not be opened at start; the server log"
                    + " says why");
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(WATCHER_ATTRIBUTE) instanceof ModelWatcher watcher) {
            watcher.close();
        }
        if (context.getAttribute(LOG_ATTRIBUTE) instanceof PredictionLog log) {
            log.close();
        }
        OutcomeRecorder recorder = OutcomeRecorder.of(context);
        if (recorder != null) {
            try {
                recorder.close();
            } catch (java.io.IOException e) {
                // Every outcome was forced to the disk when it was recorded; closing loses nothing.
                LOG.log(Level.WARNING, "Closing the outcomes file " + recorder.path() + " failed: " + e);
            }
        }
    }
}
