package com.salaryml.artifact.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salaryml.artifact.TestModels;
import com.salaryml.artifact.kind.ModelKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

    private static final ModelMetadata REFERENCE = TestModels.REFERENCE.metadata();

    @Test
    void withVersionChangesTheVersionAndNothingElse() {
        ModelMetadata copy = REFERENCE.withVersion("2.0.0-rc.1");
        assertThat(copy.version()).isEqualTo("2.0.0-rc.1");
        assertThat(copy).usingRecursiveComparison().ignoringFields("version").isEqualTo(REFERENCE);
        assertThat(copy).isNotEqualTo(REFERENCE);
        assertThat(REFERENCE.version()).isEqualTo("1.0.0");
    }

    @Test
    void withVersionChecksTheVersionLikeTheConstructor() {
        assertThatThrownBy(() -> REFERENCE.withVersion("../1.0.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be");
    }

    @Test
    void withProvenanceChangesTheProvenanceAndNothingElse() {
        var other = new Provenance("2027-01-02T03:04:05Z", "1.1.0", "3.1.1", "21.0.5", null, Map.of("seed", "7"));
        ModelMetadata copy = REFERENCE.withProvenance(other);
        assertThat(copy.provenance()).isSameAs(other);
        assertThat(copy).usingRecursiveComparison().ignoringFields("provenance").isEqualTo(REFERENCE);
        assertThat(copy).isNotEqualTo(REFERENCE);
        assertThatThrownBy(() -> REFERENCE.withProvenance(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toBuilderRebuildsAnEqualRecord() {
        assertThat(REFERENCE.toBuilder().build()).isEqualTo(REFERENCE).isNotSameAs(REFERENCE);
    }

    @Test
    void aBuilderMissingARequiredFieldNamesIt() {
        assertThatThrownBy(() -> REFERENCE.toBuilder().schema(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("schema");
        assertThatThrownBy(() -> ModelMetadata.builder().name("salary").version("1.0.0").build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("algorithm");
    }

    @Test
    void everyAlgorithmIsNamedOnceWithItsKindAndNames() {
        assertThat(ModelMetadata.ALGORITHMS).containsExactly("ols", "ridge", "lasso", "gbm", "random-forest");
        assertThat(Algorithm.of("ridge").displayName()).isEqualTo("Linear regression (ridge)");
        assertThat(Algorithm.of("random-forest").kind()).isEqualTo(ModelKind.TREE_ENSEMBLE);
        assertThat(ModelMetadata.kindOf("lasso")).isEqualTo(ModelKind.LINEAR);
        assertThatThrownBy(() -> Algorithm.of("svm"))
                .hasMessage("algorithm must be one of [ols, ridge, lasso, gbm, random-forest], was \"svm\"");
    }
}
