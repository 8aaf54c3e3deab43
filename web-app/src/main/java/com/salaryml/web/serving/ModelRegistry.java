package com.salaryml.web.serving;

import com.salaryml.web.text.LogText;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Predictor;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models the app can serve, and the one it serves: what every request reads. Which models those are is
 * decided by {@link ModelWatcher}, which loads them from the WAR, a file or a watched directory and hands
 * each new set over here.
 *
 * <p>All state is one immutable {@link Snapshot}, replaced atomically. A request takes one predictor from it
 * and uses that for everything it answers, so no response mixes two versions.
 */
public final class ModelRegistry {

    private static final System.Logger LOG = System.getLogger(ModelRegistry.class.getName());

    /**
     * A loaded model, where it came from, and how its approval stands: a request that answers with the model
     * names its approval from the same record, so the two always belong together.
     */
    public record Loaded(Predictor predictor, String source, ApprovalStatus approval,
                         ModelExamples.RequestBodies examples) {

        public Loaded {
            java.util.Objects.requireNonNull(predictor, "predictor");
            java.util.Objects.requireNonNull(approval, "approval");
            java.util.Objects.requireNonNull(examples, "examples");
        }

        /**
         * A model as loaded, with its example request bodies made now: every request names them, for the messages
         * that say what to send, and making them anew cost a prediction more than two kilobytes.
         */
        public Loaded(Predictor predictor, String source, ApprovalStatus approval) {
            this(predictor, source, approval, ModelExamples.RequestBodies.of(predictor.metadata()));
        }
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

        /** Nothing loaded, for the given reason. */
        static Snapshot empty(String problem) {
            return new Snapshot(null, new TreeMap<>(VersionOrder.INSTANCE), problem);
        }
    }

    /** Hears about loads, rejections and swaps, for metrics and logs. Called on the loading thread. */
    public interface Listener {
        default void loaded(ModelMetadata model, String source) {
        }

        default void rejected(String source, RejectionReason reason, String message) {
        }

        default void serving(Loaded model) {
        }
    }

    private final AtomicReference<Snapshot> snapshot =
            new AtomicReference<>(Snapshot.empty("the model has not been loaded yet"));
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public ModelRegistry() {
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The model being served, if any. */
    public Optional<Predictor> current() {
        Loaded serving = snapshot.get().serving();
        return serving == null ? Optional.empty() : Optional.of(serving.predictor());
    }

    /** The model being served with its approval, if any. */
    public Optional<Loaded> served() {
        return Optional.ofNullable(snapshot.get().serving());
    }

    /** The loaded model of this version with its approval, if any. */
    public Optional<Loaded> loaded(String version) {
        return Optional.ofNullable(snapshot.get().versions().get(version));
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

    /**
     * Serves {@code next} from now on, in one atomic swap. Listeners hear of the served model when it is
     * another model than before; when nothing is served, the log says why.
     */
    void swap(Snapshot next) {
        Snapshot before = snapshot.getAndSet(next);
        Loaded serving = next.serving();
        Loaded previous = before.serving();
        if (serving != null && (previous == null || previous.predictor() != serving.predictor())) {
            ModelMetadata meta = serving.predictor().metadata();
            LOG.log(Level.INFO, "Serving model {0} {1} ({2}) from {3}, SHA-256 {4}: {5}", LogText.safe(meta.name()),
                    LogText.safe(meta.version()), meta.algorithm(), LogText.safe(serving.source()),
                    serving.approval().modelSha256(), LogText.safe(approvalInWords(serving)));
            listeners.forEach(listener -> listener.serving(serving));
        } else if (serving == null && next.problem() != null) {
            LOG.log(Level.ERROR, "The salary app is NOT ready: " + LogText.safe(next.problem()));
        }
    }

    private static String approvalInWords(Loaded serving) {
        if (serving.approval() instanceof ApprovalStatus.Approved approved) {
            return "approved by " + approved.approval().signer() + " (key " + approved.approval().keyFingerprint()
                    + ") at " + approved.approval().signedAt();
        }
        return serving.approval().status().replace('_', ' ') + ": " + serving.approval().note();
    }

    /** Serves nothing from now on, for the given reason; the caller has logged why. */
    public void fail(String problem) {
        snapshot.set(Snapshot.empty(problem));
    }

    /** Tells the listeners that a model loaded and warmed up. */
    void loaded(ModelMetadata model, String source) {
        listeners.forEach(listener -> listener.loaded(model, source));
    }

    /** Tells the listeners that a model was refused. */
    void rejected(String source, RejectionReason reason, String message) {
        listeners.forEach(listener -> listener.rejected(source, reason, message));
    }
}
