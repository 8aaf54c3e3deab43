package com.salaryml.web.monitoring;

import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.format.ModelFormat;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.metadata.Distribution;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.web.Approvals;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.PredictionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the drift tests share: the shipped model's metadata, the same model trained on a sample of a population
 * (with the bins of each feature and of its predictions, the sum of the inputs), and requests drawn from it.
 */
final class DriftFixtures {

    /** How one instance's inputs are drawn: a value for each feature, in schema order. */
    @FunctionalInterface
    interface Population {
        double draw(String feature, Random random);
    }

    private DriftFixtures() {
    }

    /** The shipped model, without training distributions, as every model file written before them. */
    static ModelMetadata shipped() {
        try (InputStream in = DriftFixtures.class.getResourceAsStream("/models/salary-model-1.0.0.json")) {
            return ModelFormat.read(in.readAllBytes(), "salary-model-1.0.0.json").metadata();
        } catch (IOException | ModelLoadException e) {
            throw new IllegalStateException("the shipped model in the test resources does not load", e);
        }
    }

    /**
     * {@code base} as if trained on {@code rows} instances of {@code population}: each feature's statistics and
     * {@code bins} quantile bins, and the bins of its predictions.
     */
    static ModelMetadata trainedOn(ModelMetadata base, Population population, Random random, int rows, int bins) {
        List<String> features = base.schema().names();
        double[][] values = new double[features.size()][rows];
        double[] predicted = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < features.size(); f++) {
                values[f][i] = population.draw(features.get(f), random);
                predicted[i] += values[f][i];
            }
        }
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int f = 0; f < features.size(); f++) {
            double[] column = values[f];
            double mean = Arrays.stream(column).average().orElseThrow();
            double variance = Arrays.stream(column).map(v -> (v - mean) * (v - mean)).sum() / (rows - 1);
            stats.put(features.get(f), new FeatureStats(Arrays.stream(column).min().orElseThrow(),
                    Arrays.stream(column).max().orElseThrow(), mean, Math.sqrt(variance),
                    Distribution.of(column, bins)));
        }
        TrainingData data = base.trainingData();
        return base.toBuilder().version("2.0.0")
                .trainingData(new TrainingData(data.file(), data.sha256(), rows, stats,
                        Distribution.of(predicted, bins)))
                .build();
    }

    /** {@code rows} instances of {@code population}. */
    static List<Map<String, Double>> draw(ModelMetadata model, Population population, Random random, int rows) {
        var instances = new ArrayList<Map<String, Double>>(rows);
        for (int i = 0; i < rows; i++) {
            var instance = new LinkedHashMap<String, Double>();
            for (String feature : model.schema().names()) {
                instance.put(feature, population.draw(feature, random));
            }
            instances.add(instance);
        }
        return instances;
    }

    /** One request of these instances to {@code model}, each predicted as the sum of its inputs. */
    static PredictionEvent event(ModelMetadata model, List<Map<String, Double>> instances, String requestId) {
        var predictions = new ArrayList<Prediction>(instances.size());
        for (Map<String, Double> instance : instances) {
            double sum = instance.values().stream().mapToDouble(Double::doubleValue).sum();
            predictions.add(new Prediction(sum, null, "no interval", 0, List.of(), List.of(), model.name(),
                    model.version()));
        }
        return new PredictionEvent(Instant.EPOCH, "v1", requestId, model, Approvals.APPROVED, instances,
                predictions);
    }

    /** A model being served with this metadata; it is never asked to predict. */
    static ModelRegistry.Loaded served(ModelMetadata metadata) {
        Predictor predictor = new Predictor() {
            @Override
            public ModelMetadata metadata() {
                return metadata;
            }

            @Override
            public Prediction predict(Map<String, ?> features) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Predictions predictColumns(double[][] columns) {
                throw new UnsupportedOperationException();
            }
        };
        return new ModelRegistry.Loaded(predictor, "test", Approvals.APPROVED);
    }
}
