package com.salaryml.training;

import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import com.salaryml.artifact.schema.Target;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a fit needs of the schema file: the features, each one's rule for a missing value (the value that fills
 * one in is computed from the training rows, so it is not part of the declared features yet), and the target with
 * the scale it is fitted on.
 *
 * @param features the features, in the order of the data's columns
 * @param rules    each feature's rule for a missing value, in the same order
 * @param target   what the model predicts
 */
record Declared(FeatureSchema features, List<Missing.Rule> rules, Target target) {

    Declared {
        Objects.requireNonNull(features, "features");
        rules = List.copyOf(rules);
        Objects.requireNonNull(target, "target");
        if (rules.size() != features.size()) {
            throw new IllegalArgumentException(features.size() + " features need " + features.size()
                    + " missing rules, were " + rules.size());
        }
    }

    /** What a schema file declares. */
    static Declared of(DataSchema schema) {
        return new Declared(schema.features(), schema.missing(), schema.target());
    }

    /** Features that refuse a missing value, as every schema of numbers only did. */
    static Declared refusing(FeatureSchema features, Target target) {
        return new Declared(features, Collections.nCopies(features.size(), Missing.Rule.REFUSE), target);
    }

    /** The columns a linear model sees: R's treatment coding of the features. */
    Design design() {
        return Design.of(features);
    }

    /** The scale the model is fitted on. */
    Target.Transform transform() {
        return target.transform();
    }
}
