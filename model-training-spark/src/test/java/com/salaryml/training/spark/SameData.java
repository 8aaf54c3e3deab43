package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.TrainingData;

/** What the Spark and the Smile trainers must agree on about the data they fitted: to the bit, or to 1e-9. */
final class SameData {

    private SameData() {
    }

    /**
     * The file, its digest and rows, and each feature's range and bins the same; each feature's mean and standard
     * deviation within 1e-9, relative.
     */
    static void assertSameTrainingData(TrainingData ours, TrainingData theirs) {
        assertThat(ours.file()).isEqualTo(theirs.file());
        assertThat(ours.sha256()).isEqualTo(theirs.sha256());
        assertThat(ours.rows()).isEqualTo(theirs.rows());
        for (String name : theirs.featureStats().keySet()) {
            FeatureStats a = ours.featureStats().get(name);
            FeatureStats b = theirs.featureStats().get(name);
            assertThat(a.min()).isEqualTo(b.min());
            assertThat(a.max()).isEqualTo(b.max());
            close(name + " mean", a.mean(), b.mean());
            close(name + " std", a.std(), b.std());
            assertThat(a.distribution()).as(name + " bins").isEqualTo(b.distribution());
        }
    }

    /** Within 1e-9 of the expected value, relative, or absolute below 1. */
    static void close(String what, double actual, double expected) {
        assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }
}
