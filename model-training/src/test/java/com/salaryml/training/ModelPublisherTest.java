package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelJar;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.metadata.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPublisherTest {

    private static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 27, 0, 0);

    private static Model model;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() throws DataException {
        model = Fits.fit(Fits.read(Csv.HIRING), "4.2.0");
    }

    @Test
    void writesBothFilesUnderTheModelsNameAndVersion() throws Exception {
        var published = ModelPublisher.publish(model, dir.resolve("a/b"), false, TIME);

        assertThat(published.modelFile()).isEqualTo(dir.resolve("a/b/salary-model-4.2.0.json"));
        assertThat(published.jarFile()).isEqualTo(dir.resolve("a/b/salary-model-4.2.0.jar"));
        assertThat(published.unchanged()).isFalse();
        assertThat(published.replaced()).isFalse();
        assertThat(Files.readAllBytes(published.modelFile())).isEqualTo(ModelFormat.write(model));
        try (var files = Files.list(dir.resolve("a/b"))) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void refusesADifferentJarAloneUnderAnExistingVersion() throws Exception {
        Files.write(dir.resolve("salary-model-4.2.0.jar"), new byte[] {1, 2, 3});

        var e = catchThrowableOfType(PublishException.class,
                () -> ModelPublisher.publish(model, dir, false, TIME));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("already holds a different model for version 4.2.0");
        assertThat(Files.readAllBytes(dir.resolve("salary-model-4.2.0.jar"))).containsExactly(1, 2, 3);
        assertThat(dir.resolve("salary-model-4.2.0.json")).doesNotExist();
    }

    @Test
    void refusesALoneJarHoldingAnotherModel() throws Exception {
        Model other = Fits.fit(Fits.read(Csv.HIRING), "4.2.0", new FitSettings(Algorithm.RIDGE, 10, 10, 42));
        Path jar = dir.resolve("salary-model-4.2.0.jar");
        Files.write(jar, ModelJar.write(ModelFormat.write(other), other, "salary-model-4.2.0.json", TIME));
        byte[] before = Files.readAllBytes(jar);

        var e = catchThrowableOfType(PublishException.class, () -> ModelPublisher.publish(model, dir, false, TIME));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(jar + " already holds a different model for version 4.2.0");
        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
        assertThat(dir.resolve("salary-model-4.2.0.json")).doesNotExist();
    }

    @Test
    void aLoneJarOfTheSameModelGetsItsModelFileBack() throws Exception {
        Path jar = dir.resolve("salary-model-4.2.0.jar");
        Files.write(jar, ModelJar.write(ModelFormat.write(model), model, "salary-model-4.2.0.json", TIME));

        var published = ModelPublisher.publish(model, dir, false, TIME);

        assertThat(Files.readAllBytes(published.modelFile())).isEqualTo(ModelFormat.write(model));
        assertThat(ModelLoader.load(jar)).isEqualTo(model);
    }

    @Test
    void overwriteReplacesALoneJar() throws Exception {
        Files.write(dir.resolve("salary-model-4.2.0.jar"), new byte[] {1, 2, 3});

        var published = ModelPublisher.publish(model, dir, true, TIME);

        assertThat(published.replaced()).isTrue();
        assertThat(ModelLoader.load(published.jarFile())).isEqualTo(model);
    }

    @Test
    void anOutputFolderThatIsAFileFails() throws Exception {
        Path file = Files.writeString(dir.resolve("models"), "not a folder");

        var e = catchThrowableOfType(PublishException.class,
                () -> ModelPublisher.publish(model, file, false, TIME));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("cannot write the model to " + file);
    }

    @Test
    void suggestsTheNextVersion() {
        assertThat(ModelPublisher.nextVersion("1.0.0")).isEqualTo("1.0.1");
        assertThat(ModelPublisher.nextVersion("2.9")).isEqualTo("2.10");
        assertThat(ModelPublisher.nextVersion("1.0.0-rc9")).isEqualTo("1.0.0-rc10");
        assertThat(ModelPublisher.nextVersion("final")).isEqualTo("final.1");
    }

    @Test
    void jarEntryTimesAreTheTrainingTimeAndNeverPrecedeTheZipEpoch() {
        assertThat(ModelPublisher.entryTime(provenance("2026-11-27T09:00:00Z")))
                .isEqualTo(LocalDateTime.of(2026, 11, 27, 9, 0));
        assertThat(ModelPublisher.entryTime(provenance("2023-11-14T22:13:20Z")))
                .isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20));
        assertThat(ModelPublisher.entryTime(provenance("1970-01-01T00:00:00Z")))
                .isEqualTo(LocalDateTime.of(1980, 2, 1, 0, 0));
        assertThat(ModelPublisher.entryTime(provenance(null))).as("a model file written before trained_at was")
                .isEqualTo(LocalDateTime.of(1980, 2, 1, 0, 0));
    }

    private static Provenance provenance(String trainedAt) {
        return new Provenance(trainedAt, "1.0.0", "3.1.1", "17", null, Map.of());
    }
}
