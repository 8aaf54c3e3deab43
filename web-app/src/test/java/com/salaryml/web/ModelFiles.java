package com.salaryml.web;

import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.schema.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Model files for tests: the shipped model's schema and statistics with a chosen version and an intercept
 * that tells versions apart, since a prediction for any input differs by exactly the intercept.
 */
public final class ModelFiles {

    private static final Model REFERENCE = load();

    private ModelFiles() {
    }

    /** The shipped model, re-versioned, with its intercept raised by {@code shift}. */
    public static Model model(String version, double shift) {
        var linear = (LinearModel) REFERENCE.kind();
        return new Model(REFERENCE.metadata().withVersion(version),
                new LinearModel(linear.intercept() + shift, linear.coefficients()), REFERENCE.interval());
    }

    /** The shipped model, predicting the same numbers under another model name, target name and unit. */
    public static Model withTarget(String model, String name, String unit) {
        var metadata = REFERENCE.metadata().toBuilder().name(model).target(new Target(name, unit)).build();
        return new Model(metadata, REFERENCE.kind(), REFERENCE.interval());
    }

    /** Publishes a model the safe way: written under a hidden temporary name, then renamed into place. */
    public static Path publish(Path directory, Model model) {
        Path target = directory.resolve("salary-model-" + model.metadata().version() + ".json");
        Path temporary = directory.resolve(".salary-model-" + model.metadata().version() + ".json.tmp");
        try {
            Files.write(temporary, ModelFormat.write(model));
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Model load() {
        try (InputStream in = ModelFiles.class.getResourceAsStream("/models/salary-model-1.0.0.json")) {
            return ModelFormat.read(in.readAllBytes(), "salary-model-1.0.0.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ModelLoadException e) {
            throw new IllegalStateException(e);
        }
    }
}
