package com.salaryml.artifact.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salaryml.artifact.Jars;
import com.salaryml.artifact.TestModels;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Properties;
import java.util.TimeZone;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelJarTest {

    private static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 27, 0, 0);
    private static final byte[] MODEL_FILE = ModelFormat.write(TestModels.SALARY);

    @TempDir
    Path dir;

    @Test
    void holdsTheModelFileByteForByteAndItsDigest() throws IOException {
        var entries = Jars.entries(jar());

        assertThat(entries.keySet()).containsExactly("META-INF/", "META-INF/MANIFEST.MF", "salaryml/",
                ModelJar.MODEL_ENTRY, ModelJar.PROPERTIES_ENTRY);
        assertThat(entries.get(ModelJar.MODEL_ENTRY)).isEqualTo(MODEL_FILE);

        var properties = new Properties();
        properties.load(new StringReader(new String(entries.get(ModelJar.PROPERTIES_ENTRY), ISO_8859_1)));
        assertThat(properties).containsEntry("name", "salary").containsEntry("version", "1.0.0")
                .containsEntry("format", "salaryml-model").containsEntry("format_version", "2")
                .containsEntry("file", "salary-model-1.0.0.json")
                .containsEntry("sha256", ModelJar.sha256(MODEL_FILE));
    }

    @Test
    void hasAManifestNamingTheModelAndNoClasses() throws IOException {
        Path path = Files.write(dir.resolve("m.jar"), jar());

        try (var jar = new JarFile(path.toFile())) {
            var attributes = jar.getManifest().getMainAttributes();
            assertThat(attributes.getValue("Salary-Model-Name")).isEqualTo("salary");
            assertThat(attributes.getValue("Salary-Model-Version")).isEqualTo("1.0.0");
            assertThat(attributes.getValue("Salary-Model-Entry")).isEqualTo(ModelJar.MODEL_ENTRY);
            assertThat(jar.stream()).noneMatch(entry -> entry.getName().endsWith(".class"));
        }
    }

    @Test
    void stampsEveryEntryWithTheGivenTime() throws IOException {
        Path path = Files.write(dir.resolve("m.jar"), jar());

        try (var zip = new ZipFile(path.toFile())) {
            assertThat(zip.stream()).allSatisfy(entry -> assertThat(entry.getTimeLocal()).isEqualTo(TIME));
        }
    }

    @Test
    void writesTheSameBytesForTheSameInput() {
        byte[] first = jar();
        byte[] second = ModelJar.write(ModelFormat.write(TestModels.SALARY),
                TestModels.model("1.0.0", 30000.5, 2000.25, 1000.125, 1500.0625), "salary-model-1.0.0.json",
                LocalDateTime.of(2026, 11, 27, 0, 0));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void writesTheSameBytesInEveryTimeZone() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            byte[] utc = jar();
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            byte[] kiritimati = jar();

            assertThat(kiritimati).isEqualTo(utc);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void differentTimesGiveDifferentBytes() {
        assertThat(ModelJar.write(MODEL_FILE, TestModels.SALARY, "salary-model-1.0.0.json", TIME.plusDays(1)))
                .isNotEqualTo(jar());
    }

    @Test
    void readsBackTheModel() throws Exception {
        Path path = Files.write(dir.resolve("salary-model-1.0.0.jar"), jar());

        assertThat(ModelJar.read(path)).isEqualTo(TestModels.SALARY);
    }

    @Test
    void rejectsPropertiesThatNameAnotherVersion() throws Exception {
        String properties = new String(Jars.entries(jar()).get(ModelJar.PROPERTIES_ENTRY), ISO_8859_1)
                .replace("version=1.0.0", "version=2.0.0");
        Path path = Files.write(dir.resolve("m.jar"),
                Jars.with(jar(), ModelJar.PROPERTIES_ENTRY, properties.getBytes(ISO_8859_1)));

        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelJar.read(path));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("says version is 2.0.0 but the model file says 1.0.0");
    }

    @Test
    void rejectsPropertiesWithoutADigest() throws Exception {
        Path path = Files.write(dir.resolve("m.jar"),
                Jars.with(jar(), ModelJar.PROPERTIES_ENTRY, "name=salary\nversion=1.0.0\n".getBytes(ISO_8859_1)));

        var e = catchThrowableOfType(ModelLoadException.class, () -> ModelJar.read(path));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("has no sha256");
    }

    @Test
    void sha256IsLowerCaseHex() {
        assertThat(ModelJar.sha256("abc".getBytes(UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static byte[] jar() {
        return ModelJar.write(MODEL_FILE, TestModels.SALARY, "salary-model-1.0.0.json", TIME);
    }
}
