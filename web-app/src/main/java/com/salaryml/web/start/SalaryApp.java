package com.salaryml.web.start;

import com.salaryml.web.access.CallerRole;
import com.salaryml.web.text.LogText;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.config.AppContext;
import com.salaryml.web.config.DatabaseConfig;
import com.salaryml.web.config.Settings;
import com.salaryml.web.database.DatabaseRecord;
import com.salaryml.web.database.DatabaseSetupException;
import com.salaryml.web.api.ApiMethods;
import com.salaryml.web.api.ApiNoModel;
import com.salaryml.web.http.Degradations;
import com.salaryml.web.http.Endpoint;
import com.salaryml.web.http.MethodHints;
import com.salaryml.web.http.NoModelAnswer;
import com.salaryml.web.http.NoModelAnswers;
import com.salaryml.web.http.RequestMetrics;
import com.salaryml.web.log.PredictionLog;
import com.salaryml.web.log.PredictionLogMetrics;
import com.salaryml.web.metrics.AppMetrics;
import com.salaryml.web.monitoring.DriftMetrics;
import com.salaryml.web.monitoring.DriftMonitor;
import com.salaryml.web.monitoring.DriftRule;
import com.salaryml.web.outcomes.LiveErrors;
import com.salaryml.web.outcomes.OutcomeMetrics;
import com.salaryml.web.outcomes.OutcomeRecorder;
import com.salaryml.web.outcomes.OutcomeRecording;
import com.salaryml.web.outcomes.PredictionIndex;
import com.salaryml.web.page.PageServlet;
import com.salaryml.web.serving.ApprovalPolicy;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.ModelWatcher;
import com.salaryml.web.serving.PredictionListener;
import com.salaryml.web.v2.InferenceServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;

/**
 * Starts the app: reads the configuration, sets up metrics and the optional prediction log, and loads the
 * model named by {@code salary.model} (a file, a JAR or a watched directory), or the default model packaged
 * in the WAR when none is named, serving it only if the stage's {@link ApprovalPolicy} approves it. A model
 * that fails to load or is refused leaves the app live but not ready, with the reason in the log; it never
 * falls back to another model silently.
 *
 * <p>Every part is put in the context ({@link AppContext}) before any filter or servlet starts, invalid
 * configuration or not, so no endpoint ever finds one missing.
 */
