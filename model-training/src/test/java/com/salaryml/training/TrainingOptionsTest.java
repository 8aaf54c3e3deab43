package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

    private static final Path HOME = Path.of("/srv/salary");

    @Test
    void defaultsAreResolvedAgainstTheProjectHome() throws Exception {
        var options = TrainingOptions.parse(List.of(), HOME);

        assertThat(options.data()).isEqualTo(Path.of("/srv/salary/data/hiring.csv"));
        assertThat(options.out()).isEqualTo(Path.of("/srv/salary/models"));
        assertThat(options.version()).isEqualTo("1.0.0");
        assertThat(options.overwrite()).isFalse();
    }

    @Test
    void parsesEveryOption() throws Exception {
        var options = TrainingOptions.parse(
                List.of("--overwrite", "--version", "2.0.0+build.7", "--out", "a/../out", "--data", "d.csv"), HOME);

        assertThat(options.data()).isEqualTo(Path.of("d.csv"));
        assertThat(options.out()).isEqualTo(Path.of("out"));
        assertThat(options.version()).isEqualTo("2.0.0+build.7");
        assertThat(options.overwrite()).isTrue();
    }

    @Test
    void helpReturnsNoOptions() throws Exception {
        assertThat(TrainingOptions.parse(List.of("--version", "1", "--help"), HOME)).isNull();
        assertThat(TrainingOptions.parse(List.of("-h"), HOME)).isNull();
    }

    @Test
    void rejectsUnsafeOrMalformedVersions() {
        for (String version : List.of("../x", "a/b", ".hidden", "1 0", "x".repeat(65), "")) {
            assertThatThrownBy(() -> TrainingOptions.parse(List.of("--version", version), HOME))
                    .as(version)
                    .isInstanceOf(TrainingOptions.UsageException.class)
                    .hasMessageContaining("is not a valid version");
        }
    }

    @Test
    void rejectsAnOptionWithoutItsValue() {
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--version", "--overwrite"), HOME))
                .isInstanceOf(TrainingOptions.UsageException.class).hasMessage("--version needs a value");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--out"), HOME))
                .isInstanceOf(TrainingOptions.UsageException.class).hasMessage("--out needs a value");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--epochs", "3"), HOME))
                .isInstanceOf(TrainingOptions.UsageException.class).hasMessage("unknown option '--epochs'");
    }
}
