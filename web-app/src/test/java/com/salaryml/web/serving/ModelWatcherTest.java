package com.salaryml.web.serving;

import com.salaryml.web.ModelFiles;
import com.salaryml.web.config.Stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.Predictor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher driven scan by scan, so each step of a directory's life is checked exactly. */
class ModelWatcherTest {

    static final Map<String, Double> REFERENCE = Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0);

    @TempDir
    Path dir;

    final List<String> rejections = new ArrayList<>();
    final List<String> swaps = new ArrayList<>();
    final ModelRegistry registry = new ModelRegistry();
    ModelWatcher watcher;

    ModelWatcher watcher(Optional<String> pinned) {
        // Development without approvers: these tests are about files coming and going, not about signatures
        // (ModelWatcherApprovalTest is).
        watcher = new ModelWatcher(registry, pinned,
                new ApprovalPolicy(Stage.DEVELOPMENT, Optional.empty(), java.time.Clock.systemUTC()));
        return watcher;
    }

    @BeforeEach
    void listen() {
        registry.addListener(new ModelRegistry.Listener() {
            @Override
            public void rejected(String source, RejectionReason reason, String message) {
                rejections.add(source + ": " + message);
            }

            @Override
            public void serving(ModelRegistry.Loaded model) {
                swaps.add(model.predictor().metadata().version());
            }
        });
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    String serving() {
        return registry.current().map(p -> p.metadata().version()).orElse(null);
    }

    @Test
    void servesTheHighestVersionInTheDirectory() {
        ModelFiles.publish(dir, ModelFiles.model("1.2.0", 0));
        ModelFiles.publish(dir, ModelFiles.model("1.10.0", 0));
        ModelFiles.publish(dir, ModelFiles.model("1.9.3", 0));
        watcher(Optional.empty()).scan(dir, true);
        assertThat(serving()).isEqualTo("1.10.0");
        assertThat(registry.versions()).containsExactly("1.2.0", "1.9.3", "1.10.0");
        assertThat(registry.version("1.2.0")).isPresent();
    }

    @Test
    void aNewVersionIsServedOnlyOnceItsFileHasSettled() {
        ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        watcher(Optional.empty()).scan(dir, true);
        ModelFiles.publish(dir, ModelFiles.model("2.0.0", 1000));
        watcher.scan(dir, false);
        assertThat(serving()).as("first sight: still settling").isEqualTo("1.0.0");
        watcher.scan(dir, false);
        assertThat(serving()).isEqualTo("2.0.0");
        double v1 = registry.version("1.0.0").orElseThrow().predict(REFERENCE).value();
        double v2 = registry.current().orElseThrow().predict(REFERENCE).value();
        assertThat(v2 - v1).isCloseTo(1000, within(1e-6));
        assertThat(swaps).containsExactly("1.0.0", "2.0.0");
    }

    @Test
    void aFileCaughtHalfWrittenIsNeverLoaded() throws Exception {
        ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        watcher(Optional.empty()).scan(dir, true);
        byte[] full = ModelFormat.write(ModelFiles.model("2.0.0", 1000));
        Path file = dir.resolve("salary-model-2.0.0.json");
        Files.write(file, java.util.Arrays.copyOf(full, full.length / 2));
        watcher.scan(dir, false);
        Files.write(file, full);
        // Same length would be luck; make sure the time stamp moves too, as it does for a real writer.
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        watcher.scan(dir, false);
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(rejections).isEmpty();
        watcher.scan(dir, false);
        assertThat(serving()).isEqualTo("2.0.0");
        assertThat(rejections).isEmpty();
    }

    @Test
    void aCorruptVersionIsRejectedAndTheServingOneGoesOn() throws Exception {
        ModelFiles.publish(dir, ModelFiles.model("2.0.0", 0));
        watcher(Optional.empty()).scan(dir, true);
        Files.writeString(dir.resolve("salary-model-3.0.0.json"), "{\"format\": \"salaryml-model\", \"format_ver");
        watcher.scan(dir, false);
        watcher.scan(dir, false);
        watcher.scan(dir, false);
        assertThat(serving()).isEqualTo("2.0.0");
        assertThat(rejections).hasSize(1).first().asString().contains("salary-model-3.0.0.json").contains("not valid JSON");
    }

    @Test
    void removingTheNewestVersionRollsBackToTheNextHighest() throws Exception {
        ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        Path v2 = ModelFiles.publish(dir, ModelFiles.model("2.0.0", 0));
        watcher(Optional.empty()).scan(dir, true);
        assertThat(serving()).isEqualTo("2.0.0");
        Files.delete(v2);
        watcher.scan(dir, false);
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(registry.versions()).containsExactly("1.0.0");
    }

    @Test
    void removingEveryVersionLeavesTheAppNotReadyUntilOneReturns() throws Exception {
        Path v1 = ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        watcher(Optional.empty()).scan(dir, true);
        Files.delete(v1);
        watcher.scan(dir, false);
        assertThat(registry.current()).isEmpty();
        assertThat(registry.snapshot().problem()).contains("no valid model");
        ModelFiles.publish(dir, ModelFiles.model("1.0.1", 0));
        watcher.scan(dir, false);
        watcher.scan(dir, false);
        assertThat(serving()).isEqualTo("1.0.1");
    }

    @Test
    void aPinnedVersionIsServedEvenWhenHigherOnesExist() {
        ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        ModelFiles.publish(dir, ModelFiles.model("2.0.0", 0));
        watcher(Optional.of("1.0.0")).scan(dir, true);
        assertThat(serving()).isEqualTo("1.0.0");
    }

    @Test
    void aMissingPinnedVersionMeansNotReady() {
        ModelFiles.publish(dir, ModelFiles.model("2.0.0", 0));
        watcher(Optional.of("1.5.0")).scan(dir, true);
        assertThat(registry.current()).isEmpty();
        assertThat(registry.snapshot().problem()).contains("pinned version 1.5.0");
    }

    @Test
    void twoFilesClaimingOneVersionKeepTheFirst() throws Exception {
        ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        watcher(Optional.empty()).scan(dir, true);
        Files.write(dir.resolve("copy.json"), ModelFormat.write(ModelFiles.model("1.0.0", 500)));
        watcher.scan(dir, false);
        watcher.scan(dir, false);
        assertThat(registry.current().orElseThrow().predict(REFERENCE).value()).isCloseTo(52062.76, within(0.005));
        assertThat(rejections).singleElement().asString().contains("copy.json").contains("already served");
    }

    @Test
    void aVersionRefusedAsADuplicateIsServedOnceTheOtherCopyIsRemoved() throws Exception {
        Path first = ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        watcher(Optional.empty()).scan(dir, true);
        Files.write(dir.resolve("copy.json"), ModelFormat.write(ModelFiles.model("1.0.0", 500)));
        watcher.scan(dir, false);
        watcher.scan(dir, false);
        assertThat(rejections).singleElement().asString().contains("already served");

        Files.delete(first);
        watcher.scan(dir, false);
        watcher.scan(dir, false);

        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(registry.current().orElseThrow().predict(REFERENCE).value()).isCloseTo(52562.76, within(0.005));
    }

    @Test
    void aSignatureThatIsASymbolicLinkIsNeverReadAndItsModelIsRefused() throws Exception {
        ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        Path secret = Files.writeString(Files.createTempDirectory("elsewhere").resolve("environ"),
                "DATABASE_PASSWORD=hunter2");
        ModelFiles.publish(dir, ModelFiles.model("2.0.0", 0));
        Files.createSymbolicLink(dir.resolve("salary-model-2.0.0.json.sig"), secret);

        watcher(Optional.empty()).scan(dir, true);
        watcher.scan(dir, false);

        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(rejections).singleElement().asString().contains("salary-model-2.0.0.json.sig")
                .contains("symbolic link").doesNotContain("hunter2");
    }

    @Test
    void aFileNameWithANewlineIsLoggedOnOneLine() throws Exception {
        var records = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var logger = java.util.logging.Logger.getLogger(ModelWatcher.class.getName());
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            Files.writeString(dir.resolve("x.json\nSEVERE: forged.json"), "not a model");
            watcher(Optional.empty()).scan(dir, true);
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(records).anySatisfy(line -> assertThat(line).contains("x.json\\nSEVERE: forged.json"));
        assertThat(records).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    @Test
    void aCategoricalModelIsWarmedUpWithLevelsAndServed() {
        ModelFiles.publish(dir, com.salaryml.artifact.TestModels.ACADEMIC);
        watcher(Optional.empty()).scan(dir, true);
        assertThat(rejections).isEmpty();
        assertThat(serving()).isEqualTo(com.salaryml.artifact.TestModels.ACADEMIC.metadata().version());
    }

    @Test
    void symbolicLinksAndHiddenOrOtherFilesAreIgnored() throws Exception {
        Path real = ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        Path elsewhere = Files.createTempDirectory("models-elsewhere");
        Path target = ModelFiles.publish(elsewhere, ModelFiles.model("9.0.0", 0));
        Files.createSymbolicLink(dir.resolve("salary-model-9.0.0.json"), target);
        Files.writeString(dir.resolve(".hidden.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "not a model");
        watcher(Optional.empty()).scan(dir, true);
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(rejections).singleElement().asString().contains("symbolic link");
        assertThat(real).exists();
    }

    @Test
    void aNamedFileIsServedAndABrokenOneLeavesItNotReady() throws Exception {
        Path file = ModelFiles.publish(dir, ModelFiles.model("4.0.0", 0));
        watcher(Optional.empty()).start(file, "test", Duration.ofSeconds(1));
        assertThat(serving()).isEqualTo("4.0.0");
        watcher.close();
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, new String(ModelFormat.write(ModelFiles.model("5.0.0", 0)), StandardCharsets.UTF_8)
                .replace("\"intercept\"", "\"intercpet\""));
        rejections.clear();
        watcher(Optional.empty()).start(broken, "test", Duration.ofSeconds(1));
        assertThat(registry.current()).isEmpty();
        assertThat(rejections).singleElement().asString().contains("intercpet");
    }

    @Test
    void readersNeverSeeAMixOfVersionsWhileSwapsHappen() throws Exception {
        ModelFiles.publish(dir, ModelFiles.model("1.0.0", 0));
        watcher(Optional.empty()).scan(dir, true);
        double base = registry.current().orElseThrow().predict(REFERENCE).value();
        var stop = new AtomicBoolean();
        var failures = new ConcurrentLinkedQueue<String>();
        var reads = new AtomicInteger();
        var started = new CountDownLatch(4);
        var readers = new ArrayList<Thread>();
        for (int t = 0; t < 4; t++) {
            var reader = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    Predictor predictor = registry.current().orElse(null);
                    if (predictor == null) {
                        failures.add("no model served");
                        continue;
                    }
                    double shift = Double.parseDouble(predictor.metadata().version().split("\\.")[0]) - 1;
                    double value = predictor.predict(REFERENCE).value();
                    if (Math.abs(value - (base + shift * 1000)) > 1e-6) {
                        failures.add(predictor.metadata().version() + " predicted " + value);
                    }
                    reads.incrementAndGet();
                }
            });
            reader.start();
            readers.add(reader);
        }
        started.await();
        for (int swap = 2; swap <= 30; swap++) {
            ModelFiles.publish(dir, ModelFiles.model(swap + ".0.0", (swap - 1) * 1000.0));
            watcher.scan(dir, false);
            watcher.scan(dir, false);
            if (swap % 3 == 0) {
                Files.delete(dir.resolve("salary-model-" + swap + ".0.0.json"));
                watcher.scan(dir, false);
            }
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(serving()).isEqualTo("29.0.0");
    }
}