public final class SalaryApp implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(SalaryApp.class.getName());

    /** What {@link #contextDestroyed} closes, the last opened first; the container calls both on one instance. */
    private final Deque<Opened> opened = new ArrayDeque<>();

    /** A part to close when the app stops, and what it is, for the log should closing fail. */
    private record Opened(String what, AutoCloseable part) {
    }

    /**
     * The order matters, and each step says why it comes where it does: the parts a later step hands its
     * listeners to come first, and the model loads last, once everything that hears of it is listening.
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        AppContext.put(context, NoModelAnswers.class, noModelAnswers());
        AppContext.put(context, MethodHints.class, new MethodHints(ApiMethods.hints()));
        // Before the configuration is read, so that the health check finds it however the start goes.
        var degradations = new Degradations();
        AppContext.put(context, Degradations.class, degradations);
        var listeners = new PredictionListener.Registry();
        AppContext.put(context, PredictionListener.Registry.class, listeners);
        AppConfig config;
        try {
            config = AppConfig.read(new Settings(context));
        } catch (AppConfig.ConfigException e) {
            LOG.log(Level.ERROR, "The salary app is NOT ready: " + e.getMessage());
            startNotReady(context, listeners, "the configuration is invalid");
            return;
        }
        AppContext.put(context, AppConfig.class, config);
        AppMetrics metrics = startMetrics(context, listeners);
        startPredictionLog(context, config, metrics, listeners, degradations);
        DriftMonitor drift = startDriftMonitor(context, config, metrics, listeners);
        ModelRegistry registry = startRegistry(context, drift, metrics);
        startServing(config, registry);
    }

    /** What each endpoint that needs a model answers without one, in its own format, declared by its package. */
    private static NoModelAnswers noModelAnswers() {
        var answers = new EnumMap<Endpoint, NoModelAnswer>(ApiNoModel.answers());
        answers.put(Endpoint.PAGE, PageServlet.NO_MODEL);
        answers.put(Endpoint.V2, InferenceServlet.NO_MODEL);
        return new NoModelAnswers(answers);
    }

    /**
     * With an invalid configuration: every part an endpoint reads, at its default, and a registry that serves
     * nothing, so the app answers "not ready" everywhere and says why in the log.
     */
    private static void startNotReady(ServletContext context, PredictionListener.Registry listeners,
                                      String problem) {
        AppConfig config = AppConfig.defaults();
        AppContext.put(context, AppConfig.class, config);
        AppMetrics metrics = startMetrics(context, listeners);
        // Every metric from the start, as when the configuration is valid, so dashboards read 0 or no data alike.
        new PredictionLogMetrics(metrics.registry());
        metrics.atScrape(new OutcomeMetrics(metrics.registry()));
        DriftMonitor drift = driftMonitor(config);
        AppContext.put(context, DriftMonitor.class, drift);
        metrics.atScrape(new DriftMetrics(metrics.registry(), drift));
        var registry = new ModelRegistry();
        AppContext.put(context, ModelRegistry.class, registry);
        registry.fail(problem);
        AppContext.put(context, OutcomeRecording.class,
                new OutcomeRecording.Off(problem + "; the server log says why"));
    }

    /** First, so that every later part can count into it, and every prediction is counted. */
    private static AppMetrics startMetrics(ServletContext context, PredictionListener.Registry listeners) {
        var metrics = new AppMetrics();
        AppContext.put(context, AppMetrics.class, metrics);
        AppContext.put(context, RequestMetrics.class, new RequestMetrics(metrics.registry()));
        listeners.add(metrics.predictions());
        return metrics;
    }

    /**
     * The prediction log, and the outcomes, which are joined to its records: without the log there is nothing
     * to join an outcome to, so outcomes are off.
     */
    private void startPredictionLog(ServletContext context, AppConfig config, AppMetrics metrics,
                                    PredictionListener.Registry listeners, Degradations degradations) {
        // Registered whether the log is on or not, so that their series read 0 or nothing rather than vanish.
        var logMetrics = new PredictionLogMetrics(metrics.registry());
        var outcomeMetrics = new OutcomeMetrics(metrics.registry());
        metrics.atScrape(outcomeMetrics);
        if (config.database().isPresent()) {
            startDatabaseRecord(context, config, logMetrics, outcomeMetrics, listeners, degradations);
            return;
        }
        if (config.predictionLog().isEmpty()) {
            AppContext.put(context, OutcomeRecording.class, new OutcomeRecording.Off("the prediction log is off ("
                    + AppConfig.PREDICTION_LOG + " is not set), so there is no logged prediction to join an outcome"
                    + " to; set it to record outcomes (docs/prediction-log.md)"));
            return;
        }
        Path file = config.predictionLog().get();
        PredictionIndex index = readBack(config, file);
        PredictionLog log = PredictionLog.open(file, config, logMetrics, index::add);
        opened.push(new Opened("the prediction log " + file, log));
        listeners.add(log);
        logMetrics.watch(log::problem);
        degradations.watch("prediction_log", log::problem);
        LOG.log(Level.INFO, "Writing the prediction log to {0}", log.path());
        AppContext.put(context, OutcomeRecording.class, log.isOn() ? openOutcomes(config, index, outcomeMetrics)
                : new OutcomeRecording.Off("the prediction log " + log.path() + " could not be opened at start, so"
                        + " there is no logged prediction to join an outcome to; the server log says why"));
    }

    /**
     * The record in the fleet's database: predictions as rows any replica can join an outcome to, and the live
     * figures of every replica's outcomes. A database that is down at start is waited for while the app serves.
     */
    private void startDatabaseRecord(ServletContext context, AppConfig config, PredictionLogMetrics logMetrics,
                                     OutcomeMetrics outcomeMetrics, PredictionListener.Registry listeners,
                                     Degradations degradations) {
        DatabaseRecord record;
        try {
            record = DatabaseRecord.open(config, logMetrics);
        } catch (DatabaseSetupException e) {
            LOG.log(Level.ERROR, "The record cannot be kept in the database, so predictions are not recorded and"
                    + " outcomes are refused: " + e.getMessage());
            AppContext.put(context, OutcomeRecording.class, new OutcomeRecording.Off("the database named by "
                    + DatabaseConfig.DATABASE + " cannot be used; the server log says why"));
            degradations.watch("database", () -> java.util.Optional.of("the database named by "
                    + DatabaseConfig.DATABASE + " cannot be used, so nothing is recorded; the server log says why"));
            return;
        }
        opened.push(new Opened("the record in " + record.describe(), record));
        listeners.add(record.predictions());
        logMetrics.watch(record::problem);
        degradations.watch("database", record::problem);
        outcomeMetrics.watch(record.outcomes(), null);
        LOG.log(Level.INFO, "Recording predictions and outcomes in {0}, as server {1}", record.describe(),
                config.database().get().serverId());
        AppContext.put(context, OutcomeRecording.class, new OutcomeRecording.On(record.outcomes()));
    }

    /** Outcomes arrive weeks after their predictions, across restarts: the log on disk still holds them. */
    private static PredictionIndex readBack(AppConfig config, Path file) {
        var index = new PredictionIndex(new PredictionIndex.Limits(config.outcomeIndex(), config.outcomeIndexAge()),
                Clock.systemUTC());
        try {
            long read = index.rebuildFrom(file, config.predictionLogFiles());
            if (read > 0) {
                LOG.log(Level.INFO, "Read {0} logged predictions back from {1}, for the outcomes reported for"
                        + " them", read, file);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot read the prediction log " + file + " back: outcomes for predictions made"
                    + " before this start will be refused as unknown (" + e.getMessage() + ")");
        }
        return index;
    }

    private OutcomeRecording openOutcomes(AppConfig config, PredictionIndex index, OutcomeMetrics metrics) {
        Path file = config.outcomeFile().orElseThrow();
        try {
            var live = new LiveErrors(config.outcomeWindow(), config.maxReporterShare());
            var recorder = OutcomeRecorder.open(new OutcomeRecorder.FileSettings(file, config.outcomeLogMaxBytes(),
                            config.outcomeLogFiles()), index, live,
                    Clock.systemUTC());
            opened.push(new Opened("the outcomes file " + file, recorder));
            metrics.watch(recorder, recorder.index());
            LOG.log(Level.INFO, "Recording outcomes in {0}", file);
            return new OutcomeRecording.On(recorder);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "The outcomes file cannot be opened at " + file + ", so outcomes are refused: " + e);
            return new OutcomeRecording.Off("the outcomes file " + file + " could not be opened at start; the"
                    + " server log says why");
        }
    }

    private static DriftMonitor startDriftMonitor(ServletContext context, AppConfig config, AppMetrics metrics,
                                                  PredictionListener.Registry listeners) {
        DriftMonitor drift = driftMonitor(config);
        AppContext.put(context, DriftMonitor.class, drift);
        listeners.add(drift);
        metrics.atScrape(new DriftMetrics(metrics.registry(), drift));
        return drift;
    }

    private static DriftMonitor driftMonitor(AppConfig config) {
        return new DriftMonitor(new DriftMonitor.Limits(config.monitoringWindow(), config.monitoringAge()),
                new DriftRule(config.psiThreshold(), config.driftSignificance()), Clock.systemUTC());
    }

    private static ModelRegistry startRegistry(ServletContext context, DriftMonitor drift, AppMetrics metrics) {
        var registry = new ModelRegistry();
        // The monitor first, so that the metrics never report a window of the model served before.
        registry.addListener(drift);
        registry.addListener(metrics.models());
        AppContext.put(context, ModelRegistry.class, registry);
        return registry;
    }

    /** Last: the first model is served as soon as it loads, so everything that hears of it must be listening. */
    private void startServing(AppConfig config, ModelRegistry registry) {
        var policy = ApprovalPolicy.of(config);
        var watcher = new ModelWatcher(registry, config.pinnedVersion(), policy);
        opened.push(new Opened("the model watcher", watcher));
        LOG.log(Level.INFO, "Starting the salary app in the {0} stage", config.stage().id());
        policy.logAtStart();
        CallerRole.logAtStart(config);
        if (config.model().isEmpty()) {
            watcher.startFromClasspath(SalaryApp.class.getClassLoader());
            return;
        }
        Settings.Value model = config.model().get();
        Path location;
        try {
            location = Path.of(model.value());
        } catch (InvalidPathException e) {
            LOG.log(Level.ERROR, "The salary app is NOT ready: " + AppConfig.MODEL + " = \"" + LogText.safe(model.value())
                    + "\" (from " + model.origin() + ") is not a path: " + LogText.safe(e.getMessage()));
            registry.fail("the model setting is not a path");
            return;
        }
        watcher.start(location, model.origin(), config.pollInterval());
    }

    /** Stops watching first, so no model loads while the rest closes; then the outcomes file, then the log. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        while (!opened.isEmpty()) {
            Opened next = opened.pop();
            try {
                next.part().close();
            } catch (Exception e) {
                // Every outcome was forced to the disk when it was recorded, and the log flushes as it goes:
                // closing loses nothing.
                LOG.log(Level.WARNING, "Closing " + next.what() + " failed: " + e);
            }
        }
    }
}
