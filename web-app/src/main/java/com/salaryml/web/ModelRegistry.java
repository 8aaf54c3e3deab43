package com.salaryml.web;

import com.salaryml.artifact.FeatureStats;
import com.salaryml.artifact.ModelLoadException;
import com.salaryml.artifact.ModelLoader;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models the app can serve, and the one it serves. A model comes from the WAR's classpath, from one model
 * file or JAR, or from a directory of them that is watched: new versions are loaded, validated and warmed up
 * before they are swapped in; a version that fails to load is rejected while the serving one goes on; a
 * removed version is dropped, which rolls back to the next-highest.
 *
 * <p>All state is one immutable {@link Snapshot}, replaced atomically. A request takes one predictor from it
 * and uses that for everything it answers, so no response mixes two versions.
 */
public final class ModelRegistry implements AutoCloseable {

    static final String ATTRIBUTE = ModelRegistry.class.getName();

    private static final System.Logger LOG = System.getLogger(ModelRegistry.class.getName());

    /** Warm-up predictions before a model may serve: enough for the JIT to compile the prediction path. */
    private static final int WARM_UP_PREDICTIONS = 2_000;

    /** A loaded model and where it came from. */
    public record Loaded(Predictor predictor, String source) {
    }

    /**
     * What the registry holds at one moment.
     *
     * @param serving  the model being served, or null
     * @param versions every loaded model by version, in version order
     * @param problem  why nothing is served, when {@code serving} is null
     */
    public record Snapshot(Loaded serving, NavigableMap<String, Loaded> versions, String problem) {

        public Snapshot {
            versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
        }
    }

    /** Hears about loads, rejections and swaps, for metrics and logs. Called on the loading thread. */
    public interface Listener {
        default void loaded(ModelMetadata model, String source) {
        }

        default void rejected(String source, String reason) {
        }

        default void serving(ModelMetadata model) {
        }
    }

    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(
            new Snapshot(null, new TreeMap<>(VersionOrder.INSTANCE), "the model has not been loaded yet"));
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Optional<String> pinned;
    private ScheduledExecutorService watcher;
    // Touched only by the watcher thread (and by start, before the watcher exists).
    private final Map<Path, Seen> seen = new HashMap<>();

    /**
     * What the watcher knows of one file: its size and time stamp when last looked at, the version it holds
     * (or held, while new content settles), and whether that content has been dealt with.
     */
    private record Seen(long size, long modified, String version, boolean settled) {
    }

    ModelRegistry(Optional<String> pinned) {
        this.pinned = Objects.requireNonNull(pinned);
    }

    public static ModelRegistry of(ServletContext context) {
        Object registry = context.getAttribute(ATTRIBUTE);
        if (registry instanceof ModelRegistry modelRegistry) {
            return modelRegistry;
        }
        throw new IllegalStateException("the salary app's listener did not start; check web.xml");
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The model being served, if any. */
    public Optional<Predictor> current() {
        Loaded serving = snapshot.get().serving();
        return serving == null ? Optional.empty() : Optional.of(serving.predictor());
    }

    /** The loaded model of this version, if any. */
    public Optional<Predictor> version(String version) {
        Loaded loaded = snapshot.get().versions().get(version);
        return loaded == null ? Optional.empty() : Optional.of(loaded.predictor());
    }

    /** Every loaded version, lowest first. */
    public List<String> versions() {
        return List.copyOf(snapshot.get().versions().keySet());
    }

    public Snapshot snapshot() {
        return snapshot.get();
    }

    /** Serves the model packaged in the WAR. */
    void startFromClasspath(ClassLoader classLoader) {
        String source = "the default model packaged in the WAR";
        try {
            install(List.of(warmedUp(ModelLoader.loadFromClasspath(classLoader), source)), source);
        } catch (ModelLoadException | RuntimeException e) {
            reject(source, e.getMessage());
            fail("the packaged model failed to load");
        }
    }

    /** Serves one model file or JAR, or watches a directory of them. */
    void start(Path location, String origin, java.time.Duration pollInterval) {
        if (Files.isDirectory(location)) {
            LOG.log(Level.INFO, "Watching model directory {0} ({1}) every {2} ms", location, origin,
                    pollInterval.toMillis());
            scan(location, true);
            watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "salary-model-watcher");
                thread.setDaemon(true);
                return thread;
            });
            watcher.scheduleWithFixedDelay(() -> scanSafely(location), pollInterval.toMillis(),
                    pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        String source = location + " (from " + origin + ")";
        try {
            install(List.of(warmedUp(ModelLoader.load(location), source)), source);
        } catch (ModelLoadException | RuntimeException e) {
            reject(source, e.getMessage());
            fail("the model failed to load");
        }
    }

    private void scanSafely(Path directory) {
        try {
            scan(directory, false);
        } catch (RuntimeException e) {
            // One bad scan must not end the watching; the next one tries again.
            LOG.log(Level.ERROR, "Scanning model directory " + directory + " failed", e);
        }
    }

