package com.salaryml.web.serving;

import com.salaryml.artifact.signing.ApprovalException.Reason;
import com.salaryml.web.Approvals;
import com.salaryml.web.ModelFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.web.serving.ModelRegistry.Loaded;
import com.salaryml.web.serving.ModelRegistry.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serving: what a request reads, swapped whole, and what the listeners hear. Loading is ModelWatcherTest's. */
class ModelRegistryTest {

    final ModelRegistry registry = new ModelRegistry();
    final List<String> heard = new ArrayList<>();

    @BeforeEach
    void listen() {
        registry.addListener(new ModelRegistry.Listener() {
            @Override
            public void loaded(ModelMetadata model, String source) {
                heard.add("loaded " + model.version() + " from " + source);
            }

            @Override
            public void rejected(String source, RejectionReason reason, String message) {
                heard.add("rejected " + source + " (" + reason.label() + "): " + message);
            }

            @Override
            public void serving(Loaded model) {
                heard.add("serving " + model.predictor().metadata().version());
            }
        });
    }

    /** A snapshot of these loaded versions, serving {@code serving} (null for none). */
    static Snapshot snapshot(String serving, Loaded... loaded) {
        var versions = new TreeMap<String, Loaded>(VersionOrder.INSTANCE);
        for (Loaded model : loaded) {
            versions.put(model.predictor().metadata().version(), model);
        }
        return new Snapshot(serving == null ? null : versions.get(serving), versions,
                serving == null ? "nothing to serve" : null);
    }

    static Loaded loaded(String version) {
        Model model = ModelFiles.model(version, 0);
        return new Loaded(model, "salary-model-" + version + ".json", Approvals.APPROVED);
    }

    @Test
    void beforeAnythingIsLoadedNothingIsServedAndTheSnapshotSaysWhy() {
        assertThat(registry.current()).isEmpty();
        assertThat(registry.versions()).isEmpty();
        assertThat(registry.snapshot().problem()).isEqualTo("the model has not been loaded yet");
    }

    @Test
    void servesWhatItIsHandedAndKeepsEveryVersionInVersionOrder() {
        Loaded v1 = loaded("1.9.0");
        Loaded v2 = loaded("1.10.0");
        registry.swap(snapshot("1.9.0", v2, v1));
        assertThat(registry.current()).containsSame(v1.predictor());
        assertThat(registry.version("1.10.0")).containsSame(v2.predictor());
        assertThat(registry.version("2.0.0")).isEmpty();
        assertThat(registry.versions()).containsExactly("1.9.0", "1.10.0");
    }

    @Test
    void listenersHearOfEachNewServedModelOnce() {
        Loaded v1 = loaded("1.0.0");
        Loaded v2 = loaded("2.0.0");
        registry.swap(snapshot("1.0.0", v1));
        registry.swap(snapshot("1.0.0", v1, v2));
        registry.swap(snapshot("2.0.0", v1, v2));
        registry.swap(snapshot(null));
        registry.swap(snapshot("2.0.0", v2));
        assertThat(heard).containsExactly("serving 1.0.0", "serving 2.0.0", "serving 2.0.0");
    }

    @Test
    void failingServesNothingAndSaysWhy() {
        registry.swap(snapshot("1.0.0", loaded("1.0.0")));
        registry.fail("the model failed to load");
        assertThat(registry.current()).isEmpty();
        assertThat(registry.versions()).isEmpty();
        assertThat(registry.snapshot().problem()).isEqualTo("the model failed to load");
    }

    @Test
    void loadsAndRejectionsReachTheListeners() {
        registry.loaded(ModelFiles.model("3.0.0", 0).metadata(), "a.json");
        registry.rejected("b.json", RejectionReason.INVALID_MODEL, "not valid JSON");
        registry.rejected("c.json", RejectionReason.of(Reason.UNTRUSTED_SIGNER), "signed by CN=Mallory");
        assertThat(heard).containsExactly("loaded 3.0.0 from a.json", "rejected b.json (invalid_model): not valid JSON",
                "rejected c.json (untrusted_signer): signed by CN=Mallory");
    }

    @Test
    void readersSeeEachSnapshotWholeWhileSwapsHappen() throws Exception {
        List<Loaded> models = new ArrayList<>();
        for (int v = 1; v <= 20; v++) {
            models.add(loaded(v + ".0.0"));
        }
        registry.swap(snapshot("1.0.0", models.get(0)));
        var stop = new AtomicBoolean();
        var failures = new ConcurrentLinkedQueue<String>();
        var reads = new AtomicInteger();
        var started = new CountDownLatch(2);
        var readers = new ArrayList<Thread>();
        for (int t = 0; t < 2; t++) {
            var reader = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    Snapshot seen = registry.snapshot();
                    String version = seen.serving().predictor().metadata().version();
                    // The served model is always one of the versions loaded with it, and the highest of them.
                    if (seen.versions().get(version) != seen.serving() || !seen.versions().lastKey().equals(version)) {
                        failures.add("serving " + version + " beside " + seen.versions().keySet());
                    }
                    reads.incrementAndGet();
                }
            });
            reader.start();
            readers.add(reader);
        }
        started.await();
        for (int n = 2; n <= models.size(); n++) {
            Loaded[] loaded = models.subList(0, n).toArray(Loaded[]::new);
            registry.swap(snapshot(n + ".0.0", loaded));
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(registry.current()).containsSame(models.get(models.size() - 1).predictor());
    }
}
