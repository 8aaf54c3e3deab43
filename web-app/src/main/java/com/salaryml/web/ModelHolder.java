package com.salaryml.web;

import com.salaryml.artifact.Predictor;
import jakarta.servlet.ServletContext;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model the app serves, shared by every request. It is replaced as a whole, never changed in place,
 * so a request sees one model from start to end.
 */
public final class ModelHolder {

    static final String ATTRIBUTE = ModelHolder.class.getName();

    /** What is being served: a model and where it came from, or the reason there is none. */
    public record State(Predictor predictor, String source, String problem) {
    }

    private final AtomicReference<State> state =
            new AtomicReference<>(new State(null, null, "the model has not been loaded yet"));

    public static ModelHolder of(ServletContext context) {
        Object holder = context.getAttribute(ATTRIBUTE);
        if (holder instanceof ModelHolder modelHolder) {
            return modelHolder;
        }
        throw new IllegalStateException("the salary app's listener did not start; check web.xml");
    }

    void serve(Predictor predictor, String source) {
        state.set(new State(Objects.requireNonNull(predictor), source, null));
    }

    void fail(String problem) {
        state.set(new State(null, null, problem));
    }

    /** The model being served, if one is loaded. */
    public Optional<Predictor> current() {
        return Optional.ofNullable(state.get().predictor());
    }

    public State state() {
        return state.get();
    }
}