    /**
     * Brings the registry in line with the directory. A file is loaded once its size and time stamp have
     * stayed the same for one whole poll interval, so a file still being copied in is never read; at start-up
     * what is there is taken as complete.
     */
    synchronized void scan(Path directory, boolean initial) {
        Map<Path, BasicFileAttributes> files = list(directory);
        if (files == null) {
            return;
        }
        Map<String, Loaded> current = new HashMap<>(snapshot.get().versions());
        boolean changed = false;
        for (Path gone : new ArrayList<>(seen.keySet())) {
            if (!files.containsKey(gone) && seen.get(gone).size() >= 0) {
                Seen state = seen.remove(gone);
                if (state.version() != null && current.remove(state.version()) != null) {
                    LOG.log(Level.INFO, "Model {0} was removed ({1})", state.version(), gone);
                    changed = true;
                }
            }
        }
        var waiting = new ArrayList<Path>();
        for (var entry : files.entrySet()) {
            Path path = entry.getKey();
            BasicFileAttributes attributes = entry.getValue();
            long size = attributes.size();
            long modified = attributes.lastModifiedTime().toMillis();
            Seen before = seen.get(path);
            boolean same = before != null && before.size() == size && before.modified() == modified;
            if (same && before.settled()) {
                continue;
            }
            if (!same && !initial) {
                // New or still changing: look again next time, and load it only once it has settled. Until
                // then, whatever this file held before goes on serving.
                seen.put(path, new Seen(size, modified, before == null ? null : before.version(), false));
                waiting.add(path);
                continue;
            }
            changed |= load(path, size, modified, before, current);
        }
        if (current.isEmpty() && !waiting.isEmpty()) {
            // Nothing else to serve: rather than go dark until the new files settle, try them now. The loader
            // validates every field, so a file still being written is refused, and retried once it changes.
            for (Path path : waiting) {
                Seen pending = seen.get(path);
                changed |= load(path, pending.size(), pending.modified(), pending, current);
            }
        }
        if (changed || initial) {
            install(current.values(), directory.toString());
        }
    }

    /** Loads one file into {@code current}; whether that changed what is loaded. */
    private boolean load(Path path, long size, long modified, Seen before, Map<String, Loaded> current) {
        String previousVersion = before == null ? null : before.version();
        String source = path.toString();
        try {
            Loaded loaded = warmedUp(ModelLoader.load(path), source);
            String version = loaded.predictor().metadata().version();
            Loaded other = current.get(version);
            if (other != null && !other.source().equals(source)) {
                reject(source, "version " + version + " is already served from " + other.source());
                seen.put(path, new Seen(size, modified, previousVersion, true));
                return false;
            }
            if (previousVersion != null && !previousVersion.equals(version)) {
                current.remove(previousVersion);
            }
            current.put(version, loaded);
            seen.put(path, new Seen(size, modified, version, true));
            return true;
        } catch (ModelLoadException | RuntimeException e) {
            // The model this file held before, if any, stays loaded: a bad write must not take it away.
            reject(source, e.getMessage());
            seen.put(path, new Seen(size, modified, previousVersion, true));
            return false;
        }
    }

    /** The model files in a directory: regular .json and .jar files, not hidden, not symbolic links. */
    private Map<Path, BasicFileAttributes> list(Path directory) {
        var files = new TreeMap<Path, BasicFileAttributes>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                if (name.startsWith(".") || !(name.endsWith(".json") || name.endsWith(".jar"))) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    if (!seen.containsKey(path)) {
                        reject(path.toString(), "is a symbolic link; copy the model file into the directory instead");
                        seen.put(path, new Seen(-1, -1, null, true));
                    }
                    continue;
                }
                if (attributes.isRegularFile()) {
                    files.put(path, attributes);
                }
            }
            return files;
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Cannot read model directory " + directory + ": " + e);
            return null;
        }
    }

    private void install(java.util.Collection<Loaded> loaded, String where) {
        var versions = new TreeMap<String, Loaded>(VersionOrder.INSTANCE);
        for (Loaded model : loaded) {
            versions.put(model.predictor().metadata().version(), model);
        }
        Loaded serving;
        String problem = null;
        if (pinned.isPresent()) {
            serving = versions.get(pinned.get());
            if (serving == null) {
                problem = "the pinned version " + pinned.get() + " (" + AppConfig.MODEL_VERSION + ") is not available";
            }
        } else {
            serving = versions.isEmpty() ? null : versions.lastEntry().getValue();
            if (serving == null) {
                problem = "no valid model in " + where;
            }
        }
        Snapshot before = snapshot.getAndSet(new Snapshot(serving, versions, problem));
        Loaded previous = before.serving();
        if (serving != null && (previous == null || previous.predictor() != serving.predictor())) {
            ModelMetadata meta = serving.predictor().metadata();
            LOG.log(Level.INFO, "Serving model {0} {1} ({2}) from {3}", meta.name(), meta.version(),
                    meta.algorithm(), serving.source());
            listeners.forEach(listener -> listener.serving(meta));
        } else if (serving == null && problem != null) {
            LOG.log(Level.ERROR, "The salary app is NOT ready: " + problem);
        }
    }

    void fail(String problem) {
        snapshot.set(new Snapshot(null, new TreeMap<>(VersionOrder.INSTANCE), problem));
    }

    private void reject(String source, String why) {
        // A ModelLoadException already names its file; say it once.
        String reason = why != null && why.startsWith(source + ": ") ? why.substring(source.length() + 2) : why;
        LOG.log(Level.ERROR, "Rejected model " + source + ": " + reason);
        listeners.forEach(listener -> listener.rejected(source, reason));
    }

    /** Runs the model on typical inputs until the JIT has compiled it; a model that cannot predict is refused. */
    private Loaded warmedUp(Predictor predictor, String source) {
        ModelMetadata meta = predictor.metadata();
        Map<String, Double> typical = new HashMap<>();
        for (int i = 0; i < meta.schema().size(); i++) {
            FeatureStats stats = meta.statsOf(i);
            typical.put(meta.schema().features().get(i).name(), stats.mean());
        }
        for (int i = 0; i < WARM_UP_PREDICTIONS; i++) {
            Prediction prediction = predictor.predict(typical);
            if (!Double.isFinite(prediction.value())) {
                throw new IllegalStateException("the model predicts " + prediction.value() + " for typical inputs");
            }
        }
        listeners.forEach(listener -> listener.loaded(meta, source));
        return new Loaded(predictor, source);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
