package com.salaryml.artifact.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.Jars;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.TestModels;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

    private static final byte[] MODEL_FILE = ModelFormat.write(TestModels.SALARY);
    private static final byte[] JAR = ModelJar.write(MODEL_FILE, TestModels.SALARY, "salary-model-1.0.0.json",
            LocalDateTime.of(2026, 11, 27, 0, 0));

    @TempDir
    Path dir;

    @Test
    void loadsAModelJar() throws Exception {
        Path jar = Files.write(dir.resolve("salary-model-1.0.0.jar"), JAR);

        Predictor predictor = ModelLoader.load(jar);

        assertThat(predictor).isEqualTo(TestModels.SALARY);
        assertThat(predictor.predict(TestModels.reference()).value()).isEqualTo(TestModels.REFERENCE_PREDICTION);
    }

    @Test
    void loadsAModelFile() throws Exception {
        Path json = Files.write(dir.resolve("salary-model-1.0.0.json"), MODEL_FILE);

        assertThat(ModelLoader.load(json)).isEqualTo(TestModels.SALARY);
    }

    @Test
    void tellsJarFromJsonByContentNotName() throws Exception {
        Path jarNamedJson = Files.write(dir.resolve("model.json"), JAR);
        Path jsonNamedJar = Files.write(dir.resolve("model.jar"), MODEL_FILE);
        Path noExtension = Files.write(dir.resolve("model"), JAR);

        assertThat(ModelLoader.load(jarNamedJson)).isEqualTo(TestModels.SALARY);
        assertThat(ModelLoader.load(jsonNamedJar)).isEqualTo(TestModels.SALARY);
        assertThat(ModelLoader.load(noExtension)).isEqualTo(TestModels.SALARY);
    }

    @Test
    void rejectsAJarWhoseModelWasAlteredAfterWriting() throws Exception {
        byte[] altered = new String(MODEL_FILE, UTF_8).replace("30000.5", "90000.5").getBytes(UTF_8);
        assertThat(altered).isNotEqualTo(MODEL_FILE);
        assertThat(ModelFormat.read(altered, "altered")).as("the altered file is itself valid").isNotNull();
        Path jar = Files.write(dir.resolve("altered.jar"), Jars.with(JAR, ModelJar.MODEL_ENTRY, altered));

        var e = failure(jar);

        assertThat(e.getMessage()).startsWith(jar + ": ").contains("digest mismatch")
                .contains(ModelJar.sha256(MODEL_FILE)).contains(ModelJar.sha256(altered));
    }

    @Test
    void rejectsAJarWithoutTheModelEntry() throws Exception {
        Path jar = Files.write(dir.resolve("empty.jar"), Jars.with(JAR, ModelJar.MODEL_ENTRY, null));

        assertThat(failure(jar).getMessage()).contains("is not a model JAR").contains("no " + ModelJar.MODEL_ENTRY);
    }

    @Test
    void rejectsAJarWithoutTheProperties() throws Exception {
        Path jar = Files.write(dir.resolve("bare.jar"), Jars.with(JAR, ModelJar.PROPERTIES_ENTRY, null));

        assertThat(failure(jar).getMessage()).contains("no " + ModelJar.PROPERTIES_ENTRY);
    }

    @Test
    void rejectsATruncatedJar() throws Exception {
        Path jar = Files.write(dir.resolve("cut.jar"), Arrays.copyOf(JAR, JAR.length / 2));

        assertThat(failure(jar).getMessage()).contains("is not a readable model JAR");
    }

    @Test
    void rejectsAnInvalidModelFileNamingThePath() throws Exception {
        Path json = Files.write(dir.resolve("broken.json"), "{\"format\": ".getBytes(UTF_8));

        var e = failure(json);

        assertThat(e.source()).isEqualTo(json.toString());
        assertThat(e.getMessage()).startsWith(json + ": ").contains("is not valid JSON");
    }

    @Test
    void rejectsAMissingFile() {
        Path missing = dir.resolve("nowhere.jar");

        var e = failure(missing);

        assertThat(e.getMessage()).isEqualTo(missing + ": no such file");
    }

    @Test
    void rejectsADirectory() {
        assertThat(failure(dir).getMessage()).startsWith(dir + ": ").contains("is a directory");
    }

    @Test
    void loadsFromTheClasspath() throws Exception {
        Path jar = Files.write(dir.resolve("salary-model-1.0.0.jar"), JAR);

        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Predictor predictor = ModelLoader.loadFromClasspath(loader);

            assertThat(predictor).isEqualTo(TestModels.SALARY);
        }
    }

    @Test
    void checksTheDigestOnTheClasspathToo() throws Exception {
        byte[] altered = new String(MODEL_FILE, UTF_8).replace("30000.5", "90000.5").getBytes(UTF_8);
        Path jar = Files.write(dir.resolve("altered.jar"), Jars.with(JAR, ModelJar.MODEL_ENTRY, altered));

        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            var e = catchThrowableOfType(ModelLoadException.class, () -> ModelLoader.loadFromClasspath(loader));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("digest mismatch");
        }
    }

    @Test
    void failsClearlyWhenNoModelIsOnTheClasspath() throws IOException {
        try (var loader = new URLClassLoader(new URL[0], null)) {
            var e = catchThrowableOfType(ModelLoadException.class, () -> ModelLoader.loadFromClasspath(loader));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).startsWith("classpath:" + ModelJar.MODEL_ENTRY + ": not found");
        }
    }

    private static ModelLoadException failure(Path path) {
        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelLoader.load(path));
        assertThat(e).as("loading %s should fail", path).isNotNull();
        return e;
    }
}
