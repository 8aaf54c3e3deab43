package com.salaryml.web.serving;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hears about every prediction the app makes. Called on the request thread after the predictions are made
 * and before the response is written, so an implementation must return at once and never block.
 */
@FunctionalInterface
public interface PredictionListener {

    void predicted(PredictionEvent event);

    /** The listeners of one app, in a context attribute; the API servlets publish to them. */
    final class Registry implements PredictionListener {

        private final List<PredictionListener> listeners = new CopyOnWriteArrayList<>();

        public void add(PredictionListener listener) {
            listeners.add(listener);
        }

        @Override
        public void predicted(PredictionEvent event) {
            for (PredictionListener listener : listeners) {
                listener.predicted(event);
            }
        }
    }
}
