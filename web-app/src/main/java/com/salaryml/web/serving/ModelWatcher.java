package com.salaryml.web.serving;

import com.salaryml.web.text.LogText;
import com.salaryml.web.config.AppConfig;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.format.LoadedModel;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.signing.ModelSignature;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.serving.ModelRegistry.Loaded;
import com.salaryml.web.serving.ModelRegistry.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Decides what a {@link ModelRegistry} holds. It loads the model packaged in the WAR, one named model file
 * or JAR, or watches a directory of them: new versions are loaded, validated, checked against the
 * {@link ApprovalPolicy} and warmed up before they are handed over; a version that fails to load or is not
 * approved is rejected while the serving one goes on; a removed version is dropped, which rolls back to the
 * next-highest. The highest loaded version is served, or the pinned one.
 *
 * <p>A model file's signature sits beside it ({@code salary-model-1.1.0.json.sig}) and may land after it: the
 * watcher looks at both, so a model refused as unsigned is tried again once its signature arrives or changes.
 */
public final class ModelWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ModelWatcher.class.getName());

    /** Warm-up predictions before a model may serve: enough for the JIT to compile the prediction path. */
    private static final int WARM_UP_PREDICTIONS = 2_000;

    private final ModelRegistry registry;
    private final Optional<String> pinned;
    private final ApprovalPolicy policy;
    private ScheduledExecutorService watcher;
    // Touched only by the watcher thread (and by start, before the watcher exists).
    private final Map<Path, Seen> seen = new HashMap<>();

    /**
     * A file as the directory shows it: its size and time stamp, and those of its signature file beside it
     * (-1 while there is none), so that a signature landing or changing counts as a change of the model.
     */
    private record Stamp(long size, long modified, long signatureSize, long signatureModified) {

        /** What a symbolic link is remembered by: it is never loaded, so only its having been reported counts. */
        static final Stamp LINK = new Stamp(-1, -1, -1, -1);
    }

    /**
     * What the watcher knows of one file: how it looked when last looked at, the version it holds (or held,
     * while new content settles), and whether that content has been dealt with.
     */
    private record Seen(Stamp stamp, String version, boolean settled, String duplicateOf) {

        Seen(Stamp stamp, String version, boolean settled) {
            this(stamp, version, settled, null);
        }
    }

    /**
     * @param registry where the loaded models go
     * @param pinned   the version to serve ({@code salary.model.version}), or empty to serve the highest
     * @param policy   which models the stage may serve
     */
    public ModelWatcher(ModelRegistry registry, Optional<String> pinned, ApprovalPolicy policy) {
        this.registry = Objects.requireNonNull(registry);
        this.pinned = Objects.requireNonNull(pinned);
        this.policy = Objects.requireNonNull(policy);
    }

    /** Serves the model packaged in the WAR, which no approver signed: in development only. */
    public void startFromClasspath(ClassLoader classLoader) {
        String source = "the default model packaged in the WAR";
        try {
            Predictor predictor = ModelLoader.loadFromClasspath(classLoader);
            ApprovalStatus approval = policy.checkPackaged(packagedSha256(classLoader));
            install(List.of(warmedUp(predictor, source, approval)), source);
        } catch (ModelRefusedException e) {
            reject(source, e.reason(), e.getMessage());
            registry.fail("the packaged model is not approved for this stage");
        } catch (ModelLoadException | RuntimeException e) {
            reject(source, RejectionReason.INVALID_MODEL, e.getMessage());
            registry.fail("the packaged model failed to load");
        }
    }

    /**
     * The SHA-256 of the packaged model file, read from the same entry the loader read; the loader checked it
     * against the digest the build recorded beside it.
     */
    private static String packagedSha256(ClassLoader classLoader) throws ModelLoadException {
        URL model = classLoader.getResource(ModelJar.MODEL_ENTRY);
        if (model == null) {
            throw new ModelLoadException("classpath:" + ModelJar.MODEL_ENTRY, "not found");
        }
        try {
            var connection = model.openConnection();
            // A cached JarFile would give the old bytes after a redeploy replaced the JAR, as the loader knows.
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream()) {
                return ModelJar.sha256(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new ModelLoadException(model.toExternalForm(), "cannot be read: " + e, e);
        }
    }

    /** Serves one model file or JAR, or watches a directory of them, looking every {@code pollInterval}. */
    public void start(Path location, String origin, Duration pollInterval) {
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
            install(List.of(approvedAndWarmedUp(location, source)), source);
        } catch (ModelRefusedException e) {
            reject(source, e.reason(), unprefixed(e.getMessage(), location));
            registry.fail("the model is not approved for this stage");
        } catch (ModelLoadException | RuntimeException e) {
            reject(source, RejectionReason.INVALID_MODEL, unprefixed(e.getMessage(), location));
            registry.fail("the model failed to load");
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
        Map<Path, Stamp> files = list(directory);
        if (files == null) {
            return;
        }
        Map<String, Loaded> current = new HashMap<>(registry.snapshot().versions());
        boolean changed = false;
        for (Path gone : new ArrayList<>(seen.keySet())) {
            // A link (or a file whose signature is one) is not listed but may still be there: gone only once it is.
            if (!files.containsKey(gone) && (!seen.get(gone).stamp().equals(Stamp.LINK)
                    || !Files.exists(gone, LinkOption.NOFOLLOW_LINKS))) {
                Seen state = seen.remove(gone);
                if (state.version() != null && current.remove(state.version()) != null) {
                    LOG.log(Level.INFO, "Model {0} was removed ({1})", LogText.safe(state.version()), LogText.safe(gone));
                    changed = true;
                    retryDuplicatesOf(state.version());
                }
            }
        }
        var waiting = new ArrayList<Path>();
        for (var entry : files.entrySet()) {
            Path path = entry.getKey();
            Stamp stamp = entry.getValue();
            Seen before = seen.get(path);
            boolean same = before != null && before.stamp().equals(stamp);
            if (same && before.settled()) {
                continue;
            }
            if (!same && !initial) {
                // New or still changing, or its signature is: look again next time, and load it only once it
                // has settled. Until then, whatever this file held before goes on serving.
                seen.put(path, new Seen(stamp, before == null ? null : before.version(), false));
                waiting.add(path);
                continue;
            }
            changed |= load(path, stamp, before, current);
        }
        if (current.isEmpty() && !waiting.isEmpty()) {
            // Nothing else to serve: rather than go dark until the new files settle, try them now. The loader
            // validates every field, so a file still being written is refused, and retried once it changes; so is
            // one whose signature has not landed yet.
            for (Path path : waiting) {
                Seen pending = seen.get(path);
                changed |= load(path, pending.stamp(), pending, current);
            }
        }
        if (changed || initial) {
            install(current.values(), directory.toString());
        }
    }

    /** Loads one file into {@code current}; whether that changed what is loaded. */
    private boolean load(Path path, Stamp stamp, Seen before, Map<String, Loaded> current) {
        String previousVersion = before == null ? null : before.version();
        String source = path.toString();
        try {
            Loaded loaded = approvedAndWarmedUp(path, source);
            String version = loaded.predictor().metadata().version();
            Loaded other = current.get(version);
            if (other != null && !other.source().equals(source)) {
                reject(source, RejectionReason.DUPLICATE_VERSION, "version " + version + " is already served from "
                        + other.source());
                // Looked at again when the other file goes (retryDuplicatesOf), not only when this one changes.
                seen.put(path, new Seen(stamp, previousVersion, true, version));
                return false;
            }
            if (previousVersion != null && !previousVersion.equals(version)) {
                current.remove(previousVersion);
            }
            current.put(version, loaded);
            seen.put(path, new Seen(stamp, version, true));
            return true;
        } catch (ModelRefusedException e) {
            // As for a bad write: the approved model this file held before, if any, stays loaded.
            reject(source, e.reason(), e.getMessage());
            seen.put(path, new Seen(stamp, previousVersion, true));
            return false;
        } catch (ModelLoadException | RuntimeException e) {
            // The model this file held before, if any, stays loaded: a bad write must not take it away.
            reject(source, RejectionReason.INVALID_MODEL, e.getMessage());
            seen.put(path, new Seen(stamp, previousVersion, true));
            return false;
        }
    }

    /** The files refused because another served {@code version}: unsettled, so the next scan loads them. */
    private void retryDuplicatesOf(String version) {
        for (var entry : seen.entrySet()) {
            Seen state = entry.getValue();
            if (version.equals(state.duplicateOf())) {
                entry.setValue(new Seen(state.stamp(), state.version(), false));
            }
        }
    }

    /** Reads a model file or JAR with its signature, lets the policy judge it, then warms it up: in that order. */
    private Loaded approvedAndWarmedUp(Path path, String source) throws ModelLoadException, ModelRefusedException {
        LoadedModel model = ModelLoader.loadWithSignature(path);
        ApprovalStatus approval = policy.check(model);
        return warmedUp(model.predictor(), source, approval);
    }

    /**
     * The model files in a directory: regular .json and .jar files, not hidden, not symbolic links, each with
     * its signature file's size and time stamp if it has one.
     */
    private Map<Path, Stamp> list(Path directory) {
        var files = new TreeMap<Path, Stamp>();
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
                        reject(path.toString(), RejectionReason.SYMBOLIC_LINK,
                                "is a symbolic link; copy the model file into the directory instead");
                        seen.put(path, new Seen(Stamp.LINK, null, true));
                    }
                    continue;
                }
                Path signature = path.resolveSibling(name + ModelSignature.SUFFIX);
                if (attributes.isRegularFile() && name.endsWith(".json") && Files.isSymbolicLink(signature)) {
                    // A linked signature would make the app read whatever it points at, and log some of it.
                    Seen before = seen.get(path);
                    if (before == null || !before.stamp().equals(Stamp.LINK)) {
                        reject(signature.toString(), RejectionReason.SYMBOLIC_LINK,
                                "is a symbolic link; copy the signature file into the directory instead");
                        seen.put(path, new Seen(Stamp.LINK, before == null ? null : before.version(), true));
                    }
                    continue;
                }
                if (attributes.isRegularFile()) {
                    files.put(path, stamp(path, attributes));
                }
            }
            return files;
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Cannot read model directory " + LogText.safe(directory) + ": " + LogText.safe(e));
            return null;
        }
    }

    /**
     * A model file's stamp. A model JAR carries its signature inside; a model file's is the file beside it,
     * as the loader reads it (following a link there, as the loader does: the model file is what is checked).
     */
    private static Stamp stamp(Path path, BasicFileAttributes attributes) {
        long signatureSize = -1;
        long signatureModified = -1;
        if (path.getFileName().toString().endsWith(".json")) {
            Path signature = path.resolveSibling(path.getFileName() + ModelSignature.SUFFIX);
            try {
                BasicFileAttributes sig = Files.readAttributes(signature, BasicFileAttributes.class);
                if (sig.isRegularFile()) {
                    signatureSize = sig.size();
                    signatureModified = sig.lastModifiedTime().toMillis();
                }
            } catch (IOException e) {
                // Not signed (yet), or not readable: either way the loader finds no signature, and says so.
            }
        }
        return new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis(), signatureSize,
                signatureModified);
    }

    /**
     * Hands the loaded models to the registry, serving the pinned version or else the highest. Dropping the
     * highest therefore rolls back to the next; a pinned version that is missing leaves nothing served.
     */
    private void install(Collection<Loaded> loaded, String where) {
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
        registry.swap(new Snapshot(serving, versions, problem));
    }

    /** A message without the file name it starts with, when the log line names the file already. */
    private static String unprefixed(String message, Path file) {
        String prefix = file + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Logs a refusal on one line, with its reason and no stack trace, and tells the registry's listeners. */
    private void reject(String source, RejectionReason reason, String why) {
        // A ModelLoadException already names its file; say it once.
        String message = why != null && why.startsWith(source + ": ") ? why.substring(source.length() + 2) : why;
        LOG.log(Level.ERROR, "Rejected model " + LogText.safe(source) + " (" + reason.label() + "): "
                + LogText.safe(message));
        registry.rejected(source, reason, message);
    }

    /** Runs the model on typical inputs until the JIT has compiled it; a model that cannot predict is refused. */
    private Loaded warmedUp(Predictor predictor, String source, ApprovalStatus approval) {
        ModelMetadata meta = predictor.metadata();
        Map<String, Object> typical = new HashMap<>();
        for (int i = 0; i < meta.schema().size(); i++) {
            FeatureStats stats = meta.statsOf(i);
            var feature = meta.schema().features().get(i);
            // A category's typical input is a level: its codes' mean is no input at all.
            typical.put(feature.name(), feature.isCategorical()
                    ? feature.level((int) Math.round(stats.mean())) : (Object) stats.mean());
        }
        for (int i = 0; i < WARM_UP_PREDICTIONS; i++) {
            Prediction prediction = predictor.predict(typical);
            if (!Double.isFinite(prediction.value())) {
                throw new IllegalStateException("the model predicts " + prediction.value() + " for typical inputs");
            }
        }
        registry.loaded(meta, source);
        return new Loaded(predictor, source, approval);
    }

    /** Stops watching the directory, if it was watching one. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
