package com.salaryml.web.monitoring;

import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the served model's recent inputs and predictions into its training bins, and compares the two with
 * the population stability index and a chi-square test: is today's traffic still like the data the model
 * learned from, by more than sampling noise at the window's size would explain ({@link DriftRule})?
 *
 * <p>The window holds the last {@link Limits#predictions()} predictions made within {@link Limits#age()},
 * whichever is fewer, and starts afresh whenever another model is served: a new model has its own training
 * bins, and the old model's traffic says nothing about them. Predictions by any other model (a V2 request that
 * names an older loaded version) are not counted.
 */
public final class DriftMonitor implements PredictionListener, ModelRegistry.Listener {

    /**
     * How much the window holds.
     *
     * @param predictions the most predictions it holds; older ones leave as new ones arrive
     * @param age         how long a prediction stays in it
     */
    public record Limits(int predictions, Duration age) {

        public Limits {
            if (predictions < 1) {
                throw new IllegalArgumentException("a window holds at least 1 prediction, was " + predictions);
            }
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("a window's age must be positive, was " + age);
            }
        }
    }

    private final Limits limits;
    private final DriftRule rule;
    private final Clock clock;
    /** The served model's window; null until a model is served. Replaced, never reset in place. */
    private final AtomicReference<Window> window = new AtomicReference<>();

    /**
     * @param limits    how much the window holds
     * @param rule      when a quantity counts as drifted
     * @param clock     the time of each prediction and of each report
     */
    public DriftMonitor(Limits limits, DriftRule rule, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Limits limits() {
        return limits;
    }

    public DriftRule rule() {
        return rule;
    }

    @Override
    public void serving(ModelRegistry.Loaded serving) {
        window.set(new Window(serving.predictor().metadata(), limits, clock.instant()));
    }

    @Override
    public void predicted(PredictionEvent event) {
        Window current = window.get();
        // Identity, not equality: the served model's metadata is one object, and comparing records field by
        // field on every request would cost more than the counting.
        if (current != null && current.model() == event.model()) {
            current.add(event, clock.millis());
        }
    }

    /** The drift of this model, if it is the one whose window is kept. */
    public Optional<DriftReport> report(ModelMetadata model) {
        Window current = window.get();
        if (current == null || current.model() != model) {
            return Optional.empty();
        }
        return Optional.of(current.report(clock.millis(), rule));
    }
}
