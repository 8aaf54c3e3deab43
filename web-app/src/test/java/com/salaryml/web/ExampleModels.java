package com.salaryml.web;

import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.format.ModelLoader;
import com.salaryml.artifact.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The models that model-training's build trains from data/examples/hiring-education.csv, whose schema file
 * declares a fourth input, education_years; the build copies them to target/example-models/ and names them in
 * system properties. They are what a data scientist hands over, so the tests serve them as they are.
 */
public final class ExampleModels {

    /** The four inputs, in the order the schema file declares them. */
    public static final java.util.List<String> INPUTS =
            java.util.List.of("experience", "test_score", "interview_score", "education_years");

    private ExampleModels() {
    }

    /** The model JAR of ordinary least squares on the four inputs, version 4.0.0. */
    public static Path linear() {
        return file("salary.example-model.linear");
    }

    /** The model JAR of gradient tree boosting (300 trees) on the four inputs, version 4.1.0. */
    public static Path gbm() {
        return file("salary.example-model.gbm");
    }

    /**
     * The model JAR of ordinary least squares on data/examples/academics.csv, version 1.0.0: two categories, gaps
     * filled in by the median, the mean and the most frequent level, and the log of the salary.
     */
    public static Path categorical() {
        return file("salary.example-model.categorical");
    }

    /** The model JAR that model-training-spark trains on Spark from data/hiring.csv, version 5.0.0. */
    public static Path spark() {
        return file("salary.spark-model");
    }

    public static Predictor load(Path file) {
        try {
            return ModelLoader.load(file);
        } catch (ModelLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path file(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the tests with"
                    + " mvn -pl web-app -am verify, which trains and copies the example models");
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist; run mvn -pl web-app -am verify, which trains"
                    + " it in model-training or model-training-spark and copies it here");
        }
        return path;
    }
}
